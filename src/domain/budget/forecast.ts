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
import { Type, type Static } from 'typebox';
import { addDays, daysBetween } from './calendar.js';

export const DEFAULT_FORECAST_WINDOW_DAYS = 7;
export const MAX_FORECAST_WINDOW_DAYS = 366;
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

export const BurnForecast = Type.Object(
  {
    status: Type.Union([
      /** available is 0: the pool is dry now */
      Type.Literal('exhausted'),
      /** no complete day since the pool opened: nothing to average yet */
      Type.Literal('no_history'),
      /** nothing (net) was spent in the window: no date can be given */
      Type.Literal('no_burn'),
      /** the money lasts longer than the horizon (ten years) at this pace */
      Type.Literal('beyond_horizon'),
      Type.Literal('forecast'),
    ]),
    availableFen: Type.Integer(),
    windowDays: Type.Integer({ description: 'N asked for' }),
    /** First and last day averaged (inclusive); null when there is no such day. */
    windowStart: Type.Union([Type.String(), Type.Null()]),
    windowEnd: Type.Union([Type.String(), Type.Null()]),
    daysAveraged: Type.Integer(),
    burnInWindowFen: Type.Integer(),
    /** For display: the average rounded half up to whole fen. The date uses the exact ratio. */
    averageDailyBurnFen: Type.Integer(),
    /** Days the money lasts, counting today as the first; null when burn is zero or there is no history. */
    daysLeft: Type.Union([Type.Integer(), Type.Null()]),
    /** The day the last fen is expected to go; null when burn is zero, there is no history or it is beyond the horizon. */
    runsDryOn: Type.Union([Type.String(), Type.Null()]),
    /** Burn of each day averaged, oldest first (zeros included), for a burn-down chart. */
    days: Type.Array(Type.Object({ date: Type.String(), burnFen: Type.Integer() })),
  },
  { additionalProperties: false },
);
export type BurnForecast = Static<typeof BurnForecast>;

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
