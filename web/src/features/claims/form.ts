/**
 * The application form and the wire (issue 12): what the person types, money in yuan, becomes a
 * `ClaimApplication` with integer fen, converted on the digits (lib/money), never by multiplying a
 * float. Only the facts of the chosen line are sent (the server refuses the others). Pure.
 */
import type { ClaimApplication, ClaimLine, PayeeInput } from '../../../../src/contract/claims';
import { parseYuan, yuanToFen } from '../../lib/money';

type Facts<K extends keyof ClaimApplication> = NonNullable<ClaimApplication[K]>;

/** The contract's bound on an amount (integer fen). */
const MAX_FEN = 900_000_000_000;

/** The new car as the form holds it: the price in yuan as typed. */
export type NewCarValues = Omit<Facts<'newCar'>, 'priceFen' | 'displacementMl'> & {
  priceYuan: string;
  displacementMl?: number | null;
};
/** An adaptation item as typed: the product's and the labour's cost in yuan (labour may be left empty). */
export type ItemValues = { name: string; productCostYuan: string; labourCostYuan?: string };
/** A first-launch cost as typed. */
export type CostValues = { item: string; amountYuan: string };

/** Everything the form holds; the sections of other lines stay undefined. */
export interface ApplyValues {
  unitId: string;
  oldCar?: Facts<'oldCar'>;
  newCar?: NewCarValues;
  dwelling?: Facts<'dwelling'>;
  purchaseDate?: string;
  items?: ItemValues[];
  merchantId?: string;
  event?: Facts<'event'>;
  costs?: CostValues[];
  payee?: PayeeInput;
}

/** A form field's path, as antd names it. */
export type FieldPath = (string | number)[];

export type Conversion = { ok: true; application: ClaimApplication } | { ok: false; field: FieldPath };

/**
 * Yuan as typed to integer fen: separators and spaces allowed, at most two decimals, within the
 * contract's bound; `allowZero` for costs that may be nothing (labour). Anything else → undefined.
 */
export function fenOf(text: string | null | undefined, allowZero = false): number | undefined {
  if (text === null || text === undefined) return undefined;
  const cleaned = text.replace(/[\s,，]/g, '');
  const fen = allowZero ? yuanToFen(cleaned) : parseYuan(cleaned);
  return fen !== undefined && fen <= MAX_FEN ? fen : undefined;
}

/** A bank account as typed ("6222 0000 1111 2222") to its digits. */
export function accountDigits(text: string): string {
  return text.replace(/[\s-]/g, '');
}

/** A VIN as typed: trimmed, upper case (the contract takes A–H, J–N, P, R–Z and digits). */
export function normaliseVin(text: string): string {
  return text.replace(/\s/g, '').toUpperCase();
}

export const VIN_PATTERN = /^[A-HJ-NPR-Z0-9]{17}$/;

class Refused extends Error {
  constructor(readonly field: FieldPath) {
    super(field.join('.'));
  }
}

function need<T>(value: T | undefined, field: FieldPath): T {
  if (value === undefined) throw new Refused(field);
  return value;
}

function carFacts(v: ApplyValues): Pick<ClaimApplication, 'oldCar' | 'newCar'> {
  const oldCar = need(v.oldCar, ['oldCar']);
  const newCar = need(v.newCar, ['newCar']);
  const plate = oldCar.plate?.trim();
  const displacement = newCar.displacementMl ?? undefined;
  if (newCar.kind === 'fuel' && (displacement === undefined || !Number.isInteger(displacement) || displacement < 1)) {
    throw new Refused(['newCar', 'displacementMl']);
  }
  return {
    oldCar: {
      ownerName: oldCar.ownerName.trim(),
      vin: normaliseVin(oldCar.vin),
      registeredOn: oldCar.registeredOn,
      ...(plate ? { plate: plate.toUpperCase() } : {}),
    },
    newCar: {
      vin: normaliseVin(newCar.vin),
      kind: newCar.kind,
      ...(newCar.kind === 'fuel' && displacement !== undefined ? { displacementMl: displacement } : {}),
      invoiceNumber: newCar.invoiceNumber.trim(),
      invoiceDate: newCar.invoiceDate,
      priceFen: need(fenOf(newCar.priceYuan), ['newCar', 'priceYuan']),
      registeredOn: newCar.registeredOn,
    },
  };
}

