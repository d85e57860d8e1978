/**
 * Trade-in days are Chinese days: a qualification released "daily at 10:00" and "valid for the day it is
 * claimed" (sources/reference.md, Henan) means 10:00 and midnight in Asia/Shanghai, which keeps no
 * daylight saving time (UTC+8 all year). Pure: the moment is an argument.
 */

const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

/** The calendar day (YYYY-MM-DD) in Asia/Shanghai of a moment. */
export function chinaDay(moment: Date): string {
  return new Date(moment.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/** The moment a day (YYYY-MM-DD, Asia/Shanghai) reaches `hour`:00. */
export function chinaMoment(day: string, hour: number): Date {
  return new Date(Date.parse(`${day}T00:00:00.000Z`) - CHINA_OFFSET_MS + hour * 60 * 60 * 1000);
}

/** The end of a qualification claimed on `day` and valid for `validDays` days: the next midnight after them. */
export function validUntilOf(day: string, validDays: number): Date {
  return new Date(chinaMoment(day, 0).getTime() + Math.max(1, validDays) * DAY_MS);
}

/** The day `days` after `day` (negative: before). */
export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00.000Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (YYYY-MM-DD). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00.000Z`) - Date.parse(`${from}T00:00:00.000Z`)) / DAY_MS);
}
