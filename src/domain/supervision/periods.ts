/**
 * Reporting periods: calendar months `YYYY-MM`, in China Standard Time (UTC+8), as the plan's dates are.
 * Pure: every moment is an argument.
 */
import { REPORT_DUE_DAY } from './vocabulary.js';

export const PERIOD_PATTERN = /^(\d{4})-(0[1-9]|1[0-2])$/;
const CST_OFFSET_MS = 8 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

export function isPeriod(value: string): boolean {
  return PERIOD_PATTERN.test(value);
}

function parts(period: string): { year: number; month: number } {
  const match = PERIOD_PATTERN.exec(period);
  if (match === null) throw new RangeError(`not a period (YYYY-MM): ${period}`);
  return { year: Number(match[1]), month: Number(match[2]) };
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** The month after `period`. */
export function nextPeriod(period: string): string {
  const { year, month } = parts(period);
  return month === 12 ? `${year + 1}-01` : `${year}-${pad(month + 1)}`;
}

/** Every period from `from` to `to`, both included (empty when from is after to). */
export function periodsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let period = from; period <= to; period = nextPeriod(period)) out.push(period);
  return out;
}

/** The last day of the period, `YYYY-MM-DD`. */
export function periodLastDay(period: string): string {
  const { year, month } = parts(period);
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${pad(month)}-${pad(last)}`;
}

/** The period (China time) a moment falls in. */
export function periodOf(moment: Date): string {
  const local = new Date(moment.getTime() + CST_OFFSET_MS);
  return `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}`;
}

/** The date (China time) of a moment, `YYYY-MM-DD`. */
export function dateOf(moment: Date): string {
  return new Date(moment.getTime() + CST_OFFSET_MS).toISOString().slice(0, 10);
}

/** The moment a period's reports fall due: the end of REPORT_DUE_DAY of the next month, China time. */
export function reportDueAt(period: string): Date {
  const { year, month } = parts(nextPeriod(period));
  return new Date(Date.UTC(year, month - 1, REPORT_DUE_DAY + 1) - CST_OFFSET_MS);
}

/** Whether a report for `period` submitted at `submittedAt` is late. */
export function isLate(period: string, submittedAt: Date): boolean {
  return submittedAt.getTime() >= reportDueAt(period).getTime();
}

/** Whether a period may be reported at `now`: it has started (China time). */
export function isOpen(period: string, now: Date): boolean {
  return period <= periodOf(now);
}

/** Whole days from date `a` to date `b` (`YYYY-MM-DD`), negative when b is before a. */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY_MS);
}
