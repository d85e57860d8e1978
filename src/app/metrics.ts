/**
 * The Prometheus metrics of one app process (prom-client), served at GET /metrics when
 * HUIMIN_METRICS_TOKEN is set (src/http/plugins/metrics.ts; docs/operations.md lists every series).
 *
 * - Measured in this process: HTTP requests by method, route pattern and status (never the raw URL:
 *   it can carry ids, and an unrouted URL can be anything); database queries by kind of statement
 *   (never their text or values); Node's own process metrics.
 * - Read from the database at scrape time, the same whichever process is asked: pool balances by line,
 *   unit and source, ledger transactions by kind. Take `max` of these across processes, never `sum`.
 *
 * Nothing here names a person: the labels are methods, route patterns, status codes, statement kinds,
 * subsidy lines, unit ids, funding sources and ledger kinds.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { QueryTiming } from '../db/database.js';
import type { MetricsRepository } from '../db/metrics-repository.js';
import { TRANSACTION_KINDS } from '../domain/budget/types.js';
import type { BudgetService } from '../services/budget/budget-service.js';

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
/** The label of requests that matched no route (web pages' fallback, unknown paths). */
export const UNROUTED = 'unrouted';
const BALANCES = ['funded', 'available', 'held', 'spent', 'withdrawn'] as const;

/** What the scrape-time series read. */
export interface MetricsSources {
  readonly budget: Pick<BudgetService, 'listPools'>;
  readonly repository: MetricsRepository;
}

export class PlatformMetrics {
  readonly registry = new Registry();
  readonly #httpRequests: Counter<'method' | 'route' | 'status'>;
  readonly #httpDuration: Histogram<'method' | 'route' | 'status'>;
  readonly #queryDuration: Histogram<'operation' | 'outcome'>;
  readonly #collectErrors: Counter<'series'>;
  readonly #batchSize: Histogram<'outcome'>;
  #sources: MetricsSources | null = null;

  constructor() {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    this.#httpRequests = new Counter({
      name: 'huimin_http_requests_total',
      help: 'HTTP requests answered, by method, route pattern and status',
      labelNames: ['method', 'route', 'status'],
      registers,
    });
    this.#httpDuration = new Histogram({
      name: 'huimin_http_request_duration_seconds',
      help: 'Time from receiving a request to sending its answer, by method, route pattern and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.#queryDuration = new Histogram({
      name: 'huimin_db_query_duration_seconds',
      help: 'Time of each database query, by kind of statement (select, insert, update, delete, other) and outcome',
      labelNames: ['operation', 'outcome'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    });
    this.#collectErrors = new Counter({
      name: 'huimin_metrics_collect_errors_total',
      help: 'Scrapes in which a series read from the database could not be read (the series is then absent)',
      labelNames: ['series'],
      registers,
    });
    this.#batchSize = new Histogram({
      name: 'huimin_ledger_batch_size',
      help: 'Standalone holds, commits and releases written per group-commit batch in this process, by outcome (committed, or fallback: the batch failed and ran one by one)',
      labelNames: ['outcome'],
      buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256],
      registers,
    });
    const read = <T>(series: string, reader: (sources: MetricsSources) => Promise<T>) => this.#read(series, reader);
    new Gauge({
      name: 'huimin_budget_pool_balance_fen',
      help: 'Balances of each budget pool in fen (1/100 yuan), by subsidy line, implementing unit, source and balance',
      labelNames: ['line', 'unit', 'source', 'balance'],
      registers,
      async collect() {
        this.reset();
        const pools = await read('huimin_budget_pool_balance_fen', (sources) => sources.budget.listPools());
        for (const pool of pools ?? []) {
          const values = {
            funded: pool.fundedFen,
            available: pool.availableFen,
            held: pool.heldFen,
            spent: pool.spentFen,
            withdrawn: pool.withdrawnFen,
          };
          for (const balance of BALANCES) {
            this.set({ line: pool.line, unit: pool.unitId, source: pool.source, balance }, values[balance]);
          }
        }
      },
    });
    new Counter({
      name: 'huimin_ledger_transactions_total',
      help: 'Ledger transactions booked in the database, by kind (the whole database, not this process)',
      labelNames: ['kind'],
      registers,
      async collect() {
        const counts = await read('huimin_ledger_transactions_total', (sources) =>
          sources.repository.ledgerTransactionsByKind(),
        );
        this.reset();
        if (counts === null) return;
        for (const kind of TRANSACTION_KINDS) this.inc({ kind }, 0);
        for (const { kind, count } of counts) this.inc({ kind }, count);
      },
    });
  }

  /** Gives the scrape-time series their sources (once the services are built). */
  watch(sources: MetricsSources): void {
    this.#sources = sources;
  }

  /** For the budget's hold batcher: one batch written (or fallen back to one by one). */
  readonly observeBatch = (size: number, outcome: 'committed' | 'fallback'): void => {
    this.#batchSize.observe({ outcome }, size);
  };

  /** For the database's query log (database.ts). */
  readonly observeQuery = (timing: QueryTiming): void => {
    this.#queryDuration.observe(
      { operation: timing.operation, outcome: timing.failed ? 'error' : 'ok' },
      timing.durationMs / 1000,
    );
  };

  /** One answered request; `route` is the matched route's pattern, or undefined when none matched. */
  observeRequest(method: string, route: string | undefined, status: number, seconds: number): void {
    const labels = {
      method: METHODS.has(method) ? method : 'other',
      route: route ?? UNROUTED,
      status: String(status),
    };
    this.#httpRequests.inc(labels);
    this.#httpDuration.observe(labels, seconds);
  }

  /** The text a scraper reads. */
  async scrape(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  async #read<T>(series: string, read: (sources: MetricsSources) => Promise<T>): Promise<T | null> {
    if (this.#sources === null) return null;
    try {
      return await read(this.#sources);
    } catch {
      // A database that does not answer must not take the process metrics down with it; readiness
      // (/readyz) reports the database itself.
      this.#collectErrors.inc({ series });
      return null;
    }
  }
}
