import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, businessDate, daysBetween, isIsoDate } from './calendar.js';
import { FORECAST_HORIZON_DAYS, forecastRunDry, type DailyBurn } from './forecast.js';

const TODAY = '2025-06-10';

/** `burnFen` on each of the `days` days before today. */
function steady(burnFen: number, days: number, today = TODAY): DailyBurn[] {
  return Array.from({ length: days }, (_, index) => ({ date: addDays(today, -1 - index), burnFen }));
}

describe('business dates', () => {
  it('are the calendar day in China Standard Time', () => {
    expect(businessDate(new Date('2025-06-09T15:59:59.999Z'))).toBe('2025-06-09');
    expect(businessDate(new Date('2025-06-09T16:00:00Z'))).toBe('2025-06-10');
  });

  it('add and count days across months and leap years', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2025-02-28', 1)).toBe('2025-03-01');
    expect(addDays('2025-01-01', -1)).toBe('2024-12-31');
    expect(daysBetween('2025-06-01', '2025-06-10')).toBe(9);
    expect(isIsoDate('2025-02-29')).toBe(false);
    expect(isIsoDate('2025-6-1')).toBe(false);
    expect(() => addDays('2025-13-01', 1)).toThrow(RangeError);
  });
});

describe('burn-rate forecast', () => {
  it('divides what is left by the average of the last seven complete days', () => {
    const forecast = forecastRunDry({ availableFen: 3_500_000, dailyBurn: steady(1_000_000, 30), today: TODAY });
    expect(forecast).toMatchObject({
      status: 'forecast',
      windowDays: 7,
      windowStart: '2025-06-03',
      windowEnd: '2025-06-09',
      daysAveraged: 7,
      burnInWindowFen: 7_000_000,
      averageDailyBurnFen: 1_000_000,
      // 3.5 days of money: today, the 11th and 12th in full, the last fen on the 13th.
      daysLeft: 4,
      runsDryOn: '2025-06-13',
    });
    expect(forecast.days).toHaveLength(7);
  });

  it('runs dry today when less than a day of money is left', () => {
    const forecast = forecastRunDry({ availableFen: 999, dailyBurn: steady(1000, 7), today: TODAY });
    expect(forecast).toMatchObject({ daysLeft: 1, runsDryOn: TODAY });
    expect(forecastRunDry({ availableFen: 1000, dailyBurn: steady(1000, 7), today: TODAY }).runsDryOn).toBe(TODAY);
    expect(forecastRunDry({ availableFen: 1001, dailyBurn: steady(1000, 7), today: TODAY }).runsDryOn).toBe(
      '2025-06-11',
    );
  });

  it('leaves today out (it is not over) and days before the window', () => {
    const dailyBurn = [
      { date: TODAY, burnFen: 1_000_000_000 },
      { date: '2025-06-02', burnFen: 1_000_000_000 },
      { date: '2025-06-09', burnFen: 7000 },
    ];
    const forecast = forecastRunDry({ availableFen: 7000, dailyBurn, today: TODAY });
    expect(forecast).toMatchObject({ burnInWindowFen: 7000, averageDailyBurnFen: 1000, daysLeft: 7 });
    expect(forecast.runsDryOn).toBe('2025-06-16');
  });

  it('takes the window length it is given', () => {
    const dailyBurn = [...steady(100, 3), { date: addDays(TODAY, -4), burnFen: 10_000 }];
    expect(forecastRunDry({ availableFen: 1000, dailyBurn, today: TODAY, windowDays: 3 })).toMatchObject({
      daysAveraged: 3,
      averageDailyBurnFen: 100,
      daysLeft: 10,
      runsDryOn: '2025-06-19',
    });
  });

  it('averages only over the days since the pool opened', () => {
    const forecast = forecastRunDry({
      availableFen: 10_000,
      dailyBurn: steady(2000, 2),
      today: TODAY,
      openedOn: '2025-06-08',
    });
    expect(forecast).toMatchObject({
      windowStart: '2025-06-08',
      daysAveraged: 2,
      averageDailyBurnFen: 2000,
      daysLeft: 5,
    });
  });

  it('gives no date without burn, without history, or beyond the horizon', () => {
    expect(forecastRunDry({ availableFen: 5000, dailyBurn: [], today: TODAY })).toMatchObject({
      status: 'no_burn',
      daysLeft: null,
      runsDryOn: null,
    });
    // Returns outweighed holds: the pool grew.
    expect(forecastRunDry({ availableFen: 5000, dailyBurn: steady(-10, 7), today: TODAY })).toMatchObject({
      status: 'no_burn',
      runsDryOn: null,
    });
    expect(forecastRunDry({ availableFen: 5000, dailyBurn: [], today: TODAY, openedOn: TODAY })).toMatchObject({
      status: 'no_history',
      daysAveraged: 0,
      windowStart: null,
      runsDryOn: null,
    });
    expect(forecastRunDry({ availableFen: 10 ** 12, dailyBurn: steady(1, 7), today: TODAY })).toMatchObject({
      status: 'beyond_horizon',
      runsDryOn: null,
    });
  });

  it('says a dry pool is dry', () => {
    expect(forecastRunDry({ availableFen: 0, dailyBurn: steady(5, 7), today: TODAY })).toMatchObject({
      status: 'exhausted',
      daysLeft: 0,
      runsDryOn: TODAY,
    });
  });

  it('rounds the displayed average half up, and only the display', () => {
    const forecast = forecastRunDry({
      availableFen: 10,
      dailyBurn: [{ date: '2025-06-09', burnFen: 10 }],
      today: TODAY,
    });
    // 10 fen over 7 days = 1.43 fen a day → shown as 1; the date uses 10/7 exactly: 7 days.
    expect(forecast).toMatchObject({ averageDailyBurnFen: 1, daysLeft: 7 });
    const half = forecastRunDry({ availableFen: 10, dailyBurn: steady(1, 2), today: TODAY, windowDays: 4 });
    expect(half.averageDailyBurnFen).toBe(1); // 0.5 rounds up
  });

  it('refuses a window it cannot average and a negative balance', () => {
    expect(() => forecastRunDry({ availableFen: 1, dailyBurn: [], today: TODAY, windowDays: 0 })).toThrow(RangeError);
    expect(() => forecastRunDry({ availableFen: 1, dailyBurn: [], today: TODAY, windowDays: 367 })).toThrow(RangeError);
    expect(() => forecastRunDry({ availableFen: -1, dailyBurn: [], today: TODAY })).toThrow(RangeError);
  });

  it('names the day on which the last fen goes, exactly, for any history', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10 ** 12 }),
        fc.array(fc.integer({ min: 0, max: 10 ** 9 }), { minLength: 1, maxLength: 30 }),
        fc.integer({ min: 1, max: 30 }),
        (availableFen, burns, windowDays) => {
          const dailyBurn = burns.map((burnFen, index) => ({ date: addDays(TODAY, -1 - index), burnFen }));
          const forecast = forecastRunDry({ availableFen, dailyBurn, today: TODAY, windowDays });
          const burn = BigInt(burns.slice(0, windowDays).reduce((sum, value) => sum + value, 0));
          const days = BigInt(forecast.daysAveraged);
          expect(forecast.burnInWindowFen).toBe(Number(burn));
          if (burn === 0n) {
            expect(forecast.runsDryOn).toBeNull();
            return;
          }
          const left = BigInt(forecast.daysLeft ?? 0);
          // (left − 1) days of average burn leave money; left days use it all.
          expect(burn * (left - 1n) < BigInt(availableFen) * days).toBe(true);
          expect(burn * left >= BigInt(availableFen) * days).toBe(true);
          if (forecast.daysLeft !== null && forecast.daysLeft <= FORECAST_HORIZON_DAYS) {
            expect(forecast.runsDryOn).toBe(addDays(TODAY, forecast.daysLeft - 1));
          } else {
            expect(forecast.status).toBe('beyond_horizon');
          }
        },
      ),
    );
  });
});
