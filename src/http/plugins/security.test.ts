import { describe, expect, it } from 'vitest';
import { FixedWindows } from './security.js';

describe('FixedWindows', () => {
  it('allows max hits per window and key, then says when to retry', () => {
    let now = 1_000_000;
    const windows = new FixedWindows(() => now);
    const hits = Array.from({ length: 4 }, () => windows.hit('a', 3, 60_000));
    expect(hits.map((hit) => hit.allowed)).toEqual([true, true, true, false]);
    expect(hits[3]?.retryAfterSeconds).toBe(60);
    // The security log records the first refusal of a window only.
    expect(hits.map((hit) => hit.firstRefusal)).toEqual([false, false, false, true]);
    expect(windows.hit('b', 3, 60_000).allowed).toBe(true);
    now += 45_000;
    expect(windows.hit('a', 3, 60_000)).toEqual({ allowed: false, firstRefusal: false, retryAfterSeconds: 15 });
    now += 15_000;
    expect(windows.hit('a', 3, 60_000).allowed).toBe(true);
  });
});
