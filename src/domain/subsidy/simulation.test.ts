import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sampleBook, sampleParameters } from '../../../test/subsidy/fixture.js';
import { decisionColumns, INVALID_KIND, type StoredDecisionInput } from './decision-columns.js';
import { evaluateQuote } from './engine.js';
import { LINE_SPECS } from './lines.js';
import { compileRuleBook } from './rule-book.js';
import type { GrantedDecision, QuoteInput } from './schema.js';
import { recomputeSubsidies, reformRuleBook, reviseParameters, simulateReform } from './simulation.js';

const base = sampleBook();
const parameters = sampleParameters();

const tv = (finalPriceFen: number, unitId: string, applicantId: string): StoredDecisionInput => ({
  line: 'appliance',
  category: 'tv',
  efficiencyGrade: 1,
  finalPriceFen,
  purchaseDate: '2025-05-01',
  applicantId,
  unitId,
});

describe('reform simulation', () => {
  it('costs nothing when nothing changes', () => {
    const report = simulateReform([tv(100_000, 'hubin', 'a'), tv(200_000, 'lingbao', 'b')], base, base);
    expect(report.total).toMatchObject({ decisions: 2, baseFen: 60_000, changedFen: 60_000, differenceFen: 0 });
  });

  it('reports the difference of a rate change in total, by line and by county', () => {
    const changed = reformRuleBook(parameters, [{ key: 'appliance.grade1.rate_bp', value: 2500 }], 'reform');
    const decisions: StoredDecisionInput[] = [
      tv(100_000, 'hubin', 'a'),
      tv(200_000, 'lingbao', 'b'),
      { line: 'ebike', purchaseDate: '2025-05-01', unitId: 'hubin' },
    ];
    const report = simulateReform(decisions, base, changed);
    expect(report.basePlanVersionId).toBe('test-plan@1');
    expect(report.changedPlanVersionId).toBe('reform');
    expect(report.total).toMatchObject({ baseFen: 110_000, changedFen: 125_000, differenceFen: 15_000 });
    expect(report.byLine.find((item) => item.line === 'appliance')).toMatchObject({
      decisions: 2,
      differenceFen: 15_000,
    });
    expect(report.byLine.find((item) => item.line === 'ebike')).toMatchObject({ decisions: 1, differenceFen: 0 });
    expect(report.byUnit).toEqual([
      expect.objectContaining({ unitId: 'hubin', decisions: 2, baseFen: 70_000, changedFen: 75_000 }),
      expect.objectContaining({ unitId: 'lingbao', decisions: 1, baseFen: 40_000, changedFen: 50_000 }),
    ]);
    expect(report.byUnitAndLine).toHaveLength(3);
  });

  it('follows a lower cumulative cap through the decisions before it', () => {
    const changed = reformRuleBook(
      parameters,
      [{ key: 'elderly_adaptation.max_subsidy_per_dwelling_fen', value: 500_000 }],
      'cap',
    );
    const claim = (productCostFen: number): StoredDecisionInput => ({
      line: 'elderly_adaptation',
      productCostFen,
      purchaseDate: '2025-05-01',
      dwellingId: 'd1',
      unitId: 'mianchi',
    });
    const report = simulateReform([claim(1_000_000), claim(1_000_000), claim(1_000_000)], base, changed);
    expect(report.total).toMatchObject({ baseFen: 900_000, changedFen: 500_000, eligibleBase: 3, eligibleChanged: 2 });
  });

  it('counts a decision that does not validate, and pays it under neither book', () => {
    const report = simulateReform([{ ...tv(-1, 'hubin', 'a') }, tv(100_000, 'hubin', 'b')], base, base);
    expect(report.invalidDecisions).toBe(1);
    expect(report.total.decisions).toBe(1);
    expect(decisionColumns([tv(-1, 'hubin', 'a')]).kind[0]).toBe(INVALID_KIND);
  });

  it('refuses to change a parameter the plan does not have', () => {
    expect(() => reviseParameters(parameters, [{ key: 'appliance.grade9.rate_bp', value: 1 }])).toThrow(RangeError);
    expect(
      reviseParameters(parameters, [{ id: 'ebike-max', value: 1 }]).find((item) => item.id === 'ebike-max')?.value,
    ).toBe(1);
  });
});

