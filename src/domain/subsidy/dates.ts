/**
 * Calendar dates as integers YYYYMMDD (2025-05-01 → 20250501): they compare like the dates they
 * stand for, cost nothing to store in typed arrays, and are what the plan's date_yyyymmdd unit uses.
 * Pure integer arithmetic; no Date object, no time zone.
 */

/** Not a date: what parsing returns for text that is not a real YYYY-MM-DD calendar date. */
export const NOT_A_DATE = -1;

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  switch (month) {
    case 2:
      return isLeapYear(year) ? 29 : 28;
    case 4:
    case 6:
    case 9:
    case 11:
      return 30;
    default:
      return 31;
  }
}

function digitAt(text: string, index: number): number {
  const code = text.charCodeAt(index) - 48;
  return code >= 0 && code <= 9 ? code : -100_000;
}

/** 'YYYY-MM-DD' → YYYYMMDD, or NOT_A_DATE when the text is not a real calendar date (2025-02-30). */
export function parseIsoDate(text: string): number {
  if (text.length !== 10 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return NOT_A_DATE;
  const year = digitAt(text, 0) * 1000 + digitAt(text, 1) * 100 + digitAt(text, 2) * 10 + digitAt(text, 3);
  const month = digitAt(text, 5) * 10 + digitAt(text, 6);
  const day = digitAt(text, 8) * 10 + digitAt(text, 9);
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return NOT_A_DATE;
  return year * 10_000 + month * 100 + day;
}

export function formatDateNumber(date: number): string {
  const year = Math.trunc(date / 10_000);
  const month = Math.trunc(date / 100) % 100;
  const day = date % 100;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export function yearOf(date: number): number {
  return Math.trunc(date / 10_000);
}

/** The day after: 20251231 → 20260101. */
export function nextDate(date: number): number {
  const year = Math.trunc(date / 10_000);
  const month = Math.trunc(date / 100) % 100;
  const day = date % 100;
  if (day < daysInMonth(year, month)) return date + 1;
  if (month < 12) return year * 10_000 + (month + 1) * 100 + 1;
  return (year + 1) * 10_000 + 101;
}

/** The day before: 20260101 → 20251231. */
export function previousDate(date: number): number {
  const year = Math.trunc(date / 10_000);
  const month = Math.trunc(date / 100) % 100;
  const day = date % 100;
  if (day > 1) return date - 1;
  if (month > 1) return year * 10_000 + (month - 1) * 100 + daysInMonth(year, month - 1);
  return (year - 1) * 10_000 + 1231;
}
