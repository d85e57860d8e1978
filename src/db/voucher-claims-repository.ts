/**
 * The flash claim's writes for a batch of claims in one write transaction (group commit, see
 * src/services/vouchers/claim-batcher.ts): a few set-based statements per batch instead of several per
 * claim. The rules are VouchersRepository's: a person's claims are serialised by their lock row (taken
 * here for the whole batch, in person order, before the round: the single claim's order too), the round's
 * counter is only raised by a conditional UPDATE that refuses to pass `quantity` (and the CHECK
 * `issued <= quantity` stays the backstop). Lock order: people, then rounds (id order), then the report
 * sums the vouchers' triggers write (ADR 7), then the audit chain's head.
 */
import { sql, type Insertable, type Kysely, type RawBuilder } from 'kysely';
import type { FunderKind } from '../domain/vouchers/vocabulary.js';
import type { DialectName } from './database.js';
import { jsonList, jsonRows } from './json-params.js';
import type { Database } from './tables.js';
import type { VoucherPacksTable, VouchersTable } from './voucher-tables.js';
import type { VoucherRoundRow } from './vouchers-repository.js';

/** What a person has claimed, summed by the keys the limits count by. */
export interface ClaimedGroup {
  readonly ownerId: string;
  readonly roundId: string;
  readonly campaignId: string;
  readonly funderKind: FunderKind;
  readonly year: number;
  readonly packs: number;
  readonly faceFen: number;
}

type ColumnType = 'text' | 'bigint' | 'integer';

const PACK_COLUMNS = [
  ['id', 'text'],
  ['round_id', 'text'],
  ['campaign_id', 'text'],
  ['owner_id', 'text'],
  ['funder_kind', 'text'],
  ['year', 'integer'],
  ['face_fen', 'bigint'],
  ['claimed_at', 'text'],
] as const satisfies readonly (readonly [keyof VoucherPacksTable, ColumnType])[];

const VOUCHER_COLUMNS = [
  ['id', 'text'],
  ['code', 'text'],
  ['pack_id', 'text'],
  ['round_id', 'text'],
  ['campaign_id', 'text'],
  ['owner_id', 'text'],
  ['face_fen', 'bigint'],
  ['threshold_fen', 'bigint'],
  ['valid_until', 'text'],
  ['state', 'text'],
  ['claimed_at', 'text'],
  ['updated_at', 'text'],
] as const satisfies readonly (readonly [keyof VouchersTable, ColumnType])[];

function columnList(columns: readonly (readonly [string, ColumnType])[]): RawBuilder<unknown> {
  return sql.join(columns.map(([column]) => sql.ref(column)));
}

export class VoucherClaimsRepository {
  constructor(readonly dialect: DialectName) {}

  /**
   * Takes the lock rows of these people for the rest of the transaction, in person order (PostgreSQL;
   * on SQLite the write transaction is the lock and nothing need be written).
   */
  async lockPersons(trx: Kysely<Database>, personIds: readonly string[]): Promise<void> {
    if (this.dialect !== 'postgres' || personIds.length === 0) return;
    const sorted = [...new Set(personIds)].sort();
    await sql`insert into voucher_person_locks (person_id) select p.value from ${jsonList(this.dialect, sorted)}
      as p (value) order by p.value on conflict (person_id) do nothing`.execute(trx);
    await trx
      .selectFrom('voucher_person_locks')
      .select('person_id')
      .where('person_id', 'in', jsonList(this.dialect, sorted))
      .orderBy('person_id')
      .forUpdate()
      .execute();
  }

  /** The rounds, locked until the transaction ends (PostgreSQL), read as committed now. */
  async lockRounds(trx: Kysely<Database>, roundIds: readonly string[]): Promise<VoucherRoundRow[]> {
    if (roundIds.length === 0) return [];
    const query = trx
      .selectFrom('voucher_rounds')
      .selectAll()
      .where('id', 'in', [...new Set(roundIds)])
      .orderBy('id');
    return (this.dialect === 'postgres' ? query.forNoKeyUpdate() : query).execute();
  }

