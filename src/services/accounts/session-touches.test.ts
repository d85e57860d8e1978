import { describe, expect, it } from 'vitest';
import { SessionTouches } from './session-touches.js';

describe('SessionTouches', () => {
  it('writes the sessions seen together, once each, at the latest time noted', async () => {
    const writes: { ids: readonly string[]; at: string }[] = [];
    const touches = new SessionTouches((ids, at) => {
      writes.push({ ids, at });
      return Promise.resolve();
    });
    touches.note('a', '2026-12-03T10:00:00.000Z');
    touches.note('b', '2026-12-03T10:00:00.400Z');
    touches.note('a', '2026-12-03T10:00:00.700Z');
    expect(writes).toEqual([]);
    await touches.flush();
    expect(writes).toEqual([{ ids: ['a', 'b'], at: '2026-12-03T10:00:00.700Z' }]);
    await touches.flush();
    expect(writes).toHaveLength(1);
  });

  it('flushes by itself within a second, and a failed write is reported, not thrown', async () => {
    const errors: unknown[] = [];
    let calls = 0;
    const touches = new SessionTouches(
      () => {
        calls += 1;
        return Promise.reject(new Error('database gone'));
      },
      (error) => errors.push(error),
    );
    touches.note('a', '2026-12-03T10:00:00.000Z');
    await new Promise((resolve) => setTimeout(resolve, 1200));
    await touches.flush();
    expect(calls).toBe(1);
    expect(errors).toHaveLength(1);
  });
});
