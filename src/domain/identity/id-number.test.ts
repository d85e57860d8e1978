import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkIdNumber, idNumberCheckCharacter, isCalendarDate } from './id-number.js';

const TODAY = '2025-06-10';
const PROVINCES = [
  11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63,
  64, 65, 71, 81, 82,
];

/** A complete ID number from its first 17 digits. */
function withCheck(first17: string): string {
  return first17 + idNumberCheckCharacter(first17);
}

describe('checkIdNumber', () => {
  it('accepts the REFERENCE examples', () => {
    expect(checkIdNumber('11010519491231002X', TODAY)).toEqual({
      ok: true,
      idNumber: '11010519491231002X',
      regionCode: '110105',
      birthDate: '1949-12-31',
      sex: 'female',
    });
    expect(checkIdNumber('53010219200508011X', TODAY)).toEqual({
      ok: true,
      idNumber: '53010219200508011X',
      regionCode: '530102',
      birthDate: '1920-05-08',
      sex: 'male',
    });
  });

  it('computes the check character', () => {
    expect(idNumberCheckCharacter('11010519491231002')).toBe('X');
    expect(idNumberCheckCharacter('53010219200508011')).toBe('X');
    expect(() => idNumberCheckCharacter('1101051949123100')).toThrow(RangeError);
    expect(() => idNumberCheckCharacter('1101051949123100A')).toThrow(RangeError);
  });

  it('accepts a lower-case x and surrounding spaces, and normalises them', () => {
    const result = checkIdNumber('  11010519491231002x ', TODAY);
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.idNumber).toBe('11010519491231002X');
  });

  it('reads the sex from the 17th digit (odd = male)', () => {
    const male = checkIdNumber(withCheck('41120219900101123'), TODAY);
    const female = checkIdNumber(withCheck('41120219900101124'), TODAY);
    expect(male.ok && male.sex).toBe('male');
    expect(female.ok && female.sex).toBe('female');
  });

  it('accepts old region codes that are no longer current (411222, the former Shan county)', () => {
    const result = checkIdNumber(withCheck('41122219800101001'), TODAY);
    expect(result.ok && result.regionCode).toBe('411222');
  });

  it.each([
    ['too short', '11010519491231002'],
    ['too long', '11010519491231002X1'],
    ['letter in the body', '1101051949123100AX'],
    ['X not last', '1101051949123100X2'],
    ['empty', ''],
    ['inner space', '110105 19491231002X'],
    ['full-width digits', '１１０１０５１９４９１２３１００２Ｘ'],
  ])('reports a format problem: %s', (_label, raw) => {
    expect(checkIdNumber(raw, TODAY)).toMatchObject({ ok: false, problem: 'format' });
  });

  it.each(['00', '10', '16', '20', '24', '30', '38', '40', '47', '55', '60', '66', '70', '72', '80', '83', '91', '99'])(
    'reports a region problem for prefix %s',
    (prefix) => {
      expect(checkIdNumber(withCheck(`${prefix}010519800101001`), TODAY)).toMatchObject({
        ok: false,
        problem: 'region',
      });
    },
  );

  it.each(['19801301', '19800001', '19800100', '19800431', '19800230', '18991231', '00000000'])(
    'reports a birth-date problem for %s',
    (date) => {
      expect(checkIdNumber(withCheck(`411202${date}001`), TODAY)).toMatchObject({ ok: false, problem: 'birth_date' });
    },
  );

  it('accepts 1900-01-01, the earliest birth date', () => {
    expect(checkIdNumber(withCheck('41120219000101001'), TODAY).ok).toBe(true);
  });

  it('handles 29 February on leap and non-leap years', () => {
    for (const year of ['2000', '2004', '2024', '1904']) {
      const result = checkIdNumber(withCheck(`411202${year}0229001`), TODAY);
      expect(result.ok && result.birthDate).toBe(`${year}-02-29`);
    }
    for (const year of ['1900', '2023', '2001', '1999']) {
      expect(checkIdNumber(withCheck(`411202${year}0229001`), TODAY)).toMatchObject({
        ok: false,
        problem: 'birth_date',
      });
    }
  });

  it('rejects a birth date after today, relative to the given today', () => {
    const id = withCheck('41120220250611001');
    expect(checkIdNumber(id, '2025-06-10')).toMatchObject({ ok: false, problem: 'future_birth_date' });
    expect(checkIdNumber(id, '2025-06-11').ok).toBe(true);
    expect(checkIdNumber(id, '2026-01-01').ok).toBe(true);
    expect(checkIdNumber(withCheck('41120220990101001'), TODAY)).toMatchObject({
      ok: false,
      problem: 'future_birth_date',
    });
  });

  it('reports a checksum problem with bilingual messages', () => {
    const result = checkIdNumber('110105194912310021', TODAY);
    expect(result).toMatchObject({ ok: false, problem: 'checksum' });
    if (!result.ok) {
      expect(result.message).toMatch(/校验码/);
      expect(result.messageEn).toMatch(/check character/);
    }
  });

  it('has a message in both languages for every problem', () => {
    const cases = [
      '1',
      withCheck('00010519800101001'),
      withCheck('41120219801301001'),
      withCheck('41120220990101001'),
      '110105194912310021',
    ];
    const problems = cases.map((raw) => checkIdNumber(raw, TODAY)).map((result) => (result.ok ? null : result));
    expect(problems.map((problem) => problem?.problem)).toEqual([
      'format',
      'region',
      'birth_date',
      'future_birth_date',
      'checksum',
    ]);
    for (const problem of problems) {
      expect(problem?.message).toMatch(/身份证号码/);
      expect(problem?.messageEn).toMatch(/ID number/);
    }
  });

  it('refuses a malformed today', () => {
    expect(() => checkIdNumber('11010519491231002X', '2025-6-10')).toThrow(RangeError);
    expect(() => checkIdNumber('11010519491231002X', '2025-02-30')).toThrow(RangeError);
  });
});

