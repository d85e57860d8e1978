import { describe, expect, it } from 'vitest';
import type { BurnForecast } from './api';
import { describeForecast } from './forecastText';
import { budgetText, type BudgetTranslate } from './messages';

const zh: BudgetTranslate = (key, vars) => budgetText('zh-CN', key, vars);
const en: BudgetTranslate = (key, vars) => budgetText('en', key, vars);

const base: BurnForecast = {
  status: 'forecast',
  availableFen: 11_111_103,
  windowDays: 7,
  windowStart: '2025-06-02',
  windowEnd: '2025-06-08',
  daysAveraged: 7,
  burnInWindowFen: 8_641_969,
  averageDailyBurnFen: 1_234_567,
  daysLeft: 9,
  runsDryOn: '2025-06-17',
  days: [],
};

describe('the forecast in words', () => {
  it('gives the date and days left at the recent pace', () => {
    const words = describeForecast(base, zh);
    expect(words.headline).toBe('按近7日日均支出 12,345.67 元，预计 2025-06-17 用尽，剩余 9 天。');
    expect(words.window).toBe('测算区间 2025-06-02 至 2025-06-08（7 个完整日，不含今日），期间净支出 86,419.69 元。');
    expect(words.tone).toBe('warning');
    expect(describeForecast(base, en).headline).toBe(
      'At the last 7 days’ average spend of 12,345.67 yuan a day, the pool runs dry on 2025-06-17, in 9 days.',
    );
  });

  it('warns loudly within a week and stays calm beyond a month', () => {
    expect(describeForecast({ ...base, daysLeft: 7 }, zh).tone).toBe('error');
    expect(describeForecast({ ...base, daysLeft: 31 }, zh).tone).toBe('info');
  });

  it('explains every other status', () => {
    expect(
      describeForecast({ ...base, status: 'exhausted', availableFen: 0, daysLeft: 0, runsDryOn: '2025-06-09' }, zh),
    ).toMatchObject({ headline: '可用余额为零，资金池已用尽（2025-06-09）。', tone: 'error' });
    const fresh = describeForecast(
      {
        ...base,
        status: 'no_history',
        windowStart: null,
        windowEnd: null,
        daysAveraged: 0,
        burnInWindowFen: 0,
        averageDailyBurnFen: 0,
        daysLeft: null,
        runsDryOn: null,
      },
      zh,
    );
    expect(fresh.headline).toContain('尚无完整的一天');
    expect(fresh.window).toBeUndefined();
    expect(
      describeForecast(
        {
          ...base,
          status: 'no_burn',
          daysAveraged: 3,
          burnInWindowFen: 0,
          averageDailyBurnFen: 0,
          daysLeft: null,
          runsDryOn: null,
        },
        zh,
      ).headline,
    ).toBe('近3日没有净支出，按当前速度无法预计用尽日期。');
    expect(
      describeForecast(
        { ...base, status: 'beyond_horizon', averageDailyBurnFen: 1, daysLeft: 11_111_103, runsDryOn: null },
        zh,
      ).headline,
    ).toBe('按近7日日均支出 0.01 元，可用余额可支撑十年以上（约 11111103 天）。');
  });
});
