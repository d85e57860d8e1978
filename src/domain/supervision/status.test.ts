import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dueShareBp, evaluateTarget, statusRank, worsened, worstStatus, type StatusRule } from './status.js';

const YEAR = { start: '2025-01-01', deadline: '2025-12-31' } as const;
const gte = (value: number): StatusRule => ({ ...YEAR, comparator: 'gte', value });

describe('target status at its edges', () => {
  it('is not reported without a report, before and after the deadline', () => {
    expect(evaluateTarget(gte(100), null, '2025-06-30').status).toBe('not_reported');
    expect(evaluateTarget(gte(100), null, '2026-01-15').status).toBe('not_reported');
  });

  it('is done when met early, and stays done after the deadline', () => {
    expect(evaluateTarget(gte(150000), 150000, '2025-03-31').status).toBe('done');
    expect(evaluateTarget(gte(150000), 160000, '2026-02-01').status).toBe('done');
  });

  it('is overdue once the deadline has passed unmet, however close', () => {
    expect(evaluateTarget(gte(150000), 149999, '2025-12-31').status).toBe('on_track');
    expect(evaluateTarget(gte(150000), 149999, '2026-01-01').status).toBe('overdue');
  });

  it('reads the pace linearly: on track at 90% of what is due, behind at 70%, at risk below', () => {
    // 2025-06-30 is day 181 of 365: due 49.6%.
    const due = (150000 * 181) / 365;
    expect(evaluateTarget(gte(150000), Math.ceil(due * 0.9), '2025-06-30').status).toBe('on_track');
    expect(evaluateTarget(gte(150000), Math.floor(due * 0.9) - 1, '2025-06-30').status).toBe('behind');
    expect(evaluateTarget(gte(150000), Math.ceil(due * 0.7), '2025-06-30').status).toBe('behind');
    expect(evaluateTarget(gte(150000), Math.floor(due * 0.7) - 1, '2025-06-30').status).toBe('at_risk');
  });

  it('counts ≈ as met within its tolerance (default 5%, or the one the target states)', () => {
    const approx: StatusRule = { ...YEAR, comparator: 'approx', value: 6000 };
    expect(evaluateTarget(approx, 5700, '2025-10-31').status).toBe('done');
    expect(evaluateTarget(approx, 5699, '2026-01-01').status).toBe('overdue');
    expect(evaluateTarget({ ...approx, toleranceBp: 1000 }, 5400, '2026-01-01').status).toBe('done');
    expect(evaluateTarget({ ...approx, toleranceBp: 0 }, 5999, '2026-01-01').status).toBe('overdue');
  });

  it('reads ≤ as a ceiling: done at or under it, over it at risk or overdue', () => {
    const cap: StatusRule = { ...YEAR, comparator: 'lte', value: 5 };
    expect(evaluateTarget(cap, 5, '2025-03-31').status).toBe('done');
    expect(evaluateTarget(cap, 5.5, '2025-03-31').status).toBe('behind');
    expect(evaluateTarget(cap, 8, '2025-03-31').status).toBe('at_risk');
    expect(evaluateTarget(cap, 8, '2026-01-05').status).toBe('overdue');
  });

  it('follows a declared profile instead of the calendar', () => {
    // A back-loaded target: 10% due by the end of June.
    const profile = [0, 0, 0, 500, 800, 1000, 3000, 5000, 6000, 7000, 8500, 10000];
    const rule: StatusRule = { ...gte(1000), profile };
    expect(dueShareBp(rule, '2025-06-15')).toBe(1000);
    expect(evaluateTarget(rule, 95, '2025-06-30').status).toBe('on_track');
    expect(evaluateTarget(gte(1000), 95, '2025-06-30').status).toBe('at_risk');
  });

  it('ranks statuses and knows a worsening from a first report', () => {
    expect(worsened(null, 'at_risk')).toBe(false);
    expect(worsened('not_reported', 'at_risk')).toBe(false);
    expect(worsened('on_track', 'behind')).toBe(true);
    expect(worsened('behind', 'on_track')).toBe(false);
    expect(worstStatus(['on_track', 'done', 'behind'])).toBe('behind');
    expect(worstStatus([])).toBe('not_reported');
  });
});

