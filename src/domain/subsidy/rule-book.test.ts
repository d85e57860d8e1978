import { describe, expect, it } from 'vitest';
import { sampleBook, sampleParameters, variant } from '../../../test/subsidy/fixture.js';
import { evaluateQuote } from './engine.js';
import { SUBSIDY_LINES } from './lines.js';
import { assertRuleBookUsable, compileRuleBook, periodOn, REQUIRED_ROLES, type PlanParameter } from './rule-book.js';

const without = (id: string): PlanParameter[] => sampleParameters().filter((item) => item.id !== id);
const codes = (parameters: readonly PlanParameter[]): string[] =>
  compileRuleBook(parameters, 'v').problems.map((problem) => problem.code);

describe('compiling the rule book', () => {
  it('compiles the 2025 parameters without a problem, one period per line', () => {
    const book = sampleBook();
    expect(book.problems).toEqual([]);
    for (const line of SUBSIDY_LINES) {
      expect(book.lines[line].periods, line).toHaveLength(1);
      expect(book.lines[line].periods[0]?.missingRoles, line).toEqual([]);
    }
    expect(assertRuleBookUsable(book)).toBe(book);
  });

  it('leaves out parameters of other programmes', () => {
    const housing: PlanParameter = {
      ...variant('digital-rate', {}),
      id: 'housing',
      key: 'housing_provident_fund.loan_limit_uplift_bp',
      appliesTo: undefined,
    };
    const book = compileRuleBook([...sampleParameters(), housing], 'v');
    expect(book.problems).toEqual([]);
    expect(book.parameters.some((item) => item.id === 'housing')).toBe(false);
  });

  it('reports a required parameter that is missing, and the line then has no rule in force', () => {
    const parameters = without('digital-ceiling');
    const book = compileRuleBook(parameters, 'v');
    expect(book.problems).toContainEqual(
      expect.objectContaining({ code: 'MISSING_PARAMETER', line: 'digital', severity: 'error' }),
    );
    expect(() => assertRuleBookUsable(book)).toThrow(/MISSING_PARAMETER/);
    const decision = evaluateQuote(book, {
      line: 'digital',
      category: 'phone',
      finalPriceFen: 100_000,
      purchaseDate: '2025-05-01',
    });
    expect(decision.eligible).toBe(false);
    expect(decision.reasons).toEqual([
      { code: 'NO_RULE_IN_FORCE', date: '2025-05-01', missingRoles: ['price_ceiling'] },
    ]);
  });

  it('requires, per line, the roles that bound the money', () => {
    expect(REQUIRED_ROLES.appliance).toEqual(['categories', 'rate', 'item_cap']);
    expect(REQUIRED_ROLES.elderly_adaptation).toContain('dwelling_cumulative_cap');
    expect(REQUIRED_ROLES.first_launch).toContain('entity_year_cap');
  });

  it('cuts the timeline where a parameter version changes, and the purchase date picks the version', () => {
    const parameters = [
      ...without('appliance-grade1'),
      variant('appliance-grade1', { id: 'grade1-h1', effectiveTo: '2025-06-30' }),
      variant('appliance-grade1', { id: 'grade1-h2', value: 2500, effectiveFrom: '2025-07-01' }),
    ];
    const book = compileRuleBook(parameters, 'v');
    expect(book.problems).toEqual([]);
    expect(book.lines.appliance.periods.map((period) => [period.fromDate, period.toDate])).toEqual([
      [20250101, 20250630],
      [20250701, 20251231],
    ]);
    const quote = (purchaseDate: string) =>
      evaluateQuote(book, {
        line: 'appliance',
        category: 'tv',
        efficiencyGrade: 1,
        finalPriceFen: 100_000,
        purchaseDate,
      });
    expect(quote('2025-06-30').subsidyFen).toBe(20_000);
    expect(quote('2025-07-01').subsidyFen).toBe(25_000);
    expect(quote('2025-07-01').parameters.map((item) => item.id)).toContain('grade1-h2');
  });

  it('has no rule in force outside every version, and in a gap between versions', () => {
    const parameters = [
      ...sampleParameters().filter((item) => item.id !== 'ebike-max'),
      variant('ebike-max', { id: 'ebike-q1', effectiveTo: '2025-03-31' }),
      variant('ebike-max', { id: 'ebike-q3', effectiveFrom: '2025-07-01' }),
    ];
    const book = compileRuleBook(parameters, 'v');
    expect(book.problems).toEqual([]);
    const ebike = (purchaseDate: string) => evaluateQuote(book, { line: 'ebike', purchaseDate });
    expect(ebike('2025-03-31').subsidyFen).toBe(50_000);
    expect(ebike('2025-05-01')).toMatchObject({
      eligible: false,
      subsidyFen: 0,
      reasons: [{ code: 'NO_RULE_IN_FORCE', missingRoles: [] }],
    });
    expect(ebike('2024-12-31').reasons[0]?.code).toBe('NO_RULE_IN_FORCE');
    expect(ebike('2026-01-01').reasons[0]?.code).toBe('NO_RULE_IN_FORCE');
    expect(periodOn(book.lines.ebike, 20250501)).toBeNull();
  });

  it('reports a period where some parameters are in force but a required one is not', () => {
    const parameters = [...without('smart-home-cap'), variant('smart-home-cap', { effectiveTo: '2025-06-30' })];
    const book = compileRuleBook(parameters, 'v');
    expect(book.problems).toContainEqual(
      expect.objectContaining({ code: 'INCOMPLETE_PERIOD', line: 'smart_home', severity: 'error' }),
    );
    const quote = evaluateQuote(book, {
      line: 'smart_home',
      category: 'smart_lock',
      finalPriceFen: 120_000,
      purchaseDate: '2025-08-01',
    });
    expect(quote.reasons).toEqual([{ code: 'NO_RULE_IN_FORCE', date: '2025-08-01', missingRoles: ['item_cap'] }]);
  });

  it('reports two versions in force at once for the same purchases', () => {
    expect(codes([...sampleParameters(), variant('appliance-cap', { id: 'appliance-cap-2' })])).toContain(
      'AMBIGUOUS_PARAMETERS',
    );
    // A more specific version (air conditioners) alongside a general one is not ambiguous.
    expect(codes(sampleParameters())).toEqual([]);
  });

  it('refuses values that cannot be the role the key names', () => {
    expect(codes([...without('digital-rate'), variant('digital-rate', { value: 15 * 1000 })])).toContain(
      'INVALID_PARAMETER',
    );
    expect(codes([...without('digital-rate'), variant('digital-rate', { unit: 'percent' })])).toContain(
      'INVALID_PARAMETER',
    );
    expect(codes([...without('appliance-cap'), variant('appliance-cap', { value: 1999.5 })])).toContain(
      'INVALID_PARAMETER',
    );
    expect(
      codes([
        ...without('ebike-max'),
        variant('ebike-max', { effectiveFrom: '2025-12-31', effectiveTo: '2025-01-01' }),
      ]),
    ).toContain('INVALID_PARAMETER');
    expect(codes([...without('car_scrap-registered'), variant('car_scrap-registered', { value: 20250230 })])).toContain(
      'INVALID_PARAMETER',
    );
    expect(
      codes([
        ...without('appliance-categories'),
        variant('appliance-categories', { appliesTo: { programme: 'appliance' } }),
      ]),
    ).toContain('INVALID_PARAMETER');
  });

  it('notes, without refusing, a subsidy-line key it does not know', () => {
    const unknown = variant('ebike-max', { id: 'ebike-mystery', key: 'ebike.mystery_fen' });
    const book = compileRuleBook([...sampleParameters(), unknown], 'v');
    expect(book.problems).toEqual([expect.objectContaining({ code: 'UNKNOWN_PARAMETER_KEY', severity: 'info' })]);
    expect(() => assertRuleBookUsable(book)).not.toThrow();
  });

  it('prefers the most specific parameter: air conditioners over appliances in general', () => {
    const period = sampleBook().lines.appliance.periods[0];
    expect(period?.roles.items_per_person_category_year.map((item) => item.id)).toEqual([
      'appliance-air-conditioners',
      'appliance-per-category',
    ]);
  });
});
