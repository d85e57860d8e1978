import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HOLIDAY_ARRANGEMENTS, HOLIDAY_CALENDAR_YEARS } from './holiday-calendar.js';
import {
  CalendarNotCoveredError,
  addWorkingDays,
  calendarCovers,
  holidayOn,
  isWorkingDay,
  workingDaysBetween,
} from './working-days.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const dayOf = (date: string): number => Date.parse(`${date}T00:00:00Z`) / DAY_MS;
const isoOf = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);
const weekdayOf = (date: string): number => new Date(`${date}T00:00:00Z`).getUTCDay();

function datesFrom(from: string, to: string): string[] {
  const dates: string[] = [];
  for (let day = dayOf(from); day <= dayOf(to); day += 1) dates.push(isoOf(day));
  return dates;
}

/**
 * An independent transcription of every date the notices speak of (days off, then make-up working days),
 * as the open data set NateScarlet/holiday-cn lists them, to catch a slip in holiday-calendar.ts.
 */
const EXPECTED: Record<number, { off: string[]; makeUp: string[] }> = {
  2024: {
    off: [
      ...['01-01', '02-10', '02-11', '02-12', '02-13', '02-14', '02-15', '02-16', '02-17', '04-04', '04-05'],
      ...['04-06', '05-01', '05-02', '05-03', '05-04', '05-05', '06-10', '09-15', '09-16', '09-17', '10-01'],
      ...['10-02', '10-03', '10-04', '10-05', '10-06', '10-07'],
    ].map((d) => `2024-${d}`),
    makeUp: ['02-04', '02-18', '04-07', '04-28', '05-11', '09-14', '09-29', '10-12'].map((d) => `2024-${d}`),
  },
  2025: {
    off: [
      ...['01-01', '01-28', '01-29', '01-30', '01-31', '02-01', '02-02', '02-03', '02-04', '04-04', '04-05'],
      ...['04-06', '05-01', '05-02', '05-03', '05-04', '05-05', '05-31', '06-01', '06-02', '10-01', '10-02'],
      ...['10-03', '10-04', '10-05', '10-06', '10-07', '10-08'],
    ].map((d) => `2025-${d}`),
    makeUp: ['01-26', '02-08', '04-27', '09-28', '10-11'].map((d) => `2025-${d}`),
  },
  2026: {
    off: [
      ...['01-01', '01-02', '01-03', '02-15', '02-16', '02-17', '02-18', '02-19', '02-20', '02-21', '02-22'],
      ...['02-23', '04-04', '04-05', '04-06', '05-01', '05-02', '05-03', '05-04', '05-05', '06-19', '06-20'],
      ...['06-21', '09-25', '09-26', '09-27', '10-01', '10-02', '10-03', '10-04', '10-05', '10-06', '10-07'],
    ].map((d) => `2026-${d}`),
    makeUp: ['01-04', '02-14', '02-28', '05-09', '09-20', '10-10'].map((d) => `2026-${d}`),
  },
};

describe('the holiday calendar data', () => {
  it('covers 2024, 2025 and 2026, each from its State Council notice on www.gov.cn', () => {
    expect(HOLIDAY_CALENDAR_YEARS).toEqual([2024, 2025, 2026]);
    expect(HOLIDAY_ARRANGEMENTS.map((a) => [a.year, a.documentNumber, a.publishedOn])).toEqual([
      [2024, '国办发明电〔2023〕7号', '2023-10-25'],
      [2025, '国办发明电〔2024〕12号', '2024-11-12'],
      [2026, '国办发明电〔2025〕7号', '2025-11-04'],
    ]);
    for (const arrangement of HOLIDAY_ARRANGEMENTS) {
      expect(arrangement.sourceUrl).toMatch(/^https:\/\/www\.gov\.cn\/zhengce\/zhengceku\/\d{6}\/content_\d+\.htm$/);
      expect(arrangement.titleZh).toBe(`国务院办公厅关于${arrangement.year}年部分节假日安排的通知`);
    }
  });

  it('lists exactly the days off and make-up working days of an independent transcription', () => {
    for (const arrangement of HOLIDAY_ARRANGEMENTS) {
      const off = arrangement.holidays.flatMap((h) => datesFrom(h.off.from, h.off.to));
      const makeUp = arrangement.holidays.flatMap((h) => h.makeUpWorkdays);
      expect({ off, makeUp: [...makeUp].sort() }).toEqual(EXPECTED[arrangement.year]);
    }
  });

  it('makes only weekend days working days, and gives every holiday its names', () => {
    for (const holiday of HOLIDAY_ARRANGEMENTS.flatMap((a) => a.holidays)) {
      for (const date of holiday.makeUpWorkdays) expect([0, 6]).toContain(weekdayOf(date));
      expect(holiday.off.from <= holiday.off.to).toBe(true);
      expect(holiday.nameZh).not.toBe('');
      expect(holiday.nameEn).not.toBe('');
    }
  });

  it('gives each year the number of working days the notices imply', () => {
    const count = (year: number): number => datesFrom(`${year}-01-01`, `${year}-12-31`).filter(isWorkingDay).length;
    expect([count(2024), count(2025), count(2026)]).toEqual([251, 248, 248]);
    expect(workingDaysBetween('2023-12-31', '2024-12-31')).toBe(251);
  });
});