const dates = fc
  .date({ min: new Date('2024-11-01T00:00:00Z'), max: new Date('2026-03-31T00:00:00Z'), noInvalidDate: true })
  .map((date) => date.toISOString().slice(0, 10));
const comparators = fc.constantFrom<'gte' | 'approx' | 'eq'>('gte', 'approx', 'eq');
const rules = fc.record({
  comparator: comparators,
  value: fc.integer({ min: 1, max: 1_000_000 }),
  toleranceBp: fc.option(fc.integer({ min: 0, max: 3000 }), { nil: undefined }),
});

describe('target status, properties', () => {
  it('never gets worse when more is reported (≥, ≈, =)', () => {
    fc.assert(
      fc.property(rules, fc.nat(2_000_000), fc.nat(2_000_000), dates, (rule, a, b, asOf) => {
        const full = { ...YEAR, ...rule };
        const [low, high] = a <= b ? [a, b] : [b, a];
        expect(statusRank(evaluateTarget(full, high, asOf).status)).toBeLessThanOrEqual(
          statusRank(evaluateTarget(full, low, asOf).status),
        );
      }),
    );
  });

  it('never gets better as time passes with the same figure (≥, ≈, =)', () => {
    fc.assert(
      fc.property(rules, fc.nat(2_000_000), dates, dates, (rule, reported, a, b) => {
        const full = { ...YEAR, ...rule };
        const [early, late] = a <= b ? [a, b] : [b, a];
        expect(statusRank(evaluateTarget(full, reported, late).status)).toBeGreaterThanOrEqual(
          statusRank(evaluateTarget(full, reported, early).status),
        );
      }),
    );
  });

  it('is done exactly when the threshold is reached, and overdue exactly when it is not by the deadline', () => {
    fc.assert(
      fc.property(rules, fc.nat(2_000_000), dates, (rule, reported, asOf) => {
        const full = { ...YEAR, ...rule };
        const tolerance = rule.comparator === 'approx' ? (rule.toleranceBp ?? 500) : 0;
        const met = reported * 10000 >= rule.value * (10000 - tolerance);
        const { status } = evaluateTarget(full, reported, asOf);
        expect(status === 'done').toBe(met);
        expect(status === 'overdue').toBe(!met && asOf > YEAR.deadline);
      }),
    );
  });

  it('reads ≤ as done exactly at or under the value', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1000 }),
        fc.integer({ min: 0, max: 2000 }),
        dates,
        (value, reported, asOf) => {
          const { status } = evaluateTarget({ ...YEAR, comparator: 'lte', value }, reported, asOf);
          expect(status === 'done').toBe(reported <= value);
        },
      ),
    );
  });

  it('has a due share that grows with time from 0 to 10000', () => {
    fc.assert(
      fc.property(dates, dates, (a, b) => {
        const [early, late] = a <= b ? [a, b] : [b, a];
        const first = dueShareBp(YEAR, early);
        expect(first).toBeGreaterThanOrEqual(0);
        expect(dueShareBp(YEAR, late)).toBeGreaterThanOrEqual(first);
        expect(dueShareBp(YEAR, late)).toBeLessThanOrEqual(10000);
      }),
    );
  });
});

describe('gaps between reported and platform figures', () => {
  it('flags a difference of more than 10% of the larger figure only', async () => {
    const { hasGap } = await import('./metrics.js');
    expect(hasGap(1000, 900)).toBe(false);
    expect(hasGap(1000, 899)).toBe(true);
    expect(hasGap(null, 5)).toBe(false);
    expect(hasGap(0, 0)).toBe(false);
  });
});
