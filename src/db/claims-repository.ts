/**
 * Claims in the database: applications, their evidence, stage reviews and payout batches. Every write
 * takes the executor it runs on. A stage decision is a conditional UPDATE on the state and stage the
 * reviewer saw (`advance`), so two reviewers deciding one claim at once cannot both win, and the
 * money is held once.
 */
import { sql, type Kysely, type Selectable, type Updateable } from 'kysely';
import type { ClaimLine, ClaimState } from '../domain/claims/vocabulary.js';
import { STANDING_STATES } from '../domain/claims/vocabulary.js';
import type { GrantedDecision } from '../domain/subsidy/schema.js';
import type {
  ClaimEvidenceTable,
  ClaimPayoutBatchesTable,
  ClaimPayoutsTable,
  ClaimReviewsTable,
  ClaimsTable,
} from './claim-tables.js';
import type { DialectName } from './database.js';
import type { Database } from './tables.js';

export type ClaimRow = Selectable<ClaimsTable>;
export type ClaimEvidenceRow = Selectable<ClaimEvidenceTable>;
export type ClaimReviewRow = Selectable<ClaimReviewsTable>;
export type ClaimPayoutBatchRow = Selectable<ClaimPayoutBatchesTable>;
export type ClaimPayoutRow = Selectable<ClaimPayoutsTable>;

export interface ClaimFilter {
  readonly applicantId?: string;
  readonly states?: readonly ClaimState[];
  readonly line?: string;
  readonly unitIds?: readonly string[];
  /** The claims in scope: any of these (a line, at a stage if given, in the units if given); none matches nothing. */
  readonly cases?: readonly ClaimCase[];
  /** Only claims past their submission (never a draft). */
  readonly submitted?: boolean;
  /** Only claims whose deadline is before this date. */
  readonly dueBefore?: string;
  readonly offset: number;
  readonly limit: number;
}

export interface ClaimCase {
  readonly line: ClaimLine;
  readonly stageIndex?: number;
  readonly unitIds?: readonly string[];
}

export interface ClaimHolderKeys {
  readonly applicantId: string;
  readonly newCarKey?: string | undefined;
  readonly dwellingKey?: string | undefined;
  readonly entityKey?: string | undefined;
}

export class ClaimsRepository {
  constructor(
    readonly db: Kysely<Database>,
    readonly dialect: DialectName,
  ) {}

  async insert(trx: Kysely<Database>, row: ClaimsTable): Promise<void> {
    await trx.insertInto('claims').values(row).execute();
  }

