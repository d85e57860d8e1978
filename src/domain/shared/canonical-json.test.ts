import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical-json.js';

describe('canonical JSON', () => {
  it('sorts keys at every depth and drops undefined', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { f: 1, e: 0 }], c: undefined } })).toBe(
      '{"a":{"d":[2,{"e":0,"f":1}]},"b":1}',
    );
  });

  it('keeps a key named __proto__ as data, so changing its value changes the encoding', () => {
    const first = canonicalJson(JSON.parse('{"__proto__":{"amount":100}}'));
    const second = canonicalJson(JSON.parse('{"__proto__":{"amount":999}}'));
    expect(first).toBe('{"__proto__":{"amount":100}}');
    expect(second).not.toBe(first);
  });
});
