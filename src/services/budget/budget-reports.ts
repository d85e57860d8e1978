/**
 * What the budget's books say, for finance officers and auditors: a pool's transactions with their
 * postings, its balances day by day (the burn-down chart), when it runs dry at the recent pace, and
 * the books check over the whole ledger. Reads only.
 */
import type { Kysely } from 'kysely';
import type { BudgetRepository } from '../../db/budget-repository.js';
import type { Database } from '../../db/tables.js';
import { addDays, isIsoDate } from '../../domain/budget/calendar.js';
import {
  DEFAULT_FORECAST_WINDOW_DAYS,
  MAX_FORECAST_WINDOW_DAYS,
  forecastRunDry,
} from '../../domain/budget/forecast.js';
import { checkBooks, type BooksReport } from '../../domain/budget/invariants.js';
import type { BurnForecast, TransactionView } from '../../contract/budget.js';
import { invalid, poolNotFound } from './budget-arguments.js';
import { poolView, transactionView } from './budget-views.js';
import { sliceCountOf, type BudgetSliceRepository } from '../../db/budget-slice-repository.js';

const MAX_PAGE = 1000;

/** A pool's balances at the end of one business day. */
export interface PoolDay {
  readonly date: string;
  readonly availableFen: number;
  readonly heldFen: number;
  readonly spentFen: number;
}

export class BudgetReports {
  constructor(
    private readonly repository: BudgetRepository,
    /** Where reports read (outside any write transaction). */
    private readonly reader: Kysely<Database>,
    private readonly slices: BudgetSliceRepository,
  ) {}

  private async requirePool(poolId: string) {
    const row = await this.repository.findPool(this.reader, poolId);
    if (row === undefined) throw poolNotFound(poolId);
    if (sliceCountOf(row) === 1) return poolView(row);
    return poolView(row, (await this.slices.sums(this.reader, [poolId])).get(poolId));
  }

  /**
   * The pool's transactions with their postings, a page at a time: in ledger order after
   * `afterTransactionId`, or newest first before `beforeTransactionId`.
   */
  async postings(
    poolId: string,
    page: {
      readonly afterTransactionId?: number;
      readonly beforeTransactionId?: number;
      readonly limit?: number;
    } = {},
  ): Promise<TransactionView[]> {
    const afterId = page.afterTransactionId ?? 0;
    if (!Number.isSafeInteger(afterId) || afterId < 0) {
      throw invalid('afterTransactionId', 'afterTransactionId must be a non-negative integer');
    }
    const beforeId = page.beforeTransactionId;
    if (beforeId !== undefined && (!Number.isSafeInteger(beforeId) || beforeId < 1)) {
      throw invalid('beforeTransactionId', 'beforeTransactionId must be a positive integer');
    }
    if (beforeId !== undefined && page.afterTransactionId !== undefined) {
      throw invalid('beforeTransactionId', 'give afterTransactionId or beforeTransactionId, not both');
    }
    const limit = page.limit ?? 100;
    if (!Number.isSafeInteger(limit) || limit < 1 || limit > MAX_PAGE) {
      throw invalid('limit', `limit must be an integer from 1 to ${MAX_PAGE}`);
    }
    await this.requirePool(poolId);
    const rows = await this.repository.transactionsOfPool(
      poolId,
      beforeId === undefined ? { after: afterId } : { before: beforeId },
      limit,
    );
    return rows.map(({ transaction, postings }) => transactionView(transaction, postings));
  }

  /**
   * When the pool runs dry at the pace of the last `windowDays` complete days (default 7) before
   * `today` (YYYY-MM-DD, China Standard Time; the caller's clock). See domain/budget/forecast.ts.
   */
  async forecast(poolId: string, today: string, options: { readonly windowDays?: number } = {}): Promise<BurnForecast> {
    if (typeof today !== 'string' || !isIsoDate(today)) throw invalid('today', 'today must be a date YYYY-MM-DD');
    const windowDays = options.windowDays ?? DEFAULT_FORECAST_WINDOW_DAYS;
    if (!Number.isSafeInteger(windowDays) || windowDays < 1 || windowDays > MAX_FORECAST_WINDOW_DAYS) {
      throw invalid('windowDays', `windowDays must be an integer from 1 to ${MAX_FORECAST_WINDOW_DAYS}`);
    }
    const pool = await this.requirePool(poolId);
    const dailyBurn = await this.repository.dailyBurn(poolId, addDays(today, -windowDays), addDays(today, -1));
    const openedOn = await this.repository.firstFundedOn(poolId);
    return forecastRunDry({ availableFen: pool.availableFen, dailyBurn, today, windowDays, openedOn });
  }

  /**
   * The pool's balances at the end of each business day that moved money (for the burn-down chart),
   * rebuilt from the postings, oldest first.
   */
  async balanceHistory(poolId: string): Promise<PoolDay[]> {
    await this.requirePool(poolId);
    const days = new Map<string, PoolDay>();
    const running = { available: 0, held: 0, spent: 0 };
    for (const flow of await this.repository.dailyFlows(poolId)) {
      if (flow.account === 'available' || flow.account === 'held' || flow.account === 'spent') {
        running[flow.account] += flow.flowFen;
      }
      days.set(flow.date, {
        date: flow.date,
        availableFen: running.available,
        heldFen: running.held,
        spentFen: running.spent,
      });
    }
    return [...days.values()];
  }

  /**
   * Checks the whole ledger: postings sum to zero, every pool agrees with its postings and holds, and
   * every record that reserved money agrees with its hold.
   */
  async verifyBooks(): Promise<BooksReport> {
    return checkBooks(await this.repository.booksSnapshot());
  }
}