  find(id: string, executor: Kysely<Database> = this.db): Promise<ClaimRow | undefined> {
    return executor.selectFrom('claims').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** The claims of a payout batch, in one query. */
  async findInBatch(batchId: string, executor: Kysely<Database> = this.db): Promise<ClaimRow[]> {
    return executor
      .selectFrom('claims')
      .selectAll()
      .where('id', 'in', (eb) => eb.selectFrom('claim_payouts').select('claim_id').where('batch_id', '=', batchId))
      .execute();
  }

  findByReferences(references: readonly string[], executor: Kysely<Database> = this.db): Promise<ClaimRow[]> {
    if (references.length === 0) return Promise.resolve([]);
    return executor.selectFrom('claims').selectAll().where('reference', 'in', references).execute();
  }

  /**
   * Changes a claim only while it is still in the state (and at the stage) the caller read: the one
   * guard against two decisions at once. False when someone else changed it first.
   */
  async advance(
    trx: Kysely<Database>,
    id: string,
    from: { state: ClaimState | readonly ClaimState[]; stageIndex?: number | null },
    changes: Updateable<ClaimsTable>,
  ): Promise<boolean> {
    let query = trx.updateTable('claims').set(changes).where('id', '=', id);
    query = Array.isArray(from.state)
      ? query.where('state', 'in', from.state as readonly ClaimState[])
      : query.where('state', '=', from.state as ClaimState);
    if (from.stageIndex !== undefined) {
      query =
        from.stageIndex === null
          ? query.where('stage_index', 'is', null)
          : query.where('stage_index', '=', from.stageIndex);
    }
    const result = await query.executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async list(filter: ClaimFilter): Promise<{ rows: ClaimRow[]; total: number }> {
    let query = this.db.selectFrom('claims');
    if (filter.applicantId !== undefined) query = query.where('applicant_id', '=', filter.applicantId);
    if (filter.states !== undefined)
      query = query.where('state', 'in', filter.states.length > 0 ? filter.states : ['draft']);
    if (filter.line !== undefined) query = query.where('line', '=', filter.line as ClaimsTable['line']);
    if (filter.unitIds !== undefined) {
      query = query.where('unit_id', 'in', filter.unitIds.length > 0 ? filter.unitIds : ['-']);
    }
    if (filter.submitted === true) query = query.where('state', '!=', 'draft');
    if (filter.cases !== undefined) {
      const cases = filter.cases;
      query = query.where((eb) =>
        cases.length === 0
          ? sql<boolean>`1 = 0`
          : eb.or(
              cases.map((item) =>
                eb.and([
                  eb('line', '=', item.line),
                  ...(item.stageIndex === undefined ? [] : [eb('stage_index', '=', item.stageIndex)]),
                  ...(item.unitIds === undefined
                    ? []
                    : [eb('unit_id', 'in', item.unitIds.length > 0 ? item.unitIds : ['-'])]),
                ]),
              ),
            ),
      );
    }
    if (filter.dueBefore !== undefined) query = query.where('due_on', '<', filter.dueBefore);
    const counted = await query.select((eb) => eb.fn.countAll<number | string>().as('count')).executeTakeFirst();
    const rows = await query
      .selectAll()
      .orderBy('due_on', 'asc')
      .orderBy('created_at', 'desc')
      .orderBy('id')
      .offset(filter.offset)
      .limit(filter.limit)
      .execute();
    return { rows, total: Number(counted?.count ?? 0) };
  }

  /**
   * The standing claims (money held or spent) of any of the holders, as the subsidy engine's quota
   * rules read them, besides the claim being decided and its own top-ups.
   */
  async history(trx: Kysely<Database>, holders: ClaimHolderKeys, except: string): Promise<GrantedDecision[]> {
    const conditions = [
      ['applicant_id', holders.applicantId],
      ['new_car_key', holders.newCarKey],
      ['dwelling_key', holders.dwellingKey],
      ['entity_key', holders.entityKey],
    ] as const;
    const present = conditions.filter(([, value]) => value !== undefined);
    const rows = await trx
      .selectFrom('claims')
      .selectAll()
      .where('id', '!=', except)
      .where((eb) => eb.or([eb('top_up_of', 'is', null), eb('top_up_of', '!=', except)]))
      .where((eb) => eb.or([eb('hold_id', 'is not', null), eb('state', 'in', STANDING_STATES)]))
      .where('state', 'not in', ['rejected', 'withdrawn'])
      .where((eb) => eb.or(present.map(([column, value]) => eb(column, '=', value ?? ''))))
      .execute();
    return rows.map((row) => ({
      line: row.line,
      subsidyFen: Number(row.subsidy_fen),
      ruleDate: row.rule_date,
      applicantId: row.applicant_id,
      ...(row.new_car_key === null ? {} : { newCarId: row.new_car_key }),
      ...(row.dwelling_key === null ? {} : { dwellingId: row.dwelling_key }),
      ...(row.entity_key === null ? {} : { entityId: row.entity_key }),
    }));
  }

  // --------------------------------------------------------------------------------- evidence

  async insertEvidence(trx: Kysely<Database>, row: ClaimEvidenceTable): Promise<void> {
    await trx.insertInto('claim_evidence').values(row).execute();
  }

  evidence(claimIds: readonly string[], executor: Kysely<Database> = this.db): Promise<ClaimEvidenceRow[]> {
    if (claimIds.length === 0) return Promise.resolve([]);
    return executor
      .selectFrom('claim_evidence')
      .selectAll()
      .where('claim_id', 'in', claimIds)
      .orderBy('uploaded_at')
      .orderBy('id')
      .execute();
  }

  // ---------------------------------------------------------------------------------- reviews

  async insertReview(trx: Kysely<Database>, row: ClaimReviewsTable): Promise<void> {
    await trx.insertInto('claim_reviews').values(row).execute();
  }

  reviews(claimIds: readonly string[], executor: Kysely<Database> = this.db): Promise<ClaimReviewRow[]> {
    if (claimIds.length === 0) return Promise.resolve([]);
    return executor
      .selectFrom('claim_reviews')
      .selectAll()
      .where('claim_id', 'in', claimIds)
      .orderBy('at')
      .orderBy('id')
      .execute();
  }

  // ---------------------------------------------------------------------------------- payouts

  /** Approved claims not in a batch, oldest decision first. */
  payable(
    trx: Kysely<Database>,
    filter: { line?: string | undefined; unitId?: string | undefined },
  ): Promise<ClaimRow[]> {
    let query = trx
      .selectFrom('claims')
      .selectAll()
      .where('state', '=', 'approved')
      .where('payout_batch_id', 'is', null);
    if (filter.line !== undefined) query = query.where('line', '=', filter.line as ClaimsTable['line']);
    if (filter.unitId !== undefined) query = query.where('unit_id', '=', filter.unitId);
    return query.orderBy('decided_at').orderBy('id').limit(10_000).execute();
  }

  async insertBatch(
    trx: Kysely<Database>,
    batch: ClaimPayoutBatchesTable,
    lines: readonly ClaimPayoutsTable[],
  ): Promise<void> {
    await trx.insertInto('claim_payout_batches').values(batch).execute();
    for (let index = 0; index < lines.length; index += 500) {
      await trx
        .insertInto('claim_payouts')
        .values(lines.slice(index, index + 500))
        .execute();
    }
  }

  batch(id: string, executor: Kysely<Database> = this.db): Promise<ClaimPayoutBatchRow | undefined> {
    return executor.selectFrom('claim_payout_batches').selectAll().where('id', '=', id).executeTakeFirst();
  }

  batches(): Promise<ClaimPayoutBatchRow[]> {
    return this.db.selectFrom('claim_payout_batches').selectAll().orderBy('created_at', 'desc').limit(200).execute();
  }

  payouts(batchId: string, executor: Kysely<Database> = this.db): Promise<ClaimPayoutRow[]> {
    return executor
      .selectFrom('claim_payouts')
      .selectAll()
      .where('batch_id', '=', batchId)
      .orderBy('claim_id')
      .execute();
  }

  /** Records a payout's result once: false when it was already recorded. */
  async recordPayout(
    trx: Kysely<Database>,
    batchId: string,
    claimId: string,
    result: Pick<ClaimPayoutsTable, 'status' | 'bank_reference' | 'failure_reason' | 'recorded_at'>,
  ): Promise<boolean> {
    const updated = await trx
      .updateTable('claim_payouts')
      .set(result)
      .where('batch_id', '=', batchId)
      .where('claim_id', '=', claimId)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    return Number(updated.numUpdatedRows) === 1;
  }

  async updateBatch(trx: Kysely<Database>, id: string, changes: Updateable<ClaimPayoutBatchesTable>): Promise<void> {
    await trx.updateTable('claim_payout_batches').set(changes).where('id', '=', id).execute();
  }

  /**
   * Claims whose money is held or spent (standing, or still in review past their first approval) on a
   * rule date from `from` on, for the retroactive recomputation.
   */
  standingSince(from: string): Promise<ClaimRow[]> {
    return this.db
      .selectFrom('claims')
      .selectAll()
      .where((eb) =>
        eb.or([
          eb('state', 'in', STANDING_STATES),
          eb.and([eb('state', '=', 'reviewing'), eb('hold_id', 'is not', null)]),
        ]),
      )
      .where('rule_date', '>=', from)
      .where('top_up_of', 'is', null)
      .orderBy('rule_date')
      .orderBy('id')
      .execute();
  }

  /** What the claim's top-ups hold or spent (those past their first approval and not rejected). */
  async heldTopUps(trx: Kysely<Database>, originalId: string): Promise<number> {
    const row = await trx
      .selectFrom('claims')
      .select(sql<number | string | null>`sum(subsidy_fen)`.as('fen'))
      .where('top_up_of', '=', originalId)
      .where('hold_id', 'is not', null)
      .where('state', 'not in', ['rejected', 'withdrawn'])
      .executeTakeFirst();
    return Number(row?.fen ?? 0);
  }

  /** The amounts already given by a claim and its top-ups (standing or still under review). */
  async topUpsOf(ids: readonly string[], executor: Kysely<Database> = this.db): Promise<Map<string, number>> {
    const totals = new Map<string, number>();
    if (ids.length === 0) return totals;
    const rows = await executor
      .selectFrom('claims')
      .select(['top_up_of', sql<number | string>`sum(subsidy_fen)`.as('fen')])
      .where('top_up_of', 'in', ids)
      .where('state', 'not in', ['rejected', 'withdrawn'])
      .groupBy('top_up_of')
      .execute();
    for (const row of rows) totals.set(row.top_up_of ?? '', Number(row.fen));
    return totals;
  }
}