function adaptationFacts(v: ApplyValues): Pick<ClaimApplication, 'dwelling' | 'purchaseDate' | 'items'> {
  const dwelling = need(v.dwelling, ['dwelling']);
  const items = need(v.items, ['items']);
  if (items.length === 0) throw new Refused(['items']);
  return {
    dwelling: {
      address: dwelling.address.trim(),
      residentName: dwelling.residentName.trim(),
      residentBirthDate: dwelling.residentBirthDate,
    },
    purchaseDate: need(v.purchaseDate, ['purchaseDate']),
    items: items.map((item, index) => ({
      name: item.name.trim(),
      productCostFen: need(fenOf(item.productCostYuan, true), ['items', index, 'productCostYuan']),
      labourCostFen: item.labourCostYuan?.trim()
        ? need(fenOf(item.labourCostYuan, true), ['items', index, 'labourCostYuan'])
        : 0,
    })),
  };
}

function launchFacts(v: ApplyValues): Pick<ClaimApplication, 'merchantId' | 'event' | 'costs'> {
  const event = need(v.event, ['event']);
  const costs = need(v.costs, ['costs']);
  if (costs.length === 0) throw new Refused(['costs']);
  return {
    merchantId: need(v.merchantId, ['merchantId']),
    event: { name: event.name.trim(), date: event.date, venue: event.venue.trim() },
    costs: costs.map((cost, index) => ({
      item: cost.item.trim(),
      amountFen: need(fenOf(cost.amountYuan), ['costs', index, 'amountYuan']),
    })),
  };
}

/** The application of `line` from the form's values, or the first field that cannot be sent. */
export function toApplication(line: ClaimLine, v: ApplyValues): Conversion {
  try {
    const facts =
      line === 'car_scrap' || line === 'car_replace'
        ? carFacts(v)
        : line === 'elderly_adaptation'
          ? adaptationFacts(v)
          : launchFacts(v);
    const payee = v.payee;
    return {
      ok: true,
      application: {
        line,
        unitId: v.unitId,
        ...facts,
        ...(payee
          ? {
              payee: {
                name: payee.name.trim(),
                bankName: payee.bankName.trim(),
                bankAccount: accountDigits(payee.bankAccount),
              },
            }
          : {}),
      },
    };
  } catch (error) {
    if (error instanceof Refused) return { ok: false, field: error.field };
    throw error;
  }
}

/** What an adaptation's items add up to: the products (the subsidy's base) and the labour (never subsidised). */
export function itemTotals(items: readonly (Partial<ItemValues> | undefined)[] | undefined): {
  productFen: number;
  labourFen: number;
} {
  let productFen = 0;
  let labourFen = 0;
  for (const item of items ?? []) {
    productFen += fenOf(item?.productCostYuan, true) ?? 0;
    labourFen += fenOf(item?.labourCostYuan, true) ?? 0;
  }
  return { productFen, labourFen };
}

/** Wire fields in fen and the form fields in yuan that hold them. */
const YUAN_FIELDS: Readonly<Record<string, string>> = {
  priceFen: 'priceYuan',
  productCostFen: 'productCostYuan',
  labourCostFen: 'labourCostYuan',
  amountFen: 'amountYuan',
};

/**
 * The form field a server's `field` names ("newCar.vin", "items[0].productCostFen", "/body/payee/name"),
 * or undefined when it names none of the form's ("line", "id", a list of evidence kinds).
 */
export function fieldPathOf(field: string | undefined): FieldPath | undefined {
  if (!field) return undefined;
  const parts = field
    .split(/[./[\]]+/)
    .filter((part) => part !== '' && part !== 'body')
    .map((part) => (/^\d+$/.test(part) ? Number(part) : (YUAN_FIELDS[part] ?? part)));
  const head = parts[0];
  const known = [
    'unitId',
    'oldCar',
    'newCar',
    'dwelling',
    'purchaseDate',
    'items',
    'merchantId',
    'event',
    'costs',
    'payee',
  ];
  return typeof head === 'string' && known.includes(head) ? parts : undefined;
}

/** The lines a caller may apply for: citizens the car and home-adaptation lines, merchant owners first launch. */
export function linesFor(roles: readonly string[]): ClaimLine[] {
  return [
    ...(roles.includes('citizen') ? (['car_scrap', 'car_replace', 'elderly_adaptation'] as const) : []),
    ...(roles.includes('merchant_owner') ? (['first_launch'] as const) : []),
  ];
}
