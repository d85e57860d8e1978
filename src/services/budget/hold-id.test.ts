import { describe, expect, it } from 'vitest';
import { newHoldId } from './hold-id.js';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('hold ids (UUID version 7)', () => {
  it('are version-7 UUIDs whose first 48 bits are the millisecond', () => {
    const at = Date.UTC(2026, 11, 2, 8, 0, 0, 123);
    const id = newHoldId(at);
    expect(id).toMatch(UUID_V7);
    expect(parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBeGreaterThanOrEqual(at);
  });

  it('made one after the other, sort one after the other, within a millisecond and across many', () => {
    const ids: string[] = [];
    const at = Date.now() + 10_000;
    for (let index = 0; index < 10_000; index += 1) ids.push(newHoldId(at + Math.floor(index / 3000)));
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(UUID_V7);
    expect([...ids].sort()).toEqual(ids);
  });

  it('never go back when the clock does', () => {
    const later = newHoldId(Date.now() + 20_000);
    const earlierClock = newHoldId(Date.now());
    expect(earlierClock > later).toBe(true);
  });
});
