import { describe, expect, it } from 'vitest';
import { deadlineTone, isClean, nextDay } from './deadline';

describe('deadline colours', () => {
  it('is red past the deadline (or when the server says overdue), orange today and tomorrow, plain later', () => {
    const today = '2025-06-30';
    expect(deadlineTone('2025-06-29', today)).toBe('overdue');
    expect(deadlineTone('2025-07-05', today, true)).toBe('overdue');
    expect(deadlineTone('2025-06-30', today)).toBe('soon');
    expect(deadlineTone('2025-07-01', today)).toBe('soon');
    expect(deadlineTone('2025-07-02', today)).toBe('normal');
    expect(deadlineTone(null, today)).toBe('none');
  });

  it('counts the next day across months and years', () => {
    expect(nextDay('2025-12-31')).toBe('2026-01-01');
    expect(nextDay('2024-02-28')).toBe('2024-02-29');
  });
});

describe('clean cases for bulk approval', () => {
  const base = { state: 'reviewing' as const, eligible: true, reasons: [], reviews: [] };
  it('takes eligible claims under review never returned', () => {
    expect(isClean(base)).toBe(true);
    expect(isClean({ ...base, state: 'returned' })).toBe(false);
    expect(isClean({ ...base, eligible: false })).toBe(false);
    expect(isClean({ ...base, reasons: [{ code: 'X', message: 'x', messageEn: 'x' }] })).toBe(false);
    const review = {
      stage: 'commerce',
      reasonCodes: [],
      reasons: [],
      comment: null,
      reviewerId: 'r',
      reviewerName: 'r',
      at: '2025-06-01T00:00:00Z',
      dueOn: null,
      late: false,
    };
    expect(isClean({ ...base, reviews: [{ ...review, decision: 'approve' }] })).toBe(true);
    expect(isClean({ ...base, reviews: [{ ...review, decision: 'return' }] })).toBe(false);
  });
});