/** Random stored decisions of every line, with holders shared often enough for quotas to bite. */
const storedDecision: fc.Arbitrary<StoredDecisionInput> = fc
  .record({
    pick: fc.integer({ min: 0, max: 9 }),
    price: fc.integer({ min: 0, max: 8_000_000 }),
    grade: fc.integer({ min: 1, max: 3 }),
    category: fc.constantFrom('tv', 'air_conditioner', 'phone', 'smart_lock', 'boat'),
    month: fc.integer({ min: 1, max: 12 }),
    year: fc.constantFrom(2025, 2025, 2025, 2026),
    holder: fc.integer({ min: 0, max: 3 }),
    newCar: fc.constantFrom('nev' as const, 'fuel' as const),
    unit: fc.constantFrom('hubin', 'lingbao'),
  })
  .map((item): StoredDecisionInput => {
    const date = `${item.year}-${String(item.month).padStart(2, '0')}-15`;
    const who = `h${item.holder}`;
    const unitId = item.unit;
    switch (item.pick) {
      case 0:
        return {
          line: 'digital',
          category: item.category,
          finalPriceFen: item.price,
          purchaseDate: date,
          applicantId: who,
          unitId,
        };
      case 1:
        return { line: 'smart_home', category: item.category, finalPriceFen: item.price, purchaseDate: date, unitId };
      case 2:
        return { line: 'elderly_adaptation', productCostFen: item.price, purchaseDate: date, dwellingId: who, unitId };
      case 3:
        return {
          line: 'car_replace',
          newCar: item.newCar,
          purchaseDate: date,
          applicantId: who,
          newCarId: `car${item.holder}`,
          unitId,
        };
      case 4:
        return {
          line: 'car_scrap',
          newCar: item.newCar,
          finalPriceFen: item.price,
          purchaseDate: date,
          applicantId: who,
          newCarId: `car${item.holder}`,
          unitId,
        };
      case 5:
        return { line: 'first_launch', eligibleCostFen: item.price * 40, eventDate: date, entityId: who, unitId };
      case 6:
        return { line: 'ebike', finalPriceFen: item.price % 80_000, purchaseDate: date, unitId };
      default:
        return {
          line: 'appliance',
          category: item.category,
          efficiencyGrade: item.grade,
          finalPriceFen: item.price,
          purchaseDate: date,
          applicantId: who,
          unitId,
        };
    }
  });

/** The quote input of a stored decision: everything but the unit it was granted in. */
function quoteInputOf(stored: StoredDecisionInput): QuoteInput {
  return Object.fromEntries(Object.entries(stored).filter(([key]) => key !== 'unitId')) as QuoteInput;
}

function grantedOf(input: QuoteInput, subsidyFen: number): GrantedDecision {
  return {
    line: input.line,
    category: input.category,
    subsidyFen,
    ruleDate: input[LINE_SPECS[input.line].ruleDate] ?? '',
    applicantId: input.applicantId,
    dwellingId: input.dwellingId,
    entityId: input.entityId,
    newCarId: input.newCarId,
  };
}

describe('the simulation and the engine', () => {
  it('agree to the fen: replaying decisions equals quoting each against the grants before it', () => {
    const changed = reformRuleBook(
      parameters,
      [
        { key: 'appliance.air_conditioner.max_items_per_person_year', value: 2 },
        { key: 'elderly_adaptation.max_subsidy_per_dwelling_fen', value: 700_000 },
        { key: 'digital.rate_bp', value: 2000 },
      ],
      'reform',
    );
    fc.assert(
      fc.property(fc.array(storedDecision, { maxLength: 60 }), (decisions) => {
        const columns = decisionColumns(decisions);
        for (const book of [base, changed]) {
          const replayed = recomputeSubsidies(columns, book);
          const history: GrantedDecision[] = [];
          decisions.forEach((stored, row) => {
            const input = quoteInputOf(stored);
            const decision = evaluateQuote(book, input, history);
            const value = replayed[row] as number;
            expect(Number.isNaN(value) ? null : value, `row ${row} ${JSON.stringify(input)}`).toBe(
              decision.eligible ? decision.subsidyFen : null,
            );
            if (decision.eligible) history.push(grantedOf(input, decision.subsidyFen));
          });
        }
      }),
      { numRuns: 300 },
    );
  });

  it('agree across dated versions of a parameter', () => {
    const dated = [
      ...parameters.filter((item) => item.id !== 'elderly-cap'),
      { ...parameters.find((item) => item.id === 'elderly-cap')!, id: 'cap-h1', effectiveTo: '2025-06-30' },
      {
        ...parameters.find((item) => item.id === 'elderly-cap')!,
        id: 'cap-h2',
        value: 400_000,
        effectiveFrom: '2025-07-01',
      },
    ];
    const book = compileRuleBook(dated, 'dated');
    expect(book.problems).toEqual([]);
    const claims = ['2025-03-01', '2025-08-01', '2025-04-01', '2025-09-01'].map(
      (purchaseDate): StoredDecisionInput => ({
        line: 'elderly_adaptation',
        productCostFen: 1_000_000,
        purchaseDate,
        dwellingId: 'd',
        unitId: 'u',
      }),
    );
    const replayed = [...recomputeSubsidies(decisionColumns(claims), book)];
    const history: GrantedDecision[] = [];
    const quoted = claims.map((claim) => {
      const input = quoteInputOf(claim);
      const decision = evaluateQuote(book, input, history);
      if (decision.eligible) history.push(grantedOf(input, decision.subsidyFen));
      return decision.eligible ? decision.subsidyFen : Number.NaN;
    });
    expect(replayed).toEqual(quoted);
    expect(quoted).toEqual([300_000, 300_000, 300_000, 100_000]);
  });
});
