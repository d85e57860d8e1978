import fc from 'fast-check';
import { Value } from 'typebox/value';
import { describe, expect, it } from 'vitest';
import { SUBSIDY_LINES } from './lines.js';
import { QuoteInput, type SubsidyLine } from './schema.js';
import { FIELD_RULES, checkQuoteInput, requiredFields, validateQuoteInput } from './validate.js';

const fieldsOf = (value: unknown): string[] =>
  validateQuoteInput(value).map((error) => `${error.field}:${error.problem}`);

const appliance = {
  line: 'appliance',
  category: 'tv',
  efficiencyGrade: 1,
  finalPriceFen: 399_900,
  purchaseDate: '2025-05-01',
};

describe('validating a quote input', () => {
  it('accepts the issue’s example and every line’s minimal input', () => {
    expect(validateQuoteInput(appliance)).toEqual([]);
    const minimal: Record<SubsidyLine, object> = {
      car_scrap: { line: 'car_scrap', newCar: 'nev', purchaseDate: '2025-05-01' },
      car_replace: { line: 'car_replace', newCar: 'fuel', purchaseDate: '2025-05-01' },
      appliance,
      smart_home: { line: 'smart_home', category: 'smart_lock', finalPriceFen: 1, purchaseDate: '2025-05-01' },
      digital: { line: 'digital', category: 'phone', finalPriceFen: 1, purchaseDate: '2025-05-01' },
      elderly_adaptation: { line: 'elderly_adaptation', productCostFen: 1, purchaseDate: '2025-05-01' },
      ebike: { line: 'ebike', purchaseDate: '2025-05-01' },
      first_launch: { line: 'first_launch', eligibleCostFen: 1, eventDate: '2025-05-01' },
    };
    for (const line of SUBSIDY_LINES) expect(validateQuoteInput(minimal[line]), line).toEqual([]);
  });

  it('names the field of every problem, all at once', () => {
    expect(fieldsOf({ ...appliance, finalPriceFen: -1 })).toEqual(['finalPriceFen:range']);
    expect(fieldsOf({ ...appliance, finalPriceFen: 10.5 })).toEqual(['finalPriceFen:type']);
    expect(fieldsOf({ ...appliance, finalPriceFen: '399900' })).toEqual(['finalPriceFen:type']);
    expect(fieldsOf({ ...appliance, finalPriceFen: Number.MAX_SAFE_INTEGER })).toEqual(['finalPriceFen:range']);
    expect(fieldsOf({ ...appliance, purchaseDate: '2025-02-30' })).toEqual(['purchaseDate:format']);
    expect(fieldsOf({ ...appliance, efficiencyGrade: 0 })).toEqual(['efficiencyGrade:range']);
    expect(fieldsOf({ ...appliance, efficiencyGrade: 1.5 })).toEqual(['efficiencyGrade:type']);
    expect(fieldsOf({ ...appliance, line: 'boat' })).toEqual(['line:range']);
    expect(fieldsOf({ ...appliance, category: '' })).toEqual(['category:type']);
    expect(fieldsOf({ ...appliance, newCar: 'diesel' })).toEqual(['newCar:range']);
    expect(fieldsOf({ ...appliance, finalPrice: 399_900 })).toEqual(['finalPrice:unknown_field']);
    expect(fieldsOf({ ...appliance, finalPriceFen: -1, purchaseDate: 'tomorrow', colour: 'red' })).toEqual([
      'finalPriceFen:range',
      'purchaseDate:format',
      'colour:unknown_field',
    ]);
  });

  it('requires what the line needs, and the line', () => {
    expect(fieldsOf({ line: 'appliance' })).toEqual([
      'purchaseDate:required',
      'finalPriceFen:required',
      'category:required',
      'efficiencyGrade:required',
    ]);
    expect(fieldsOf({ line: 'first_launch', eligibleCostFen: 1, purchaseDate: '2025-05-01' })).toEqual([
      'eventDate:required',
    ]);
    expect(fieldsOf({ line: 'car_scrap', purchaseDate: '2025-05-01' })).toEqual(['newCar:required']);
    expect(fieldsOf({ category: 'tv' })).toEqual(['line:required']);
    expect(requiredFields('elderly_adaptation')).toEqual(['purchaseDate', 'productCostFen']);
  });

  it('answers for any value, never throwing', () => {
    for (const value of [null, 42, 'text', [], [appliance]]) expect(fieldsOf(value)).toEqual([':type']);
    fc.assert(
      fc.property(fc.anything(), (value) => {
        expect(Array.isArray(validateQuoteInput(value))).toBe(true);
      }),
    );
  });

  it('lets a typed caller’s extra fields through', () => {
    expect(validateQuoteInput({ ...appliance, note: 'x' }, { allowUnknownFields: true })).toEqual([]);
    const checked = checkQuoteInput({ ...appliance, note: 'x' }, true);
    expect(checked).toMatchObject({ line: 'appliance', finalPriceFen: 399_900, applicantId: undefined });
  });

  it('agrees with the QuoteInput schema on every field', () => {
    expect(Object.keys(FIELD_RULES).sort()).toEqual(Object.keys(QuoteInput.properties).sort());
    const input = fc.record(
      {
        line: fc.constantFrom(...SUBSIDY_LINES, 'boat'),
        category: fc.constantFrom('tv', '', 'x'.repeat(81)),
        efficiencyGrade: fc.oneof(fc.integer({ min: -1, max: 7 }), fc.double()),
        newCar: fc.constantFrom('nev', 'fuel', 'diesel'),
        finalPriceFen: fc.oneof(fc.integer({ min: -5, max: 5 }), fc.constant(1.5), fc.constant('1')),
        purchaseDate: fc.constantFrom('2025-05-01', '2025-5-1'),
        eventDate: fc.constantFrom('2025-05-01', 'never'),
        displacementMl: fc.integer({ min: -1, max: 100_001 }),
        applicantKind: fc.constantFrom('legal_person', 'natural_person', 'robot'),
        applicantId: fc.constantFrom('p', ''),
        colour: fc.constant('red'),
      },
      { requiredKeys: ['line'] },
    );
    fc.assert(
      fc.property(input, (value) => {
        // Shape only: which fields a line requires is beyond the schema.
        const shapeErrors = validateQuoteInput(value).filter((error) => error.problem !== 'required');
        expect(shapeErrors.length === 0).toBe(Value.Check(QuoteInput, value));
      }),
    );
  });
});
