/**
 * Stored decisions as columns for the reform simulation: typed arrays, one row per decision, with
 * every string interned once and every quota scope turned into a dense group number. Building them
 * is the loader's work, done once; a simulation then touches no string, no Map and no object per row.
 */
import { parseIsoDate, yearOf } from './dates.js';
import { LINE_SPECS, SUBSIDY_LINES } from './lines.js';
import type { NewCarKind, QuoteInput, SubsidyLine } from './schema.js';
import { baseOf, checkQuoteInput, ruleDateOf, type CheckedQuote } from './validate.js';

/** A stored decision's input and the implementing unit (county) it was granted in. */
export type StoredDecisionInput = QuoteInput & { readonly unitId: string };

/** One kind of purchase: what selects parameters. */
export interface PurchaseKind {
  readonly line: SubsidyLine;
  readonly category: string | undefined;
  readonly efficiencyGrade: number | undefined;
  readonly newCar: NewCarKind | undefined;
}

/** Dense numbers for the scopes the quotas count in; -1 when the row has no holder of that kind. */
export interface QuotaGroups {
  /** person × line × category × year: items per person per category per year. */
  readonly categoryYear: Int32Array;
  /** person × line × year: subsidies per person per year. */
  readonly personYear: Int32Array;
  /** new car (car lines only): subsidies per new car, across the car lines. */
  readonly newCar: Int32Array;
  /** dwelling × line: the cumulative cap per dwelling (its window comes from the rule book). */
  readonly dwelling: Int32Array;
  /** entity × line × year: the cap per entity per year. */
  readonly entityYear: Int32Array;
  /** How many groups of each kind: the sizes of the simulation's counters. */
  readonly sizes: Readonly<Record<'categoryYear' | 'personYear' | 'newCar' | 'dwelling' | 'entityYear', number>>;
}

/** Stored decisions as columns; row i of every array is decision i. */
export interface DecisionColumns {
  readonly count: number;
  /** Index into `kinds`; INVALID_KIND for a decision whose input does not validate. */
  readonly kind: Uint32Array;
  readonly kinds: readonly PurchaseKind[];
  readonly lineIndex: Uint8Array;
  /** The rule date as YYYYMMDD. */
  readonly ruleDate: Int32Array;
  /** The line's base field (LINE_SPECS[line].base); NaN when not given. */
  readonly baseFen: Float64Array;
  /** finalPriceFen, for the price ceiling; NaN when not given. */
  readonly finalPriceFen: Float64Array;
  readonly unit: Uint32Array;
  readonly units: readonly string[];
  readonly groups: QuotaGroups;
}

export const INVALID_KIND = 0xffff_ffff;

class Interner<Key> {
  private readonly indexes = new Map<Key, number>();
  get size(): number {
    return this.indexes.size;
  }
  of(value: Key): number {
    let index = this.indexes.get(value);
    if (index === undefined) {
      index = this.indexes.size;
      this.indexes.set(value, index);
    }
    return index;
  }
  optional(value: Key | undefined): number {
    return value === undefined ? -1 : this.of(value);
  }
}

/** Per row, the interned pieces the quota groups are made of (first pass). */
interface RowPieces {
  readonly person: Int32Array;
  readonly dwelling: Int32Array;
  readonly entity: Int32Array;
  readonly newCar: Int32Array;
  readonly category: Int32Array;
  readonly year: Int32Array;
}

interface Interners {
  readonly kinds: Interner<number>;
  readonly kindList: PurchaseKind[];
  readonly units: Interner<string>;
  readonly unitList: string[];
  readonly person: Interner<string>;
  readonly dwelling: Interner<string>;
  readonly entity: Interner<string>;
  readonly newCar: Interner<string>;
  readonly category: Interner<string>;
  readonly year: Interner<number>;
}

type MutableColumns = Omit<DecisionColumns, 'count' | 'kinds' | 'units' | 'groups'>;

function emptyColumns(count: number): MutableColumns {
  return {
    kind: new Uint32Array(count),
    lineIndex: new Uint8Array(count),
    ruleDate: new Int32Array(count),
    baseFen: new Float64Array(count),
    finalPriceFen: new Float64Array(count),
    unit: new Uint32Array(count),
  };
}

function emptyPieces(count: number): RowPieces {
  return {
    person: new Int32Array(count).fill(-1),
    dwelling: new Int32Array(count).fill(-1),
    entity: new Int32Array(count).fill(-1),
    newCar: new Int32Array(count).fill(-1),
    category: new Int32Array(count).fill(-1),
    year: new Int32Array(count),
  };
}

function newInterners(): Interners {
  return {
    kinds: new Interner(),
    kindList: [],
    units: new Interner(),
    unitList: [],
    person: new Interner(),
    dwelling: new Interner(),
    entity: new Interner(),
    newCar: new Interner(),
    category: new Interner(),
    year: new Interner(),
  };
}

