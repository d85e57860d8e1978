/**
 * Supervision's tables (migration 2026-12-02T0900-supervision): progress reports, evidence files,
 * units' shares of targets, alerts and instructions; and the platform's own figures read from the
 * subsidy grants. Every method takes the executor it runs on (`trx` for writes); approvals and answers
 * are conditional updates, never read-then-check.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from './tables.js';

export interface SupervisionReportsTable {
  id: string;
  plan_version_id: string;
  subject_kind: 'target' | 'task';
  subject_id: string;
  reporter_kind: 'department' | 'unit';
  reporter_id: string;
  period: string;
  value: number | null;
  stage: string | null;
  narrative: string;
  problems: string;
  /** JSON array of evidence SHA-256s. */
  evidence: string;
  state: 'submitted' | 'approved';
  late: number;
  revision: number;
  change_reason: string | null;
  submitted_by: string;
  submitted_at: string;
  approved_value: number | null;
  approved_stage: string | null;
  approved_narrative: string | null;
  approved_problems: string | null;
  approved_by: string | null;
  approved_at: string | null;
}

export interface SupervisionEvidenceTable {
  sha256: string;
  media_type: string;
  size_bytes: number;
  file_name: string;
  uploaded_by: string;
  uploaded_at: string;
}

export interface SupervisionUnitSharesTable {
  target_id: string;
  unit_id: string;
  value: number;
  updated_by: string;
  updated_at: string;
}

export interface SupervisionAlertsTable {
  id: string;
  kind: string;
  subject_kind: string;
  subject_id: string;
  owner_kind: string;
  owner_id: string;
  period: string | null;
  message: string;
  message_en: string;
  created_at: string;
}

export interface SupervisionInstructionsTable {
  id: string;
  subject_kind: string;
  subject_id: string;
  owner_id: string;
  text: string;
  given_by: string;
  given_at: string;
  answer: string | null;
  answered_by: string | null;
  answered_at: string | null;
}

// A type alias (not an interface) so Kysely's withTables accepts it.
export type SupervisionTables = {
  supervision_reports: SupervisionReportsTable;
  supervision_evidence: SupervisionEvidenceTable;
  supervision_unit_shares: SupervisionUnitSharesTable;
  supervision_alerts: SupervisionAlertsTable;
  supervision_instructions: SupervisionInstructionsTable;
};

export type ReportRow = SupervisionReportsTable;
export type EvidenceRow = SupervisionEvidenceTable;
export type AlertRow = SupervisionAlertsTable;
export type InstructionRow = SupervisionInstructionsTable;

/** One approved figure, as the board reads them. */
export interface ApprovedRow {
  subject_kind: 'target' | 'task';
  subject_id: string;
  reporter_kind: 'department' | 'unit';
  reporter_id: string;
  period: string;
  approved_value: number | null;
  approved_stage: string | null;
  approved_narrative: string | null;
  approved_problems: string | null;
}

/** Reports received per reporter and period, on time or late. */
export interface ReceivedRow {
  reporter_kind: 'department' | 'unit';
  reporter_id: string;
  period: string;
  late: number;
  count: number;
}

export interface ReportFilter {
  readonly state?: 'submitted' | 'approved' | undefined;
  readonly period?: string | undefined;
  readonly subjectId?: string | undefined;
  /** Reports of these organisations only; undefined: any. */
  readonly reporters?: readonly { readonly kind: 'department' | 'unit'; readonly id: string }[] | undefined;
  readonly limit?: number | undefined;
}

type Db = Kysely<Database & SupervisionTables>;
const on = (db: Kysely<Database>): Db => db.withTables<SupervisionTables>();

