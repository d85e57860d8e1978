import { describe, expect, it } from 'vitest';
import { attemptFor } from './attempt';

describe('the till’s idempotency key', () => {
  let n = 0;
  const newKey = () => `key-${(n += 1)}`;
  it('is reused when the same sale is sent again and renewed when the sale changes', () => {
    const first = attemptFor(null, 'sale-a', newKey);
    expect(attemptFor(first, 'sale-a', newKey).key).toBe(first.key);
    const second = attemptFor(first, 'sale-b', newKey);
    expect(second.key).not.toBe(first.key);
    expect(second.signature).toBe('sale-b');
  });
});
