/**
 * How much of a quota or cumulative cap earlier decisions have used, read from the history the
 * caller gives. The service later enforces the same limits atomically with the budget hold; this
 * module only decides, given the history.
 *
 * Which entries count:
 *  - a holder id (applicantId, dwellingId, entityId) is compared only when both the input and the entry
 *    carry it; an entry without one is taken to be the applicant's own (the caller scoped it);
 *  - count quotas count every granted entry, returned or not: a returned item's qualification stays
 *    used (reference.md, Returns [Henan]);
 *  - cumulative money caps add the subsidy of entries not reversed: returned money is back in the pool.
 * A history entry that is not well formed is a programmer error (the service wrote it): it throws.
 */
import { parseIsoDate, yearOf } from './dates.js';
import type { GrantedDecision, SubsidyLine } from './schema.js';

export function sameHolder(inputId: string | undefined, entryId: string | undefined): boolean {
  return inputId === undefined || entryId === undefined || inputId === entryId;
}

function entryDate(entry: GrantedDecision): number {
  const date = parseIsoDate(entry.ruleDate);
  if (date < 0) throw new RangeError(`history entry has an invalid ruleDate ${String(entry.ruleDate)}`);
  return date;
}

function entryMoney(entry: GrantedDecision): number {
  const fen = entry.subsidyFen;
  if (!Number.isSafeInteger(fen) || fen < 0) throw new RangeError(`history entry has invalid subsidyFen ${fen}`);
  return entry.reversed === true ? 0 : fen;
}

/** Items of one category one person was granted in one calendar year. */
export function itemsInCategoryYear(
  history: readonly GrantedDecision[],
  line: SubsidyLine,
  category: string | undefined,
  year: number,
  applicantId: string | undefined,
): number {
  let count = 0;
  for (const entry of history) {
    if (entry.line !== line || entry.category !== category || !sameHolder(applicantId, entry.applicantId)) continue;
    if (yearOf(entryDate(entry)) === year) count += 1;
  }
  return count;
}

/** Subsidies of one line one person was granted in one calendar year. */
export function subsidiesInYear(
  history: readonly GrantedDecision[],
  line: SubsidyLine,
  year: number,
  applicantId: string | undefined,
): number {
  let count = 0;
  for (const entry of history) {
    if (entry.line !== line || !sameHolder(applicantId, entry.applicantId)) continue;
    if (yearOf(entryDate(entry)) === year) count += 1;
  }
  return count;
}

/** Subsidies of any of `lines` granted on one new car (matched by newCarId, which both must carry). */
export function subsidiesOnNewCar(
  history: readonly GrantedDecision[],
  lines: readonly SubsidyLine[],
  newCarId: string,
): number {
  let count = 0;
  for (const entry of history) {
    if (entry.newCarId === newCarId && lines.includes(entry.line)) count += 1;
  }
  return count;
}

/** Money one dwelling was granted in a line between two dates (YYYYMMDD, inclusive). */
export function dwellingMoneyBetween(
  history: readonly GrantedDecision[],
  line: SubsidyLine,
  dwellingId: string | undefined,
  fromDate: number,
  toDate: number,
): number {
  let total = 0;
  for (const entry of history) {
    if (entry.line !== line || !sameHolder(dwellingId, entry.dwellingId)) continue;
    const date = entryDate(entry);
    if (date >= fromDate && date <= toDate) total += entryMoney(entry);
  }
  return total;
}

/** Money one entity was granted in a line in one calendar year. */
export function entityMoneyInYear(
  history: readonly GrantedDecision[],
  line: SubsidyLine,
  entityId: string | undefined,
  year: number,
): number {
  let total = 0;
  for (const entry of history) {
    if (entry.line !== line || !sameHolder(entityId, entry.entityId)) continue;
    if (yearOf(entryDate(entry)) === year) total += entryMoney(entry);
  }
  return total;
}
