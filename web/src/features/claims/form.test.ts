import { describe, expect, it } from 'vitest';
import { accountDigits, fenOf, fieldPathOf, itemTotals, linesFor, toApplication, type ApplyValues } from './form';

const payee = { name: ' 张三 ', bankName: '中国银行三门峡分行', bankAccount: '6222 0000 1111 2222' };

describe('yuan as typed to fen', () => {
  it('moves the point on the digits, with separators, never through a float', () => {
    expect(fenOf('150000')).toBe(15_000_000);
    expect(fenOf('1,234.56')).toBe(123_456);
    expect(fenOf(' 0.29 ')).toBe(29); // 0.29 × 100 is 28.999… in floats
    expect(fenOf('19.99')).toBe(1999);
    expect(fenOf('1.005')).toBeUndefined();
    expect(fenOf('-3')).toBeUndefined();
    expect(fenOf('abc')).toBeUndefined();
  });

  it('takes zero only where it may be nothing (labour), and nothing past the contract’s bound', () => {
    expect(fenOf('0')).toBeUndefined();
    expect(fenOf('0', true)).toBe(0);
    expect(fenOf('9000000000')).toBe(900_000_000_000);
    expect(fenOf('9000000000.01')).toBeUndefined();
  });

  it('reads bank accounts as digits', () => {
    expect(accountDigits('6222 0000-1111 2222')).toBe('6222000011112222');
  });
});

describe('the form as an application', () => {
  it('sends a scrapped car’s facts with the price in integer fen and no displacement for a new-energy car', () => {
    const values: ApplyValues = {
      unitId: 'hubin',
      oldCar: { ownerName: ' 张三 ', vin: 'lsvab12c3d4567890', registeredOn: '2012-05-01', plate: ' ' },
      newCar: {
        vin: 'LFV2A21K9N3000001',
        kind: 'nev',
        displacementMl: 1500,
        invoiceNumber: ' 04100012 ',
        invoiceDate: '2025-06-01',
        priceYuan: '159,800.00',
        registeredOn: '2025-06-10',
      },
      payee,
    };
    expect(toApplication('car_scrap', values)).toEqual({
      ok: true,
      application: {
        line: 'car_scrap',
        unitId: 'hubin',
        oldCar: { ownerName: '张三', vin: 'LSVAB12C3D4567890', registeredOn: '2012-05-01' },
        newCar: {
          vin: 'LFV2A21K9N3000001',
          kind: 'nev',
          invoiceNumber: '04100012',
          invoiceDate: '2025-06-01',
          priceFen: 15_980_000,
          registeredOn: '2025-06-10',
        },
        payee: { name: '张三', bankName: '中国银行三门峡分行', bankAccount: '6222000011112222' },
      },
    });
  });

  it('needs a fuel car’s displacement and a price it can read', () => {
    const newCar = {
      vin: 'LFV2A21K9N3000001',
      kind: 'fuel' as const,
      invoiceNumber: '1',
      invoiceDate: '2025-06-01',
      priceYuan: '100000',
      registeredOn: '2025-06-10',
    };
    const oldCar = { ownerName: '张三', vin: 'LSVAB12C3D4567890', registeredOn: '2012-05-01' };
    expect(toApplication('car_replace', { unitId: 'u', oldCar, newCar })).toEqual({
      ok: false,
      field: ['newCar', 'displacementMl'],
    });
    const fuel = toApplication('car_replace', { unitId: 'u', oldCar, newCar: { ...newCar, displacementMl: 1998 } });
    expect(fuel.ok && fuel.application.newCar?.displacementMl).toBe(1998);
    expect(
      toApplication('car_replace', {
        unitId: 'u',
        oldCar,
        newCar: { ...newCar, displacementMl: 1998, priceYuan: '1.234' },
      }),
    ).toEqual({ ok: false, field: ['newCar', 'priceYuan'] });
  });

  it('keeps labour apart in an adaptation (empty labour is zero) and sends only that line’s facts', () => {
    const values: ApplyValues = {
      unitId: 'hubin',
      dwelling: { address: ' 湖滨区 1 号 ', residentName: '李四', residentBirthDate: '1950-01-01' },
      purchaseDate: '2025-07-01',
      items: [
        { name: '扶手', productCostYuan: '800.50', labourCostYuan: '200' },
        { name: '防滑地板', productCostYuan: '0.1', labourCostYuan: '' },
      ],
      oldCar: { ownerName: 'x', vin: 'LSVAB12C3D4567890', registeredOn: '2012-05-01' },
      payee,
    };
    const result = toApplication('elderly_adaptation', values);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.application.items).toEqual([
      { name: '扶手', productCostFen: 80_050, labourCostFen: 20_000 },
      { name: '防滑地板', productCostFen: 10, labourCostFen: 0 },
    ]);
    expect(result.application.oldCar).toBeUndefined();
    expect(result.application.dwelling?.address).toBe('湖滨区 1 号');
    expect(itemTotals(values.items)).toEqual({ productFen: 80_060, labourFen: 20_000 });
  });

  it('names the item whose cost it cannot read', () => {
    const values: ApplyValues = {
      unitId: 'hubin',
      dwelling: { address: 'a', residentName: 'b', residentBirthDate: '1950-01-01' },
      purchaseDate: '2025-07-01',
      items: [
        { name: 'a', productCostYuan: '1' },
        { name: 'b', productCostYuan: '1', labourCostYuan: 'x' },
      ],
    };
    expect(toApplication('elderly_adaptation', values)).toEqual({ ok: false, field: ['items', 1, 'labourCostYuan'] });
  });

  it('sends a first launch with its company, event and costs in fen', () => {
    const result = toApplication('first_launch', {
      unitId: 'hubin',
      merchantId: 'demo-merchant',
      event: { name: ' 新品首发 ', date: '2025-08-08', venue: ' 万达广场 ' },
      costs: [{ item: '场地租赁', amountYuan: '30000' }],
      payee,
    });
    expect(result).toMatchObject({
      ok: true,
      application: {
        line: 'first_launch',
        merchantId: 'demo-merchant',
        event: { name: '新品首发', date: '2025-08-08', venue: '万达广场' },
        costs: [{ item: '场地租赁', amountFen: 3_000_000 }],
      },
    });
  });
});

describe('server fields on the form', () => {
  it('maps the wire’s fields (fen) to the form’s (yuan), and leaves the others', () => {
    expect(fieldPathOf('newCar.vin')).toEqual(['newCar', 'vin']);
    expect(fieldPathOf('newCar.priceFen')).toEqual(['newCar', 'priceYuan']);
    expect(fieldPathOf('items[1].productCostFen')).toEqual(['items', 1, 'productCostYuan']);
    expect(fieldPathOf('/body/payee/name')).toEqual(['payee', 'name']);
    expect(fieldPathOf('line')).toBeUndefined();
    expect(fieldPathOf('invoice,photo')).toBeUndefined();
    expect(fieldPathOf(undefined)).toBeUndefined();
  });
});

describe('the lines a caller may apply for', () => {
  it('gives citizens the car and adaptation lines and merchant owners first launch', () => {
    expect(linesFor(['citizen'])).toEqual(['car_scrap', 'car_replace', 'elderly_adaptation']);
    expect(linesFor(['merchant_owner'])).toEqual(['first_launch']);
    expect(linesFor(['department_officer'])).toEqual([]);
  });
});
