import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NOT_A_DATE, formatDateNumber, nextDate, parseIsoDate, previousDate, yearOf } from './dates.js';

describe('calendar dates as YYYYMMDD', () => {
  it('parses real dates and refuses the rest', () => {
    expect(parseIsoDate('2025-05-01')).toBe(20250501);
    expect(parseIsoDate('2024-02-29')).toBe(20240229);
    expect(parseIsoDate('2000-02-29')).toBe(20000229);
    for (const text of [
      '2025-02-29',
      '1900-02-29',
      '2025-13-01',
      '2025-04-31',
      '2025-00-10',
      '2025-1-01',
      '20250501',
      '2025/05/01',
      'abcd-ef-gh',
      '',
      '2025-05-01T00:00',
    ]) {
      expect(parseIsoDate(text), text).toBe(NOT_A_DATE);
    }
  });

  it('steps a day forward and back across months and years', () => {
    expect(nextDate(20251231)).toBe(20260101);
    expect(nextDate(20240228)).toBe(20240229);
    expect(nextDate(20250228)).toBe(20250301);
    expect(previousDate(20250301)).toBe(20250228);
    expect(previousDate(20260101)).toBe(20251231);
    expect(yearOf(20250501)).toBe(2025);
  });

  it('round-trips every date, and the day after is the day before undone', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1970-01-01'), max: new Date('2999-12-31'), noInvalidDate: true }),
        (date) => {
          const text = date.toISOString().slice(0, 10);
          const number = parseIsoDate(text);
          expect(formatDateNumber(number)).toBe(text);
          expect(previousDate(nextDate(number))).toBe(number);
          expect(nextDate(number)).toBeGreaterThan(number);
          const tomorrow = new Date(date.getTime() + 86_400_000).toISOString().slice(0, 10);
          expect(formatDateNumber(nextDate(number))).toBe(tomorrow);
        },
      ),
    );
  });
});
