import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { payoutXlsx, type PayoutDetail, type PayoutRow } from './payout-files.js';

const PAYEE: PayoutRow = {
  reference: 'JS-HUBIN-20250615-ABCD',
  payeeName: '演示家电卖场（湖滨店） & <分店>',
  creditCode: '91411200MA0000000X',
  bankName: '中国工商银行三门峡分行',
  bankAccount: '622202000000000099',
  amountFen: 12_345_678,
  unitId: 'hubin',
  period: '2025-06-01/2025-06-15',
};

async function read(buffer: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  return workbook;
}

describe('the payout workbook', () => {
  it('reads back with exceljs: both sheets, the values with their types, formats, widths and the bold header', async () => {
    const details: PayoutDetail[] = [
      { reference: PAYEE.reference, item: 'r-1', kind: '以旧换新补贴', description: 'r-1', amountFen: 79_980 },
      { reference: PAYEE.reference, item: 'c-1', kind: '退货扣回', description: 'r-0\u0001"x"', amountFen: -5_005 },
    ];
    const workbook = await read(await payoutXlsx([PAYEE], details));
    expect(workbook.creator).toBe('huimin');
    const payees = workbook.getWorksheet('付款清单');
    const lines = workbook.getWorksheet('明细');
    expect(payees?.getRow(1).values).toEqual([
      undefined,
      '序号',
      '批次号',
      '收款单位',
      '统一社会信用代码',
      '开户银行',
      '银行账号',
      '金额（分）',
      '金额（元）',
      '县区',
      '清算期间',
    ]);
    expect(payees?.getRow(1).getCell(1).font?.bold).toBe(true);
    expect(payees?.getRow(2).values).toEqual([
      undefined,
      1,
      PAYEE.reference,
      PAYEE.payeeName,
      PAYEE.creditCode,
      PAYEE.bankName,
      '622202000000000099',
      12_345_678,
      123_456.78,
      'hubin',
      '2025-06-01/2025-06-15',
    ]);
    expect(payees?.getRow(2).getCell(6).numFmt).toBe('@');
    expect(payees?.getRow(2).getCell(8).numFmt).toBe('0.00');
    expect(payees?.getColumn(3).width).toBe(18);
    expect(lines?.getRow(1).values).toEqual([
      undefined,
      '批次号',
      '核销编号',
      '类型',
      '说明',
      '金额（分）',
      '金额（元）',
    ]);
    expect(lines?.getRow(2).values).toEqual([undefined, PAYEE.reference, 'r-1', '以旧换新补贴', 'r-1', 79_980, 799.8]);
    // A control character XML cannot carry is dropped; quotes survive.
    expect(lines?.getRow(3).values).toEqual([undefined, PAYEE.reference, 'c-1', '退货扣回', 'r-0"x"', -5_005, -50.05]);
    expect(lines?.getRow(3).getCell(6).numFmt).toBe('0.00');
    expect(lines?.rowCount).toBe(3);
  });

  it('writes 100,000 lines quickly and completely', async () => {
    const details: PayoutDetail[] = Array.from({ length: 100_000 }, (_, index) => ({
      reference: PAYEE.reference,
      item: `r-${index}`,
      kind: '以旧换新补贴',
      description: `r-${index}`,
      amountFen: 10_000 + index,
    }));
    const started = performance.now();
    const buffer = await payoutXlsx([PAYEE], details);
    const elapsed = performance.now() - started;
    expect(elapsed).toBeLessThan(5_000);
    const lines = (await read(buffer)).getWorksheet('明细');
    expect(lines?.rowCount).toBe(100_001);
    expect(lines?.getRow(100_001).values).toEqual([
      undefined,
      PAYEE.reference,
      'r-99999',
      '以旧换新补贴',
      'r-99999',
      109_999,
      1_099.99,
    ]);
  }, 60_000);
});
