import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CREDIT_CODE_ALPHABET, checkCreditCode, creditCodeCheckCharacter } from './credit-code.js';

describe('checkCreditCode', () => {
  it.each(['91350100M000100Y43', '91440300708461136T'])('accepts the REFERENCE example %s', (code) => {
    expect(checkCreditCode(code)).toMatchObject({ status: 'valid', creditCode: code });
    expect(checkCreditCode(code).problem).toBeUndefined();
    expect(creditCodeCheckCharacter(code.slice(0, 17))).toBe(code.charAt(17));
  });

  it('normalises case and surrounding spaces', () => {
    expect(checkCreditCode(' 91350100m000100y43 ')).toMatchObject({
      status: 'valid',
      creditCode: '91350100M000100Y43',
    });
  });

  it.each(['', '91350100M000100Y4', '91350100M000100Y431'])('reports a wrong length as invalid: "%s"', (code) => {
    expect(checkCreditCode(code)).toMatchObject({ status: 'invalid', problem: 'length' });
  });

  it.each(['I', 'O', 'S', 'V', 'Z', '-', ' ', 'é'])(
    'reports a character outside the alphabet as invalid: %s',
    (character) => {
      const code = `9135010${character}M000100Y43`;
      expect(checkCreditCode(code)).toMatchObject({ status: 'invalid', problem: 'character' });
    },
  );

  it('treats a checksum mismatch as needing manual verification, not a hard reject', () => {
    const result = checkCreditCode('91350100M000100Y44');
    expect(result).toMatchObject({ status: 'needs_manual_verification', problem: 'checksum' });
    expect(result.message).toMatch(/人工核验/);
    expect(result.messageEn).toMatch(/manual verification/);
  });

  it('refuses a malformed body in creditCodeCheckCharacter', () => {
    expect(() => creditCodeCheckCharacter('91350100M000100Y')).toThrow(RangeError);
    expect(() => creditCodeCheckCharacter('91350100M000100YI')).toThrow(RangeError);
  });
});

describe('credit code properties', () => {
  const body = fc.string({ unit: fc.constantFrom(...CREDIT_CODE_ALPHABET), minLength: 17, maxLength: 17 });

  it('accepts any body followed by its check character', () => {
    fc.assert(
      fc.property(body, (first17) => {
        expect(checkCreditCode(first17 + creditCodeCheckCharacter(first17)).status).toBe('valid');
      }),
    );
  });

  it('flags any single-character change for manual verification', () => {
    fc.assert(
      fc.property(
        body,
        fc.integer({ min: 0, max: 17 }),
        fc.integer({ min: 1, max: 30 }),
        (first17, position, shift) => {
          const code = first17 + creditCodeCheckCharacter(first17);
          const current = CREDIT_CODE_ALPHABET.indexOf(code.charAt(position));
          const replacement = CREDIT_CODE_ALPHABET.charAt((current + shift) % 31);
          const changed = code.slice(0, position) + replacement + code.slice(position + 1);
          expect(checkCreditCode(changed)).toMatchObject({ status: 'needs_manual_verification', problem: 'checksum' });
        },
      ),
    );
  });
});
