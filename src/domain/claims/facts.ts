/**
 * A claim's facts, line by line (issue 12 §1): what each line needs, how the facts become the subsidy
 * engine's input, and how they are shown (personal data masked). Labour is never subsidised: an
 * elderly adaptation's base is the products' cost only. Pure.
 */
import type { ClaimApplication } from '../../contract/claims.js';
import type { QuoteInput } from '../subsidy/schema.js';
import { yuan } from '../subsidy/money.js';
import type { ClaimLine } from './vocabulary.js';

export interface FactProblem {
  readonly field: string;
  readonly message: string;
}

const SECTIONS: Readonly<Record<ClaimLine, readonly (keyof ClaimApplication)[]>> = {
  car_scrap: ['oldCar', 'newCar'],
  car_replace: ['oldCar', 'newCar'],
  elderly_adaptation: ['dwelling', 'items', 'purchaseDate'],
  first_launch: ['merchantId', 'event', 'costs'],
};
const ALL_SECTIONS = ['oldCar', 'newCar', 'dwelling', 'items', 'purchaseDate', 'merchantId', 'event', 'costs'] as const;

function realDate(value: string): boolean {
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/** Field-named problems with the facts for their line; empty when the application can be priced. */
export function factProblems(application: ClaimApplication, today: string): FactProblem[] {
  const problems: FactProblem[] = [];
  const needed = SECTIONS[application.line];
  for (const section of needed) {
    if (application[section] === undefined)
      problems.push({ field: section, message: `${application.line} needs ${section}` });
  }
  for (const section of ALL_SECTIONS) {
    if (!needed.includes(section) && application[section] !== undefined) {
      problems.push({ field: section, message: `${section} is not a fact of ${application.line}` });
    }
  }
  const dates: [string, string | undefined][] = [
    ['oldCar.registeredOn', application.oldCar?.registeredOn],
    ['newCar.invoiceDate', application.newCar?.invoiceDate],
    ['newCar.registeredOn', application.newCar?.registeredOn],
    ['dwelling.residentBirthDate', application.dwelling?.residentBirthDate],
    ['purchaseDate', application.purchaseDate],
    ['event.date', application.event?.date],
  ];
  for (const [field, value] of dates) {
    if (value === undefined) continue;
    if (!realDate(value)) problems.push({ field, message: `${value} is not a calendar date` });
    else if (value > today) problems.push({ field, message: `${value} is in the future` });
  }
  const { oldCar, newCar } = application;
  if (oldCar !== undefined && newCar !== undefined) {
    if (oldCar.vin === newCar.vin)
      problems.push({ field: 'newCar.vin', message: 'the new car’s VIN is the old car’s' });
    if (newCar.registeredOn < newCar.invoiceDate) {
      problems.push({ field: 'newCar.registeredOn', message: 'the new car was registered before it was invoiced' });
    }
    if (newCar.kind === 'fuel' && newCar.displacementMl === undefined) {
      problems.push({ field: 'newCar.displacementMl', message: 'a fuel car needs its displacement' });
    }
  }
  return problems;
}

/** Opaque keys of the claim's holders (keyed hashes or ids, never raw personal data). */
export interface ClaimHolders {
  readonly applicantId: string;
  readonly newCarId?: string;
  readonly dwellingId?: string;
  readonly entityId?: string;
}

/** Whole years of age on `date` of someone born on `birthDate` (both YYYY-MM-DD). */
export function ageOn(birthDate: string, date: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

export function sumFen(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

/** The subsidy engine's input for the claim. */
export function quoteInputOf(application: ClaimApplication, holders: ClaimHolders): QuoteInput {
  const { line } = application;
  if (line === 'car_scrap' || line === 'car_replace') {
    const { oldCar, newCar } = application;
    return {
      line,
      newCar: newCar?.kind ?? 'nev',
      finalPriceFen: newCar?.priceFen ?? 0,
      purchaseDate: newCar?.invoiceDate ?? '',
      oldCarRegisteredOn: oldCar?.registeredOn ?? '',
      ...(newCar?.displacementMl === undefined ? {} : { displacementMl: newCar.displacementMl }),
      applicantKind: 'natural_person',
      applicantId: holders.applicantId,
      ...(holders.newCarId === undefined ? {} : { newCarId: holders.newCarId }),
    };
  }
  if (line === 'elderly_adaptation') {
    const items = application.items ?? [];
    const purchaseDate = application.purchaseDate ?? '';
    return {
      line,
      productCostFen: sumFen(items.map((item) => item.productCostFen)),
      labourCostFen: sumFen(items.map((item) => item.labourCostFen)),
      purchaseDate,
      applicantAgeYears: ageOn(application.dwelling?.residentBirthDate ?? purchaseDate, purchaseDate),
      applicantId: holders.applicantId,
      ...(holders.dwellingId === undefined ? {} : { dwellingId: holders.dwellingId }),
    };
  }
  return {
    line,
    eligibleCostFen: sumFen((application.costs ?? []).map((cost) => cost.amountFen)),
    eventDate: application.event?.date ?? '',
    applicantKind: 'legal_person',
    applicantId: holders.applicantId,
    ...(holders.entityId === undefined ? {} : { entityId: holders.entityId }),
  };
}

/** A name shown masked: the first character kept (张**). */
export function maskName(name: string): string {
  const characters = [...name];
  return characters.length <= 1 ? '*' : `${characters[0] ?? ''}${'*'.repeat(characters.length - 1)}`;
}

export interface FactRow {
  readonly label: string;
  readonly labelEn: string;
  readonly value: string;
}

/** The facts as the applicant and reviewers see them: names masked, money in yuan. */
export function factRows(application: ClaimApplication): FactRow[] {
  const rows: FactRow[] = [];
  const add = (label: string, labelEn: string, value: string) => rows.push({ label, labelEn, value });
  const { oldCar, newCar, dwelling, event } = application;
  if (oldCar !== undefined) {
    add('旧车车主', 'Old car owner', maskName(oldCar.ownerName));
    add('旧车车架号', 'Old car VIN', oldCar.vin);
    add('旧车登记日期', 'Old car registered on', oldCar.registeredOn);
  }
  if (newCar !== undefined) {
    add('新车车架号', 'New car VIN', newCar.vin);
    add(
      '新车类型',
      'New car',
      newCar.kind === 'nev' ? '新能源乘用车' : `燃油乘用车 ${newCar.displacementMl ?? '?'} mL`,
    );
    add('发票号码', 'Invoice number', newCar.invoiceNumber);
    add('开票日期', 'Invoice date', newCar.invoiceDate);
    add('新车价格', 'Price', `${yuan(newCar.priceFen)} 元`);
    add('新车登记日期', 'New car registered on', newCar.registeredOn);
  }
  if (dwelling !== undefined) {
    add('改造住房', 'Dwelling', `${[...dwelling.address].slice(0, 6).join('')}…`);
    add(
      '老年人',
      'Older resident',
      `${maskName(dwelling.residentName)}（${dwelling.residentBirthDate.slice(0, 4)}年生）`,
    );
  }
  if (application.purchaseDate !== undefined) add('购买日期', 'Purchase date', application.purchaseDate);
  for (const item of application.items ?? []) {
    add(item.name, item.name, `产品 ${yuan(item.productCostFen)} 元，人工 ${yuan(item.labourCostFen)} 元（不补贴）`);
  }
  if (event !== undefined) {
    add('首发活动', 'Launch event', event.name);
    add('活动日期', 'Event date', event.date);
    add('活动地点', 'Venue', event.venue);
  }
  for (const cost of application.costs ?? []) add(cost.item, cost.item, `${yuan(cost.amountFen)} 元`);
  return rows;
}