describe('isWorkingDay', () => {
  it('knows the 2025 National Day and Mid-Autumn break and its make-up days', () => {
    expect(isWorkingDay('2025-09-28')).toBe(true); // Sunday, worked
    expect(isWorkingDay('2025-09-30')).toBe(true);
    for (const date of datesFrom('2025-10-01', '2025-10-08')) expect(isWorkingDay(date)).toBe(false);
    expect(isWorkingDay('2025-10-09')).toBe(true);
    expect(isWorkingDay('2025-10-11')).toBe(true); // Saturday, worked
    expect(isWorkingDay('2025-10-12')).toBe(false); // an ordinary Sunday
  });

  it('knows the 2025 Spring Festival', () => {
    expect(isWorkingDay('2025-01-26')).toBe(true); // Sunday, worked
    expect(isWorkingDay('2025-01-27')).toBe(true);
    for (const date of datesFrom('2025-01-28', '2025-02-04')) expect(isWorkingDay(date)).toBe(false);
    expect(isWorkingDay('2025-02-05')).toBe(true);
    expect(isWorkingDay('2025-02-08')).toBe(true); // Saturday, worked
    expect(isWorkingDay('2025-02-09')).toBe(false);
  });

  it('rests on ordinary weekends and works on ordinary weekdays', () => {
    expect(isWorkingDay('2025-03-08')).toBe(false); // Saturday
    expect(isWorkingDay('2025-03-09')).toBe(false); // Sunday
    expect(isWorkingDay('2025-03-10')).toBe(true); // Monday
    expect(isWorkingDay('2026-07-17')).toBe(true); // Friday
  });

  it('knows the other years’ peculiarities', () => {
    expect(isWorkingDay('2024-02-09')).toBe(true); // New Year's Eve 2024: a Friday, not a day off
    expect(isWorkingDay('2024-02-18')).toBe(true); // Sunday, worked
    expect(isWorkingDay('2024-06-10')).toBe(false); // Dragon Boat Festival, a Monday
    expect(isWorkingDay('2025-04-27')).toBe(true); // Sunday before Labor Day, worked
    expect(isWorkingDay('2026-01-02')).toBe(false);
    expect(isWorkingDay('2026-01-04')).toBe(true); // Sunday, worked
    expect(isWorkingDay('2026-02-23')).toBe(false);
    expect(isWorkingDay('2026-09-20')).toBe(true); // Sunday, worked
  });

  it('rejects text that is not a calendar date', () => {
    expect(() => isWorkingDay('2025-02-29')).toThrow(RangeError);
    expect(() => isWorkingDay('2025-9-30')).toThrow(RangeError);
    expect(() => isWorkingDay('2025-09-30T00:00:00Z')).toThrow(RangeError);
  });
});

describe('addWorkingDays', () => {
  it('carries a deadline across the 2025 National Day break onto its make-up Saturday', () => {
    expect(addWorkingDays('2025-09-30', 1)).toBe('2025-10-09');
    expect(addWorkingDays('2025-09-30', 2)).toBe('2025-10-10');
    expect(addWorkingDays('2025-09-30', 3)).toBe('2025-10-11');
    expect(addWorkingDays('2025-09-30', 4)).toBe('2025-10-13');
    expect(addWorkingDays('2025-09-26', 1)).toBe('2025-09-28'); // Friday → the make-up Sunday
    expect(addWorkingDays('2025-10-03', 1)).toBe('2025-10-09'); // submitted during the break
  });

  it('carries a deadline across the 2025 Spring Festival', () => {
    expect(addWorkingDays('2025-01-24', 1)).toBe('2025-01-26');
    expect(addWorkingDays('2025-01-24', 2)).toBe('2025-01-27');
    expect(addWorkingDays('2025-01-24', 3)).toBe('2025-02-05');
    expect(addWorkingDays('2025-01-27', 5)).toBe('2025-02-10'); // Feb 5, 6, 7, 8 (Sat, worked), 10
  });

  it('skips ordinary weekends, and with 0 days is the start itself', () => {
    expect(addWorkingDays('2025-03-07', 1)).toBe('2025-03-10');
    expect(addWorkingDays('2025-03-08', 1)).toBe('2025-03-10');
    expect(addWorkingDays('2025-03-03', 10)).toBe('2025-03-17');
    expect(addWorkingDays('2025-03-08', 0)).toBe('2025-03-08');
  });

  it('crosses from one covered year into the next', () => {
    expect(addWorkingDays('2025-12-31', 1)).toBe('2026-01-04'); // Jan 1–3 off, Sunday Jan 4 worked
    expect(addWorkingDays('2025-12-31', 2)).toBe('2026-01-05');
  });

  it('rejects a count that is not a whole number of days', () => {
    expect(() => addWorkingDays('2025-03-03', -1)).toThrow(RangeError);
    expect(() => addWorkingDays('2025-03-03', 1.5)).toThrow(RangeError);
  });
});

