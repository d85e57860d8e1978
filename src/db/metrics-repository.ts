/**
 * What the metrics read from the database at scrape time: counts over the whole database, the same
 * whichever app process is asked.
 */
import type { Kysely } from 'kysely';
import type { Database } from './tables.js';

export class MetricsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Ledger transactions booked so far, by kind (fund, hold, commit …). */
  async ledgerTransactionsByKind(): Promise<{ kind: string; count: number }[]> {
    const rows = await this.db
      .selectFrom('ledger_transactions')
      .select(['kind', (eb) => eb.fn.countAll<number | string>().as('count')])
      .groupBy('kind')
      .execute();
    return rows.map((row) => ({ kind: row.kind, count: Number(row.count) }));
  }
}
