/**
 * Granted subsidies in the database, and the per-holder locks that make "check the quota, then hold
 * the money" one decision per holder at a time (the quota rules read the holder's history; without the
 * lock two grants at once could both read a history without the other).
 */
import type { Kysely, Selectable } from 'kysely';
import type { GrantedDecision, SubsidyLine } from '../domain/subsidy/index.js';
import type { DialectName } from './database.js';
import type { Database, SubsidyGrantsTable } from './tables.js';

export type GrantRow = Selectable<SubsidyGrantsTable>;

/** The holder ids a decision's quotas are counted by. */
export interface Holders {
  readonly applicantId?: string | undefined;
  readonly dwellingId?: string | undefined;
  readonly entityId?: string | undefined;
  readonly newCarId?: string | undefined;
}

export interface GrantFilter {
  readonly applicantId?: string;
  readonly line?: string;
  readonly unitId?: string;
  readonly status?: 'granted' | 'reversed';
  readonly offset: number;
  readonly limit: number;
}

function holderKeys(holders: Holders): string[] {
  const keys: string[] = [];
  if (holders.applicantId !== undefined) keys.push(`applicant:${holders.applicantId}`);
  if (holders.dwellingId !== undefined) keys.push(`dwelling:${holders.dwellingId}`);
  if (holders.entityId !== undefined) keys.push(`entity:${holders.entityId}`);
  if (holders.newCarId !== undefined) keys.push(`car:${holders.newCarId}`);
  // One order for every grant, so two grants locking the same holders cannot deadlock.
  return keys.sort();
}

export class GrantRepository {
  constructor(
    readonly db: Kysely<Database>,
    readonly dialect: DialectName,
  ) {}

  /**
   * Locks the holders' rows until the transaction ends (PostgreSQL: row locks; SQLite: BEGIN IMMEDIATE
   * already runs the whole transaction alone).
   */
  async lockHolders(trx: Kysely<Database>, holders: Holders): Promise<void> {
    for (const holder of holderKeys(holders)) {
      await trx
        .insertInto('quota_locks')
        .values({ holder })
        .onConflict((conflict) => conflict.column('holder').doNothing())
        .execute();
      if (this.dialect === 'postgres') {
        await trx.selectFrom('quota_locks').select('holder').where('holder', '=', holder).forUpdate().execute();
      }
    }
  }

  /** Every earlier grant of any of the holders, as the quota rules read them. */
  async history(trx: Kysely<Database>, holders: Holders): Promise<GrantedDecision[]> {
    const conditions = [
      ['applicant_id', holders.applicantId],
      ['dwelling_id', holders.dwellingId],
      ['entity_id', holders.entityId],
      ['new_car_id', holders.newCarId],
    ] as const;
    const present = conditions.filter(([, value]) => value !== undefined);
    if (present.length === 0) return [];
    const rows = await trx
      .selectFrom('subsidy_grants')
      .selectAll()
      .where((eb) => eb.or(present.map(([column, value]) => eb(column, '=', value ?? ''))))
      .execute();
    return rows.map((row) => ({
      line: row.line as SubsidyLine,
      ...(row.category === null ? {} : { category: row.category }),
      subsidyFen: Number(row.subsidy_fen),
      ruleDate: row.rule_date,
      ...(row.applicant_id === null ? {} : { applicantId: row.applicant_id }),
      ...(row.dwelling_id === null ? {} : { dwellingId: row.dwelling_id }),
      ...(row.entity_id === null ? {} : { entityId: row.entity_id }),
      ...(row.new_car_id === null ? {} : { newCarId: row.new_car_id }),
      ...(row.status === 'reversed' ? { reversed: true } : {}),
    }));
  }

  async insert(trx: Kysely<Database>, row: GrantRow): Promise<void> {
    await trx.insertInto('subsidy_grants').values(row).execute();
  }

  find(id: string, executor: Kysely<Database> = this.db): Promise<GrantRow | undefined> {
    return executor.selectFrom('subsidy_grants').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** Marks a grant returned; false when it was not (or no longer) granted. */
  async markReversed(trx: Kysely<Database>, id: string, at: string): Promise<boolean> {
    const result = await trx
      .updateTable('subsidy_grants')
      .set({ status: 'reversed', reversed_at: at })
      .where('id', '=', id)
      .where('status', '=', 'granted')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async list(filter: GrantFilter): Promise<{ rows: GrantRow[]; total: number }> {
    let query = this.db.selectFrom('subsidy_grants');
    if (filter.applicantId !== undefined) query = query.where('applicant_id', '=', filter.applicantId);
    if (filter.line !== undefined) query = query.where('line', '=', filter.line);
    if (filter.unitId !== undefined) query = query.where('unit_id', '=', filter.unitId);
    if (filter.status !== undefined) query = query.where('status', '=', filter.status);
    const total = await query.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
    const rows = await query
      .selectAll()
      .orderBy('created_at', 'desc')
      .orderBy('id')
      .offset(filter.offset)
      .limit(filter.limit)
      .execute();
    return { rows, total: Number(total.count) };
  }

  /** The inputs of every grant still standing, with their unit: what a reform simulation recomputes. */
  async standingInputs(): Promise<{ input: string; unit_id: string }[]> {
    return this.db.selectFrom('subsidy_grants').select(['input', 'unit_id']).where('status', '=', 'granted').execute();
  }
}
