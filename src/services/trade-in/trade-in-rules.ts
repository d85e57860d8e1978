/**
 * The trade-in rules in force, read from the plan version's parameters (implicit-parameters.yaml, each
 * quoting its source) and the subsidy rule book: how long a qualification is valid, when the day's
 * release opens, how a subsidy is shared between funding sources, whether a return gives a
 * qualification back, and each line's largest subsidy per item and price ceiling.
 */
import type { ParameterView } from '../../contract/plan.js';
import type { TradeInLine } from '../../contract/trade-in.js';
import { parseIsoDate } from '../../domain/subsidy/dates.js';
import { categoriesInForce, periodOn, pick, type RuleBook } from '../../domain/subsidy/rule-book.js';
import { AppError } from '../../shared/errors.js';

export interface TradeInRules {
  readonly validDays: number;
  readonly releaseHour: number;
  readonly centralShareBp: number;
  readonly qualificationsRestoredOnReturn: number;
  /** The words the rules quote, for explanations. */
  readonly clauses: {
    readonly validity: string;
    readonly release: string;
    readonly funding: string;
    readonly returns: string;
  };
  readonly parameterIds: readonly string[];
}

function parameterOn(parameters: readonly ParameterView[], key: string, day: string): ParameterView {
  const found = parameters.find(
    (parameter) => parameter.key === key && parameter.effectiveFrom <= day && parameter.effectiveTo >= day,
  );
  if (found === undefined) {
    throw new AppError('NO_RULE_IN_FORCE', `the plan has no parameter ${key} in force on ${day}`);
  }
  return found;
}

export function tradeInRulesOn(parameters: readonly ParameterView[], day: string): TradeInRules {
  const valid = parameterOn(parameters, 'trade_in.qualification.valid_days', day);
  const release = parameterOn(parameters, 'trade_in.qualification.release_hour', day);
  const share = parameterOn(parameters, 'trade_in.funding.central_share_bp', day);
  const restored = parameterOn(parameters, 'trade_in.return.qualifications_restored', day);
  return {
    validDays: valid.value,
    releaseHour: release.value,
    centralShareBp: share.value,
    qualificationsRestoredOnReturn: restored.value,
    clauses: {
      validity: valid.quote ?? valid.name,
      release: release.quote ?? release.name,
      funding: share.quote ?? share.name,
      returns: restored.quote ?? restored.name,
    },
    parameterIds: [valid.id, release.id, share.id, restored.id],
  };
}

/** What the line allows on a day: its categories, per-category yearly quota, item cap and ceiling. */
export interface LineLimitsOnDay {
  readonly categories: readonly string[];
  readonly quotaOf: (category: string) => number | null;
  readonly capFenOf: (category: string) => number | null;
  readonly largestCapFen: number | null;
  readonly priceCeilingFen: number | null;
  /** Prices at which rate × price reaches the cap (rate lines): the "sweet spots". */
  readonly capSweetSpotsFen: readonly number[];
}

export function lineLimitsOn(book: RuleBook, line: TradeInLine, day: string): LineLimitsOnDay | null {
  const period = periodOn(book.lines[line], parseIsoDate(day));
  if (period === null) return null;
  const caps = period.roles.item_cap;
  const largestCapFen = caps.length === 0 ? null : Math.max(...caps.map((parameter) => parameter.value));
  const ceiling = period.roles.price_ceiling[0]?.value ?? null;
  const spots = new Set<number>();
  for (const rate of period.roles.rate) {
    const cap = pick(period, 'item_cap', {
      ...(rate.categories?.[0] === undefined ? {} : { category: rate.categories[0] }),
      ...(rate.efficiencyGrade === null ? {} : { efficiencyGrade: rate.efficiencyGrade }),
    });
    if (cap !== null && rate.value > 0) spots.add(Math.ceil((cap.value * 10_000) / rate.value));
  }
  return {
    categories: categoriesInForce(period),
    quotaOf: (category) => pick(period, 'items_per_person_category_year', { category })?.value ?? null,
    capFenOf: (category) => pick(period, 'item_cap', { category })?.value ?? null,
    largestCapFen,
    priceCeilingFen: ceiling,
    capSweetSpotsFen: [...spots].sort((a, b) => a - b),
  };
}