/** Builds the columns once; the order of the decisions is kept (it is the order they were granted). */
export function decisionColumns(decisions: readonly StoredDecisionInput[]): DecisionColumns {
  const count = decisions.length;
  const columns = emptyColumns(count);
  const pieces = emptyPieces(count);
  const interners = newInterners();
  for (let row = 0; row < count; row += 1) {
    fillRow(columns, pieces, row, decisions[row] as StoredDecisionInput, interners);
  }
  return {
    ...columns,
    count,
    kinds: interners.kindList,
    units: interners.unitList,
    groups: quotaGroups(columns, pieces, interners),
  };
}

function fillRow(
  columns: MutableColumns,
  pieces: RowPieces,
  row: number,
  decision: StoredDecisionInput,
  interners: Interners,
): void {
  columns.unit[row] = unitIndex(decision.unitId, interners);
  const quote = checkQuoteInput(decision, true);
  if (Array.isArray(quote)) {
    columns.kind[row] = INVALID_KIND;
    return;
  }
  const spec = LINE_SPECS[quote.line];
  const date = parseIsoDate(ruleDateOf(quote, spec) ?? '');
  const line = SUBSIDY_LINES.indexOf(quote.line);
  const category = interners.category.optional(quote.category);
  columns.kind[row] = kindIndex(quote, line, category, interners);
  columns.lineIndex[row] = line;
  columns.ruleDate[row] = date;
  columns.baseFen[row] = baseOf(quote, spec) ?? Number.NaN;
  columns.finalPriceFen[row] = quote.finalPriceFen ?? Number.NaN;
  pieces.person[row] = interners.person.optional(quote.applicantId);
  pieces.dwelling[row] = interners.dwelling.optional(quote.dwellingId);
  pieces.entity[row] = interners.entity.optional(quote.entityId);
  pieces.newCar[row] = spec.needsNewCar ? interners.newCar.optional(quote.newCarId) : -1;
  pieces.category[row] = category;
  pieces.year[row] = interners.year.of(yearOf(date));
}

function unitIndex(unitId: string, interners: Interners): number {
  const index = interners.units.of(unitId);
  if (index === interners.unitList.length) interners.unitList.push(unitId);
  return index;
}

/** Numbers the groups densely (second pass: every piece's range is known, so keys are plain numbers). */
function quotaGroups(columns: MutableColumns, pieces: RowPieces, interners: Interners): QuotaGroups {
  const count = columns.kind.length;
  const lines = SUBSIDY_LINES.length;
  const categories = interners.category.size + 1;
  const years = interners.year.size;
  const groups = {
    categoryYear: new Int32Array(count).fill(-1),
    personYear: new Int32Array(count).fill(-1),
    newCar: pieces.newCar,
    dwelling: new Int32Array(count).fill(-1),
    entityYear: new Int32Array(count).fill(-1),
  };
  const numbering = {
    categoryYear: new Interner<number>(),
    personYear: new Interner<number>(),
    dwelling: new Interner<number>(),
    entityYear: new Interner<number>(),
  };
  for (let row = 0; row < count; row += 1) {
    if (columns.kind[row] === INVALID_KIND) continue;
    const line = columns.lineIndex[row] as number;
    const year = pieces.year[row] as number;
    const person = pieces.person[row] as number;
    if (person >= 0) {
      const personLine = person * lines + line;
      groups.categoryYear[row] = numbering.categoryYear.of(
        (personLine * categories + (pieces.category[row] as number) + 1) * years + year,
      );
      groups.personYear[row] = numbering.personYear.of(personLine * years + year);
    }
    const dwelling = pieces.dwelling[row] as number;
    if (dwelling >= 0) groups.dwelling[row] = numbering.dwelling.of(dwelling * lines + line);
    const entity = pieces.entity[row] as number;
    if (entity >= 0) groups.entityYear[row] = numbering.entityYear.of((entity * lines + line) * years + year);
  }
  const sizes = {
    categoryYear: numbering.categoryYear.size,
    personYear: numbering.personYear.size,
    newCar: interners.newCar.size,
    dwelling: numbering.dwelling.size,
    entityYear: numbering.entityYear.size,
  };
  return { ...groups, sizes };
}

const GRADE_SLOTS = 6;
const NEW_CAR_SLOTS = 3;

/** Interns the purchase kind by a number made of line, category, grade and new car. */
function kindIndex(quote: CheckedQuote, line: number, category: number, interners: Interners): number {
  const newCar = quote.newCar === undefined ? 0 : quote.newCar === 'nev' ? 1 : 2;
  const lineCategory = (category + 1) * SUBSIDY_LINES.length + line;
  const key = (lineCategory * GRADE_SLOTS + (quote.efficiencyGrade ?? 0)) * NEW_CAR_SLOTS + newCar;
  const index = interners.kinds.of(key);
  if (index === interners.kindList.length) {
    interners.kindList.push({
      line: quote.line,
      category: quote.category,
      efficiencyGrade: quote.efficiencyGrade,
      newCar: quote.newCar,
    });
  }
  return index;
}