export class SupervisionRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** The handle reads run on when the caller has no transaction. */
  private of(executor?: Kysely<Database>): Db {
    return on(executor ?? this.db);
  }

  async findReport(id: string, executor?: Kysely<Database>): Promise<ReportRow | undefined> {
    return this.of(executor).selectFrom('supervision_reports').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async findReportFor(
    executor: Kysely<Database>,
    key: Pick<ReportRow, 'subject_kind' | 'subject_id' | 'reporter_kind' | 'reporter_id' | 'period'>,
  ): Promise<ReportRow | undefined> {
    return on(executor)
      .selectFrom('supervision_reports')
      .selectAll()
      .where('subject_kind', '=', key.subject_kind)
      .where('subject_id', '=', key.subject_id)
      .where('reporter_kind', '=', key.reporter_kind)
      .where('reporter_id', '=', key.reporter_id)
      .where('period', '=', key.period)
      .executeTakeFirst();
  }

  /** The largest value this reporter has reported (submitted or approved) for the subject up to `period`. */
  async largestValueUpTo(
    executor: Kysely<Database>,
    key: Pick<ReportRow, 'subject_kind' | 'subject_id' | 'reporter_kind' | 'reporter_id' | 'period'>,
  ): Promise<number | null> {
    const row = await on(executor)
      .selectFrom('supervision_reports')
      .select((eb) => [eb.fn.max('value').as('value'), eb.fn.max('approved_value').as('approved')])
      .where('subject_kind', '=', key.subject_kind)
      .where('subject_id', '=', key.subject_id)
      .where('reporter_kind', '=', key.reporter_kind)
      .where('reporter_id', '=', key.reporter_id)
      .where('period', '<=', key.period)
      .executeTakeFirst();
    const values = [row?.value, row?.approved].filter((value) => value !== null && value !== undefined).map(Number);
    return values.length === 0 ? null : Math.max(...values);
  }

  async insertReport(trx: Kysely<Database>, row: ReportRow): Promise<void> {
    await on(trx).insertInto('supervision_reports').values(row).execute();
  }

  async insertReports(
    trx: Kysely<Database>,
    rows: readonly ReportRow[],
    options: { skipExisting?: boolean } = {},
  ): Promise<void> {
    // 26 columns a row: stay under SQLite's 32,766 bound parameters.
    for (let start = 0; start < rows.length; start += 500) {
      const insert = on(trx)
        .insertInto('supervision_reports')
        .values(rows.slice(start, start + 500));
      await (
        options.skipExisting === true ? insert.onConflict((conflict) => conflict.column('id').doNothing()) : insert
      ).execute();
    }
  }

  async countReports(): Promise<number> {
    const row = await on(this.db)
      .selectFrom('supervision_reports')
      .select((eb) => eb.fn.countAll<number | string>().as('count'))
      .executeTakeFirst();
    return Number(row?.count ?? 0);
  }

  /** Replaces a report's submitted figure; the approved one stays until the change is approved. */
  async resubmit(
    trx: Kysely<Database>,
    id: string,
    revision: number,
    changes: Pick<
      ReportRow,
      | 'value'
      | 'stage'
      | 'narrative'
      | 'problems'
      | 'evidence'
      | 'late'
      | 'change_reason'
      | 'submitted_by'
      | 'submitted_at'
    >,
  ): Promise<boolean> {
    const result = await on(trx)
      .updateTable('supervision_reports')
      .set({ ...changes, state: 'submitted', revision: revision + 1 })
      .where('id', '=', id)
      .where('revision', '=', revision)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** Approves the revision the approver saw; false when it is approved already or changed meanwhile. */
  async approve(trx: Kysely<Database>, id: string, revision: number, by: string, at: string): Promise<boolean> {
    const result = await on(trx)
      .updateTable('supervision_reports')
      .set((eb) => ({
        state: 'approved',
        approved_value: eb.ref('value'),
        approved_stage: eb.ref('stage'),
        approved_narrative: eb.ref('narrative'),
        approved_problems: eb.ref('problems'),
        approved_by: by,
        approved_at: at,
      }))
      .where('id', '=', id)
      .where('revision', '=', revision)
      .where('state', '=', 'submitted')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async listReports(filter: ReportFilter, executor?: Kysely<Database>): Promise<{ rows: ReportRow[]; total: number }> {
    let query = this.of(executor).selectFrom('supervision_reports');
    if (filter.state !== undefined) query = query.where('state', '=', filter.state);
    if (filter.period !== undefined) query = query.where('period', '=', filter.period);
    if (filter.subjectId !== undefined) query = query.where('subject_id', '=', filter.subjectId);
    const reporters = filter.reporters;
    if (reporters !== undefined) {
      if (reporters.length === 0) return { rows: [], total: 0 };
      query = query.where((eb) =>
        eb.or(reporters.map((r) => eb.and([eb('reporter_kind', '=', r.kind), eb('reporter_id', '=', r.id)]))),
      );
    }
    const counted = await query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
    const rows = await query
      .selectAll()
      .orderBy('period', 'desc')
      .orderBy('submitted_at', 'desc')
      .orderBy('id')
      .limit(filter.limit ?? 100)
      .execute();
    return { rows, total: Number(counted?.n ?? 0) };
  }

  /** Every approved figure up to `period` (the board's input). */
  async approvedUpTo(period: string, executor?: Kysely<Database>): Promise<ApprovedRow[]> {
    return this.of(executor)
      .selectFrom('supervision_reports')
      .select([
        'subject_kind',
        'subject_id',
        'reporter_kind',
        'reporter_id',
        'period',
        'approved_value',
        'approved_stage',
        'approved_narrative',
        'approved_problems',
      ])
      .where('period', '<=', period)
      .where('approved_at', 'is not', null)
      .execute();
  }

  /** How many reports each reporter sent per period, on time and late, up to `period`. */
  async receivedUpTo(period: string, executor?: Kysely<Database>): Promise<ReceivedRow[]> {
    const rows = await this.of(executor)
      .selectFrom('supervision_reports')
      .select(['reporter_kind', 'reporter_id', 'period', 'late', (eb) => eb.fn.countAll<number>().as('count')])
      .where('period', '<=', period)
      .groupBy(['reporter_kind', 'reporter_id', 'period', 'late'])
      .execute();
    return rows.map((row) => ({ ...row, late: Number(row.late), count: Number(row.count) }));
  }

  /**
   * A marker that changes with every write to the reports (an insert changes the count, a change the
   * revisions, an approval the approved count and time): readers cache what they computed until it moves.
   */
  async changeMarker(executor?: Kysely<Database>): Promise<string> {
    const row = await this.of(executor)
      .selectFrom('supervision_reports')
      .select((eb) => [
        eb.fn.countAll<number>().as('n'),
        eb.fn.sum<number>('revision').as('revisions'),
        sql<number>`sum(case when state = 'approved' then 1 else 0 end)`.as('approvals'),
        eb.fn.max('submitted_at').as('submitted'),
        eb.fn.max('approved_at').as('approved'),
      ])
      .executeTakeFirst();
    return [row?.n, row?.revisions, row?.approvals, row?.submitted, row?.approved]
      .map((v) => String(v ?? ''))
      .join('|');
  }

  /** The newest period anyone has reported, or null. */
  async latestPeriod(executor?: Kysely<Database>): Promise<string | null> {
    const row = await this.of(executor)
      .selectFrom('supervision_reports')
      .select((eb) => eb.fn.max('period').as('period'))
      .executeTakeFirst();
    return row?.period ?? null;
  }

  async reportsOfSubject(subjectKind: string, subjectId: string, executor?: Kysely<Database>): Promise<ReportRow[]> {
    return this.of(executor)
      .selectFrom('supervision_reports')
      .selectAll()
      .where('subject_kind', '=', subjectKind as 'target' | 'task')
      .where('subject_id', '=', subjectId)
      .orderBy('period')
      .orderBy('reporter_kind')
      .orderBy('reporter_id')
      .execute();
  }

  async insertEvidence(trx: Kysely<Database>, row: EvidenceRow): Promise<boolean> {
    const result = await on(trx)
      .insertInto('supervision_evidence')
      .values(row)
      .onConflict((conflict) => conflict.column('sha256').doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
  }

  async findEvidence(hashes: readonly string[], executor?: Kysely<Database>): Promise<EvidenceRow[]> {
    if (hashes.length === 0) return [];
    return this.of(executor).selectFrom('supervision_evidence').selectAll().where('sha256', 'in', hashes).execute();
  }

  async shares(executor?: Kysely<Database>): Promise<SupervisionUnitSharesTable[]> {
    return this.of(executor)
      .selectFrom('supervision_unit_shares')
      .selectAll()
      .orderBy('target_id')
      .orderBy('unit_id')
      .execute();
  }

  async upsertShare(trx: Kysely<Database>, row: SupervisionUnitSharesTable): Promise<void> {
    await on(trx)
      .insertInto('supervision_unit_shares')
      .values(row)
      .onConflict((conflict) =>
        conflict
          .columns(['target_id', 'unit_id'])
          .doUpdateSet({ value: row.value, updated_by: row.updated_by, updated_at: row.updated_at }),
      )
      .execute();
  }

  async insertAlerts(trx: Kysely<Database>, rows: readonly AlertRow[]): Promise<void> {
    for (let start = 0; start < rows.length; start += 1000) {
      await on(trx)
        .insertInto('supervision_alerts')
        .values(rows.slice(start, start + 1000))
        .execute();
    }
  }

  /** Newest first; `owners` undefined: everyone's (the supervising department, city leaders, auditors). */
  async alerts(
    owners: readonly { readonly kind: string; readonly id: string }[] | undefined,
    limit: number,
    executor?: Kysely<Database>,
  ): Promise<AlertRow[]> {
    let query = this.of(executor).selectFrom('supervision_alerts').selectAll();
    if (owners !== undefined) {
      if (owners.length === 0) return [];
      query = query.where((eb) =>
        eb.or(owners.map((o) => eb.and([eb('owner_kind', '=', o.kind), eb('owner_id', '=', o.id)]))),
      );
    }
    return query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
  }

  async insertInstruction(trx: Kysely<Database>, row: InstructionRow): Promise<void> {
    await on(trx).insertInto('supervision_instructions').values(row).execute();
  }

  async findInstruction(id: string, executor?: Kysely<Database>): Promise<InstructionRow | undefined> {
    return this.of(executor).selectFrom('supervision_instructions').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async answerInstruction(trx: Kysely<Database>, id: string, answer: string, by: string, at: string): Promise<boolean> {
    const result = await on(trx)
      .updateTable('supervision_instructions')
      .set({ answer, answered_by: by, answered_at: at })
      .where('id', '=', id)
      .where('answer', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async instructions(
    filter: { readonly subjectId?: string; readonly ownerIds?: readonly string[] },
    executor?: Kysely<Database>,
  ): Promise<InstructionRow[]> {
    let query = this.of(executor).selectFrom('supervision_instructions').selectAll();
    if (filter.subjectId !== undefined) query = query.where('subject_id', '=', filter.subjectId);
    if (filter.ownerIds !== undefined) {
      if (filter.ownerIds.length === 0) return [];
      query = query.where('owner_id', 'in', filter.ownerIds);
    }
    return query.orderBy('given_at', 'desc').limit(200).execute();
  }

  /**
   * The platform's own count of standing subsidy grants (returns excluded) in `lines`, judged on purchase
   * dates from `from` to `to`, optionally in one unit; `distinct: 'dwelling'` counts dwellings, not grants.
   */
  async grantCount(
    lines: readonly string[],
    period: { readonly from: string; readonly to: string },
    unitId: string | undefined,
    distinct: 'grant' | 'dwelling',
    executor?: Kysely<Database>,
  ): Promise<number> {
    let query = (executor ?? this.db)
      .selectFrom('subsidy_grants')
      .where('line', 'in', lines)
      .where('status', '=', 'granted')
      .where('rule_date', '>=', period.from)
      .where('rule_date', '<=', period.to);
    if (unitId !== undefined) query = query.where('unit_id', '=', unitId);
    const row = await query
      .select(
        distinct === 'dwelling'
          ? sql<number>`count(distinct dwelling_id)`.as('n')
          : (eb) => eb.fn.countAll<number>().as('n'),
      )
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }
}
