import { describe, expect, it } from 'vitest';
import { formatMoment, formatShanghai, isFuture } from './datetime';

describe('formatShanghai', () => {
  it('writes a UTC moment in Beijing time', () => {
    expect(formatShanghai('2025-05-01T04:05:06.789Z')).toBe('2025-05-01 12:05:06');
  });

  it('crosses midnight into the next day', () => {
    expect(formatShanghai('2024-12-31T16:00:00Z')).toBe('2025-01-01 00:00:00');
  });

  it('keeps an offset moment correct', () => {
    expect(formatShanghai('2025-05-01T00:00:00+08:00')).toBe('2025-05-01 00:00:00');
  });

  it('returns what it cannot read', () => {
    expect(formatShanghai('not a date')).toBe('not a date');
    expect(formatMoment(null)).toBe('—');
  });
});

describe('isFuture', () => {
  it('compares with now', () => {
    const now = Date.parse('2025-05-01T00:00:00Z');
    expect(isFuture('2025-05-01T00:15:00Z', now)).toBe(true);
    expect(isFuture('2025-04-30T23:59:59Z', now)).toBe(false);
    expect(isFuture(null, now)).toBe(false);
  });
});
