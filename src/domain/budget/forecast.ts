/**
 * Burn-rate forecast: when does a pool run dry if money keeps going at the pace of recent days?
 *
 * Burn on a day is the net money that left the pool's available balance for subsidies: holds placed,
 * less holds released and returns put back into the pool (funding is not burn). The average is taken
 * over the last N complete days before today (N = 7 unless told), and never over days before the pool
 * opened, so a pool opened three days ago is averaged over three days. Today is left out of the
 * average because it is not over yet.
 *
 * The pool is expected to run dry on day ⌈available ÷ average⌉ counting today as day 1: today is
 * counted as a whole day still to come, which errs towards warning early. Integer arithmetic only.
 */
import type { BurnForecast } from '../../contract/budget.js';
import { MAX_FORECAST_WINDOW_DAYS } from './types.js';
import { addDays, daysBetween } from './calendar.js';

export const DEFAULT_FORECAST_WINDOW_DAYS = 7;
export { MAX_FORECAST_WINDOW_DAYS };
/** Beyond ten years a date says nothing useful (and would leave the calendar's range at a trickle). */
export const FORECAST_HORIZON_DAYS = 3660;

export interface DailyBurn {
  /** YYYY-MM-DD, China Standard Time */
  readonly date: string;
  /** Net fen taken from available on that day (may be negative on a day of many returns). */
  readonly burnFen: number;
}

export interface ForecastInput {
  readonly availableFen: number;
  /** Any days, in any order; days not listed burned nothing. */
  readonly dailyBurn: readonly DailyBurn[];
  /** The business date of "now" (the caller's clock; the domain has none). */
  readonly today: string;
  readonly windowDays?: number;
  /** The first day the pool had money; the average never reaches back before it. */
  readonly openedOn?: string | null;
}

/** ⌈numerator ÷ denominator⌉ for non-negative safe integers, exact beyond 2^53 intermediate products. */
function ceilDiv(numerator: bigint, denominator: bigint): bigint {
  return (numerator + denominator - 1n) / denominator;
}

export function forecastRunDry(input: ForecastInput): BurnForecast {
  const windowDays = input.windowDays ?? DEFAULT_FORECAST_WINDOW_DAYS;
  if (!Number.isSafeInteger(windowDays) || windowDays < 1 || windowDays > MAX_FORECAST_WINDOW_DAYS) {
    throw new RangeError(`windowDays must be an integer from 1 to ${MAX_FORECAST_WINDOW_DAYS}`);
  }
  if (!Number.isSafeInteger(input.availableFen) || input.availableFen < 0) {
    throw new RangeError('availableFen must be a non-negative integer');
  }
  const { today, availableFen } = input;
  const windowEnd = addDays(today, -1);
  let windowStart = addDays(today, -windowDays);
  if (input.openedOn !== undefined && input.openedOn !== null && daysBetween(windowStart, input.openedOn) > 0) {
    windowStart = input.openedOn;
  }
  const daysAveraged = Math.max(0, daysBetween(windowStart, windowEnd) + 1);

  const burnByDate = new Map<string, number>();
  for (const { date, burnFen } of input.dailyBurn) burnByDate.set(date, (burnByDate.get(date) ?? 0) + burnFen);
  const days = Array.from({ length: daysAveraged }, (_, index) => {
    const date = addDays(windowStart, index);
    return { date, burnFen: burnByDate.get(date) ?? 0 };
  });
  const burnInWindowFen = days.reduce((sum, day) => sum + day.burnFen, 0);
  const averageDailyBurnFen =
    daysAveraged === 0 || burnInWindowFen <= 0
      ? 0
      : Number((2n * BigInt(burnInWindowFen) + BigInt(daysAveraged)) / (2n * BigInt(daysAveraged)));

  const base = {
    availableFen,
    windowDays,
    windowStart: daysAveraged === 0 ? null : windowStart,
    windowEnd: daysAveraged === 0 ? null : windowEnd,
    daysAveraged,
    burnInWindowFen,
    averageDailyBurnFen,
    days,
  };
  if (availableFen === 0) return { status: 'exhausted', ...base, daysLeft: 0, runsDryOn: today };
  if (daysAveraged === 0) return { status: 'no_history', ...base, daysLeft: null, runsDryOn: null };
  if (burnInWindowFen <= 0) return { status: 'no_burn', ...base, daysLeft: null, runsDryOn: null };
  // available ÷ (burn ÷ days) = available × days ÷ burn, rounded up: the day the last fen goes.
  const daysLeft = Number(ceilDiv(BigInt(availableFen) * BigInt(daysAveraged), BigInt(burnInWindowFen)));
  if (daysLeft > FORECAST_HORIZON_DAYS) return { status: 'beyond_horizon', ...base, daysLeft, runsDryOn: null };
  return { status: 'forecast', ...base, daysLeft, runsDryOn: addDays(today, daysLeft - 1) };
}