describe('workingDaysBetween', () => {
  it('counts the working days after `from` up to and including `to`', () => {
    expect(workingDaysBetween('2025-09-30', '2025-10-11')).toBe(3);
    expect(workingDaysBetween('2025-09-26', '2025-10-12')).toBe(6); // Sep 28 (Sun), 29, 30, Oct 9, 10, 11 (Sat)
    expect(workingDaysBetween('2025-01-27', '2025-02-08')).toBe(4);
    expect(workingDaysBetween('2025-03-07', '2025-03-10')).toBe(1);
  });

  it('is 0 when `to` is not after `from`', () => {
    expect(workingDaysBetween('2025-03-10', '2025-03-10')).toBe(0);
    expect(workingDaysBetween('2025-03-10', '2025-03-03')).toBe(0);
    expect(workingDaysBetween('2026-12-31', '2024-01-01')).toBe(0);
  });
});

describe('holidayOn', () => {
  it('names the holiday of a day off or a make-up working day, for display', () => {
    expect(holidayOn('2025-10-06')).toEqual({
      nameZh: '国庆节、中秋节',
      nameEn: 'National Day and Mid-Autumn Festival',
      kind: 'off',
      labelZh: '国庆节、中秋节 放假',
    });
    expect(holidayOn('2024-10-03')?.labelZh).toBe('国庆节 放假');
    expect(holidayOn('2025-02-08')).toEqual({
      nameZh: '春节',
      nameEn: 'Spring Festival',
      kind: 'make-up-workday',
      labelZh: '春节 调休上班',
    });
    expect(holidayOn('2025-02-01')?.kind).toBe('off'); // a Saturday inside the break
  });

  it('is null on an ordinary day, weekend or not', () => {
    expect(holidayOn('2025-03-08')).toBeNull();
    expect(holidayOn('2025-03-10')).toBeNull();
  });
});

describe('the years outside the calendar', () => {
  it('are reported by calendarCovers', () => {
    expect(calendarCovers('2023-12-31')).toBe(false);
    expect(calendarCovers('2024-01-01')).toBe(true);
    expect(calendarCovers('2026-12-31')).toBe(true);
    expect(calendarCovers('2027-01-01')).toBe(false);
  });

  it('throw an error naming the year rather than being treated as ordinary years', () => {
    expect(() => isWorkingDay('2027-01-04')).toThrow(CalendarNotCoveredError);
    expect(() => isWorkingDay('2027-01-04')).toThrow(/2027/);
    expect(() => isWorkingDay('2023-12-29')).toThrow(/2023/);
    expect(() => holidayOn('2027-10-01')).toThrow(/2027/);
    expect(() => addWorkingDays('2026-12-29', 5)).toThrow(/2027/);
    expect(() => workingDaysBetween('2026-12-01', '2027-01-31')).toThrow(/2027/);
    const thrown = ((): unknown => {
      try {
        return isWorkingDay('2027-06-01');
      } catch (error) {
        return error;
      }
    })();
    expect(thrown).toBeInstanceOf(CalendarNotCoveredError);
    expect(thrown).toMatchObject({ name: 'CalendarNotCoveredError', year: 2027, date: '2027-06-01' });
  });
});

describe('deadlines, for any date and any count', () => {
  // Start dates whose deadline 20 working days on still falls inside the covered years.
  const start = fc.integer({ min: dayOf('2024-01-01'), max: dayOf('2026-11-30') }).map(isoOf);
  const count = fc.integer({ min: 0, max: 20 });

  it('fall on a working day, round-trip through workingDaysBetween, and grow with the count', () => {
    fc.assert(
      fc.property(start, count, (date, n) => {
        const deadline = addWorkingDays(date, n);
        if (n > 0) expect(isWorkingDay(deadline)).toBe(true);
        if (n > 0) expect(deadline > date).toBe(true);
        if (n === 0) expect(deadline).toBe(date);
        expect(workingDaysBetween(date, deadline)).toBe(n);
        expect(addWorkingDays(date, n + 1) > deadline).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('never skip a working day: the day before a deadline is at most n - 1 working days away', () => {
    fc.assert(
      fc.property(start, fc.integer({ min: 1, max: 20 }), (date, n) => {
        const deadline = addWorkingDays(date, n);
        expect(workingDaysBetween(date, isoOf(dayOf(deadline) - 1))).toBe(n - 1);
      }),
      { numRuns: 300 },
    );
  });
});
