/**
 * Working days on the official holiday calendar of mainland China, for the deadlines of claim review stages:
 * Monday to Friday, except the days off of the State Council's yearly holiday notices, plus the weekend days those
 * notices make working days (调休上班). The data is in ./holiday-calendar.ts, from these notices:
 * - 2024: 国办发明电〔2023〕7号, https://www.gov.cn/zhengce/zhengceku/202310/content_6911528.htm
 * - 2025: 国办发明电〔2024〕12号, https://www.gov.cn/zhengce/zhengceku/202411/content_6986383.htm
 * - 2026: 国办发明电〔2025〕7号, https://www.gov.cn/zhengce/zhengceku/202511/content_7047091.htm
 *
 * Pure: dates are ISO `YYYY-MM-DD` strings, handled as whole UTC days, so no local time zone can shift them. A date
 * in a year without a notice is not guessed at: asking about it throws a CalendarNotCoveredError naming the year.
 */
import { HOLIDAY_ARRANGEMENTS, HOLIDAY_CALENDAR_YEARS } from './holiday-calendar.js';
import type { OfficialHoliday } from './holiday-calendar.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Asked about a date whose year has no State Council notice in the calendar. */
export class CalendarNotCoveredError extends Error {
  constructor(
    readonly year: number,
    readonly date: string,
  ) {
    super(
      `the official holiday calendar has no arrangement for ${year} (asked about ${date}; it covers ` +
        `${HOLIDAY_CALENDAR_YEARS.join(', ')}): add the State Council notice for ${year} to holiday-calendar.ts`,
    );
    this.name = 'CalendarNotCoveredError';
  }
}

/** What the official calendar says about one date. */
export interface HolidayOnDate {
  readonly nameZh: string;
  readonly nameEn: string;
  /** 'off': a day off (放假); 'make-up-workday': a weekend day worked in exchange (调休上班). */
  readonly kind: 'off' | 'make-up-workday';
  /** For display: 国庆节 放假, 春节 调休上班. */
  readonly labelZh: string;
}

/** Days since 1970-01-01 of an ISO date; throws a RangeError for text that is not a real calendar date. */
function dayNumber(date: string): number {
  const match = ISO_DATE.exec(date);
  if (match === null) throw new RangeError(`not a date (YYYY-MM-DD): ${date}`);
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  const ms = Date.UTC(year, month - 1, day);
  if (isoOf(ms / DAY_MS) !== date) throw new RangeError(`not a calendar date: ${date}`);
  return ms / DAY_MS;
}

function isoOf(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
function weekdayOf(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

function yearOf(day: number): number {
  return Number(isoOf(day).slice(0, 4));
}

const COVERED_YEARS: ReadonlySet<number> = new Set(HOLIDAY_CALENDAR_YEARS);

/**
 * Every date a notice speaks of, by day number. Indexed by date, not by notice year, so that a notice's days in
 * the previous December (as 元旦 arrangements sometimes have) apply where they fall.
 */
const MARKS: ReadonlyMap<number, HolidayOnDate> = (() => {
  const marks = new Map<number, HolidayOnDate>();
  const mark = (day: number, holiday: OfficialHoliday, kind: HolidayOnDate['kind']): void => {
    if (marks.has(day)) throw new Error(`holiday calendar: ${isoOf(day)} is listed twice`);
    const labelZh = `${holiday.nameZh} ${kind === 'off' ? '放假' : '调休上班'}`;
    marks.set(day, { nameZh: holiday.nameZh, nameEn: holiday.nameEn, kind, labelZh });
  };
  for (const arrangement of HOLIDAY_ARRANGEMENTS) {
    for (const holiday of arrangement.holidays) {
      const last = dayNumber(holiday.off.to);
      for (let day = dayNumber(holiday.off.from); day <= last; day += 1) mark(day, holiday, 'off');
      for (const date of holiday.makeUpWorkdays) mark(dayNumber(date), holiday, 'make-up-workday');
    }
  }
  return marks;
})();

function requireCovered(day: number): void {
  const year = yearOf(day);
  if (!COVERED_YEARS.has(year)) throw new CalendarNotCoveredError(year, isoOf(day));
}

function isWorkingDayNumber(day: number): boolean {
  requireCovered(day);
  const mark = MARKS.get(day);
  if (mark !== undefined) return mark.kind === 'make-up-workday';
  const weekday = weekdayOf(day);
  return weekday !== 0 && weekday !== 6;
}

/** Whether the calendar has the official arrangement for the year of `date` (never throws for a real date). */
export function calendarCovers(date: string): boolean {
  return COVERED_YEARS.has(yearOf(dayNumber(date)));
}

/** Whether `date` is a working day: Monday to Friday unless a day off, or a weekend day made a working day. */
export function isWorkingDay(date: string): boolean {
  return isWorkingDayNumber(dayNumber(date));
}

/** The holiday `date` belongs to, as a day off or a make-up working day; null for an ordinary day. */
export function holidayOn(date: string): HolidayOnDate | null {
  const day = dayNumber(date);
  requireCovered(day);
  return MARKS.get(day) ?? null;
}

function requireCount(days: number): void {
  if (!Number.isSafeInteger(days) || days < 0) throw new RangeError(`not a number of working days: ${days}`);
}

/**
 * The deadline `days` working days after `start`: the day that is the `days`-th working day after it (`start`
 * itself does not count, whatever it is). With 0 days, `start` itself. Submitted on Tue 2025-09-30 with 3 working
 * days: Oct 1–8 are off, so Thu Oct 9, Fri Oct 10 and Sat Oct 11 (a make-up working day) → 2025-10-11.
 */
export function addWorkingDays(start: string, days: number): string {
  requireCount(days);
  let day = dayNumber(start);
  let counted = 0;
  while (counted < days) {
    day += 1;
    if (isWorkingDayNumber(day)) counted += 1;
  }
  return isoOf(day);
}

/**
 * The working days after `from` up to and including `to` (0 when `to` is not after `from`), so that
 * `workingDaysBetween(d, addWorkingDays(d, n)) === n`.
 */
export function workingDaysBetween(from: string, to: string): number {
  const first = dayNumber(from) + 1;
  const last = dayNumber(to);
  let count = 0;
  for (let day = first; day <= last; day += 1) if (isWorkingDayNumber(day)) count += 1;
  return count;
}