describe('isCalendarDate', () => {
  it('knows month lengths and the Gregorian leap rule', () => {
    expect(isCalendarDate(2024, 2, 29)).toBe(true);
    expect(isCalendarDate(2100, 2, 29)).toBe(false);
    expect(isCalendarDate(2000, 2, 29)).toBe(true);
    expect(isCalendarDate(2025, 4, 31)).toBe(false);
    expect(isCalendarDate(2025, 12, 31)).toBe(true);
    expect(isCalendarDate(2025, 13, 1)).toBe(false);
    expect(isCalendarDate(2025, 1, 0)).toBe(false);
  });
});

describe('ID number properties', () => {
  const DAY_MS = 86_400_000;
  const earliest = Date.UTC(1900, 0, 1) / DAY_MS;
  const latest = Date.UTC(2025, 5, 10) / DAY_MS;
  const digits = (length: number) =>
    fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: length, maxLength: length });

  /** 17-digit bodies with a valid province prefix and a real birth date between 1900-01-01 and TODAY. */
  const body = fc
    .tuple(fc.constantFrom(...PROVINCES), digits(4), fc.integer({ min: earliest, max: latest }), digits(3))
    .map(([province, county, day, sequence]) => {
      const date = new Date(day * DAY_MS).toISOString().slice(0, 10).replaceAll('-', '');
      return `${province}${county}${date}${sequence}`;
    });

  it('accepts any valid body followed by its check character', () => {
    fc.assert(
      fc.property(body, (first17) => {
        const result = checkIdNumber(withCheck(first17), TODAY);
        expect(result.ok).toBe(true);
        if (result.ok) {
          expect(result.regionCode).toBe(first17.slice(0, 6));
          expect(result.birthDate.replaceAll('-', '')).toBe(first17.slice(6, 14));
        }
      }),
    );
  });

  it('rejects any single-character change', () => {
    fc.assert(
      fc.property(
        body,
        fc.integer({ min: 0, max: 17 }),
        fc.integer({ min: 1, max: 10 }),
        (first17, position, shift) => {
          const id = withCheck(first17);
          const alphabet = position === 17 ? '0123456789X' : '0123456789';
          const current = alphabet.indexOf(id.charAt(position));
          const replacement = alphabet.charAt((current + (shift % alphabet.length || 1)) % alphabet.length);
          const changed = id.slice(0, position) + replacement + id.slice(position + 1);
          expect(changed).not.toBe(id);
          const result = checkIdNumber(changed, TODAY);
          expect(result.ok).toBe(false);
          if (!result.ok) expect(['checksum', 'birth_date', 'future_birth_date', 'region']).toContain(result.problem);
        },
      ),
    );
  });

  it('is case-insensitive in the check character', () => {
    fc.assert(
      fc.property(body, (first17) => {
        const id = withCheck(first17);
        expect(checkIdNumber(id.toLowerCase(), TODAY)).toEqual(checkIdNumber(id, TODAY));
      }),
    );
  });
});
