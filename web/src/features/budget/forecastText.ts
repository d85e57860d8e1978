/**
 * The burn-rate forecast in words (GET …/forecast): the run-dry date and days left when there is
 * one, and why not otherwise; the window the average was taken over.
 */
import type { BurnForecast } from './api';
import { fenToYuanText } from '../../lib/money';
import type { BudgetTranslate } from './messages';

export interface ForecastWords {
  /** The sentence that answers "when does it run dry?". */
  headline: string;
  /** Which days were averaged and what they spent; undefined when no day was averaged. */
  window?: string;
  /** How urgent it is: error (dry, or within a week), warning (within a month), else normal. */
  tone: 'error' | 'warning' | 'info';
}

/** Days left at which the forecast is shown as urgent, and as a warning. */
const URGENT_DAYS = 7;
const WARNING_DAYS = 30;

export function describeForecast(forecast: BurnForecast, bt: BudgetTranslate): ForecastWords {
  const n = forecast.daysAveraged;
  const avg = fenToYuanText(forecast.averageDailyBurnFen);
  const window =
    forecast.windowStart !== null && forecast.windowEnd !== null && n > 0
      ? bt('budget.forecast.window', {
          start: forecast.windowStart,
          end: forecast.windowEnd,
          n,
          burn: fenToYuanText(forecast.burnInWindowFen),
        })
      : undefined;
  const withWindow = (words: Omit<ForecastWords, 'window'>): ForecastWords =>
    window === undefined ? words : { ...words, window };

  switch (forecast.status) {
    case 'exhausted':
      return withWindow({
        headline: bt('budget.forecast.exhausted', { date: forecast.runsDryOn ?? '—' }),
        tone: 'error',
      });
    case 'no_history':
      return withWindow({ headline: bt('budget.forecast.no_history'), tone: 'info' });
    case 'no_burn':
      return withWindow({ headline: bt('budget.forecast.no_burn', { n }), tone: 'info' });
    case 'beyond_horizon':
      return withWindow({
        headline: bt('budget.forecast.beyond_horizon', { n, avg, days: forecast.daysLeft ?? '—' }),
        tone: 'info',
      });
    case 'forecast': {
      const days = forecast.daysLeft ?? 0;
      return withWindow({
        headline: bt('budget.forecast.forecast', { n, avg, date: forecast.runsDryOn ?? '—', days }),
        tone: days <= URGENT_DAYS ? 'error' : days <= WARNING_DAYS ? 'warning' : 'info',
      });
    }
  }
}
