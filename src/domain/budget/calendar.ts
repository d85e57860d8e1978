/**
 * Business dates: the ledger books each transaction on the calendar day in Sanmenxia (China Standard
 * Time, UTC+8, no daylight saving), so "yesterday's spend" means what a finance officer means by it.
 */
const DAY_MS = 86_400_000;
const CHINA_STANDARD_TIME_OFFSET_MS = 8 * 3_600_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The calendar day (YYYY-MM-DD) in China Standard Time of an instant. */
export function businessDate(instant: Date): string {
  return new Date(instant.getTime() + CHINA_STANDARD_TIME_OFFSET_MS).toISOString().slice(0, 10);
}

function dayNumber(date: string): number {
  const match = ISO_DATE.exec(date);
  if (match === null) throw new RangeError(`not a YYYY-MM-DD date: "${date}"`);
  const [, year, month, day] = match;
  const ms = Date.UTC(Number(year), Number(month) - 1, Number(day));
  if (new Date(ms).toISOString().slice(0, 10) !== date) throw new RangeError(`no such date: "${date}"`);
  return ms / DAY_MS;
}

export function isIsoDate(value: string): boolean {
  try {
    dayNumber(value);
    return true;
  } catch {
    return false;
  }
}

export function addDays(date: string, days: number): string {
  return new Date((dayNumber(date) + days) * DAY_MS).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return dayNumber(to) - dayNumber(from);
}
