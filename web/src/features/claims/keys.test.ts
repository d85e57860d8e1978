import { describe, expect, it } from 'vitest';
import { AttemptKeys, uploadSignature } from './keys';

describe('attempt keys', () => {
  it('reuses a key for a retry of the same request, and gives a new one after success or for another request', () => {
    let n = 0;
    const keys = new AttemptKeys(() => `k${++n}`);
    expect(keys.keyFor(['review', 'c1', { decision: 'approve' }])).toBe('k1');
    expect(keys.keyFor(['review', 'c1', { decision: 'approve' }])).toBe('k1');
    expect(keys.keyFor(['review', 'c1', { decision: 'return' }])).toBe('k2');
    keys.done(['review', 'c1', { decision: 'approve' }]);
    expect(keys.keyFor(['review', 'c1', { decision: 'approve' }])).toBe('k3');
  });

  it('tells uploads apart by kind and file', () => {
    const file = { name: 'a.pdf', size: 10, lastModified: 1 };
    expect(uploadSignature('invoice', file)).not.toBe(uploadSignature('photo', file));
    expect(uploadSignature('invoice', file)).not.toBe(uploadSignature('invoice', { ...file, size: 11 }));
    expect(uploadSignature('invoice', file)).toBe(uploadSignature('invoice', { ...file }));
  });
});
