import { describe, expect, it } from 'vitest';
import { prettyJson } from './json';

describe('prettyJson', () => {
  it('indents objects and JSON text alike', () => {
    expect(prettyJson({ a: 1 })).toBe('{\n  "a": 1\n}');
    expect(prettyJson('{"a":1}')).toBe('{\n  "a": 1\n}');
  });

  it('keeps plain text and reports nothing for a missing value', () => {
    expect(prettyJson('disabled')).toBe('disabled');
    expect(prettyJson(undefined)).toBeUndefined();
    expect(prettyJson(null)).toBeUndefined();
  });
});
