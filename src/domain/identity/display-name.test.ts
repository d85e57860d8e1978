import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkDisplayName } from './display-name.js';

describe('checkDisplayName', () => {
  it('keeps ordinary names, normalised to NFKC and trimmed', () => {
    expect(checkDisplayName('  李四 ', 50)).toEqual({ ok: true, name: '李四' });
    expect(checkDisplayName('阿依古丽·买买提', 50)).toEqual({ ok: true, name: '阿依古丽·买买提' });
    expect(checkDisplayName('Ｌｉ　Ｓｉ', 50)).toEqual({ ok: true, name: 'Li Si' });
    // a decomposed é is composed
    expect(checkDisplayName('Rene\u0301', 50)).toEqual({ ok: true, name: 'René' });
    expect(checkDisplayName('陕州家电城（旗舰店）', 200)).toEqual({ ok: true, name: '陕州家电城(旗舰店)' });
  });

  it('refuses names with nothing visible in them', () => {
    for (const raw of [
      '\u200B',
      '\u200B\u200C\u200D',
      '\u3000\u00A0',
      '\u0301\u0302',
      '\u3164',
      '\uFFA0\u115F',
      '\u2800',
      '\uFEFF ',
    ]) {
      const check = checkDisplayName(raw, 50);
      expect(check.ok, JSON.stringify(raw)).toBe(false);
      if (!check.ok) expect(['blank', 'invisible']).toContain(check.problem);
    }
  });

  it('refuses bidirectional controls anywhere in a name', () => {
    for (const control of [
      '\u202A',
      '\u202B',
      '\u202C',
      '\u202D',
      '\u202E',
      '\u2066',
      '\u2067',
      '\u2068',
      '\u2069',
      '\u200E',
      '\u200F',
      '\u061C',
    ]) {
      expect(checkDisplayName(`李${control}四`, 50), control.codePointAt(0)?.toString(16)).toMatchObject({
        ok: false,
        problem: 'bidirectional_control',
      });
    }
  });

  it('refuses control characters and line breaks', () => {
    for (const raw of ['李\u0000四', '李\n四', '李\u007F四', '李\u0085四', '李\u2028四']) {
      expect(checkDisplayName(raw, 50)).toMatchObject({ ok: false, problem: 'control' });
    }
  });

  it('measures the length after normalisation, so what is stored fits', () => {
    // U+FDFA is one character that NFKC writes as 18
    expect(checkDisplayName('\uFDFA', 10)).toMatchObject({ ok: false, problem: 'too_long' });
    expect(checkDisplayName('\uFDFA', 18).ok).toBe(true);
  });

  it('is idempotent: a name it accepts is accepted again unchanged', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 20 }), (raw) => {
        const first = checkDisplayName(raw, 200);
        if (first.ok) expect(checkDisplayName(first.name, 200)).toEqual(first);
      }),
    );
  });
});
