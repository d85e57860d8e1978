/**
 * Quotes for the public subsidy calculator: one purchase judged against the current plan version's
 * rule book. Nothing is written; quotas need a person's history and are checked when a subsidy is
 * granted, not here. Bad input is refused with the field named, as every route refuses it.
 */
import {
  compileRuleBook,
  evaluateQuote,
  explainDecision,
  validateQuoteInput,
  type QuoteInput,
  type QuoteResult,
  type RuleBook,
} from '../../domain/subsidy/index.js';
import { AppError } from '../../shared/errors.js';
import type { PlanService } from '../plan/plan-service.js';

export class QuoteService {
  private readonly ruleBooks = new Map<string, RuleBook>();

  constructor(private readonly plans: PlanService) {}

  async quote(input: unknown): Promise<QuoteResult> {
    const [error] = validateQuoteInput(input);
    if (error !== undefined) throw new AppError('VALIDATION_FAILED', error.messageEn, error.field || undefined);
    const book = await this.currentRuleBook();
    // validateQuoteInput has checked every field against QuoteInput.
    return explainDecision(evaluateQuote(book, input as QuoteInput));
  }

  /** The rule book of the current plan version, compiled once per version. */
  async currentRuleBook(): Promise<RuleBook> {
    const { version, catalogue } = await this.plans.current();
    let book = this.ruleBooks.get(version.id);
    if (book === undefined) {
      book = compileRuleBook(catalogue.parameters, version.id);
      this.ruleBooks.set(version.id, book);
    }
    return book;
  }
}