  /** Everything these people have claimed, grouped by round, campaign, funder kind and year (read under their locks). */
  async claimedBy(trx: Kysely<Database>, personIds: readonly string[]): Promise<ClaimedGroup[]> {
    if (personIds.length === 0) return [];
    const rows = await trx
      .selectFrom('voucher_packs')
      .select((eb) => [
        'owner_id',
        'round_id',
        'campaign_id',
        'funder_kind',
        'year',
        eb.fn.countAll<number | string>().as('packs'),
        eb.fn.sum<number | string>('face_fen').as('face'),
      ])
      .where('owner_id', 'in', jsonList(this.dialect, [...new Set(personIds)]))
      .groupBy(['owner_id', 'round_id', 'campaign_id', 'funder_kind', 'year'])
      .execute();
    return rows.map((row) => ({
      ownerId: row.owner_id,
      roundId: row.round_id,
      campaignId: row.campaign_id,
      funderKind: row.funder_kind,
      year: Number(row.year),
      packs: Number(row.packs),
      faceFen: Number(row.face),
    }));
  }

  /**
   * Issues `count` packs of the round at once if that many are left, and says how many the round has
   * issued now; null (nothing changed) when the counter would pass quantity. The batch decided within the
   * locked row's count, so null means the row changed under it: the batch is then rolled back and its
   * claims run one by one.
   */
  async issueMany(trx: Kysely<Database>, roundId: string, count: number): Promise<number | null> {
    const row = await trx
      .updateTable('voucher_rounds')
      .set((eb) => ({ issued: eb('issued', '+', count) }))
      .where('id', '=', roundId)
      .where((eb) => eb(eb('issued', '+', count), '<=', eb.ref('quantity')))
      .returning('issued')
      .executeTakeFirst();
    return row === undefined ? null : Number(row.issued);
  }

  /**
   * The batch's packs and their vouchers, one statement each: the rows travel as one JSON parameter (an
   * array of arrays, values in column order), so the statement's text is the same for a batch of one and
   * of 256 and neither Kysely nor the database compiles thousands of placeholders (as the ledger's batch
   * repository does).
   */
  async insertPacks(
    trx: Kysely<Database>,
    packs: readonly Insertable<VoucherPacksTable>[],
    vouchers: readonly Insertable<VouchersTable>[],
  ): Promise<void> {
    if (packs.length > 0) {
      const rows = JSON.stringify(packs.map((pack) => PACK_COLUMNS.map(([column]) => pack[column])));
      await sql`insert into voucher_packs (${columnList(PACK_COLUMNS)}) ${this.rowsOf(rows, PACK_COLUMNS)}`.execute(
        trx,
      );
    }
    if (vouchers.length > 0) {
      const rows = JSON.stringify(vouchers.map((voucher) => VOUCHER_COLUMNS.map(([column]) => voucher[column])));
      await sql`insert into vouchers (${columnList(VOUCHER_COLUMNS)}) ${this.rowsOf(rows, VOUCHER_COLUMNS)}`.execute(
        trx,
      );
    }
  }

  /** `select …` of the rows in a JSON array of arrays, as one parameter. */
  private rowsOf(rows: string, columns: readonly (readonly [string, ColumnType])[]): RawBuilder<unknown> {
    const values = columns.map(([, type], index) => {
      const value = sql`v.value ->> ${sql.raw(String(index))}`;
      if (this.dialect === 'sqlite' || type === 'text') return value;
      return sql`cast(${value} as ${sql.raw(type)})`;
    });
    const source = jsonRows(this.dialect, rows);
    return sql`select ${sql.join(values)} from ${source}`;
  }

  /** The round's counter and the packs it really has (the benchmark's and the tests' books check). */
  async roundBooks(executor: Kysely<Database>, roundId: string) {
    const round = await executor
      .selectFrom('voucher_rounds')
      .select(['quantity', 'issued'])
      .where('id', '=', roundId)
      .executeTakeFirst();
    const packs = await executor
      .selectFrom('voucher_packs')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('round_id', '=', roundId)
      .executeTakeFirst();
    return {
      quantity: Number(round?.quantity ?? 0),
      issued: Number(round?.issued ?? 0),
      packs: Number(packs?.n ?? 0),
    };
  }
}
