/**
 * Plan versions in the database. A version is immutable once written: its id carries its content
 * hash, and importing the same content again finds the existing row instead of writing a new one.
 */
import { sql, type Kysely } from 'kysely';
import type { DialectName } from './database.js';
import type { PlanDocument } from '../domain/plan/schema.js';
import type { LintReport } from '../contract/plan.js';
import type { Database, PlanVersionsTable } from './tables.js';

export type PlanVersionRow = Omit<PlanVersionsTable, 'document' | 'source_text' | 'lint_report'>;

const VERSION_COLUMNS = ['id', 'code', 'content_hash', 'title', 'status', 'year', 'imported_at', 'is_current'] as const;

export function planVersionId(document: PlanDocument): string {
  return `${document.metadata.code}@${document.contentHash.slice(0, 12)}`;
}

export class PlanRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async findByHash(contentHash: string): Promise<PlanVersionRow | undefined> {
    return this.db
      .selectFrom('plan_versions')
      .select(VERSION_COLUMNS)
      .where('content_hash', '=', contentHash)
      .executeTakeFirst();
  }

  async currentId(code: string): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('plan_versions')
      .select('id')
      .where('code', '=', code)
      .where('is_current', '=', 1)
      .executeTakeFirst();
    return row?.id;
  }

  async loadVersion(
    id: string,
  ): Promise<{ row: PlanVersionRow; document: PlanDocument; lint: LintReport } | undefined> {
    const row = await this.db
      .selectFrom('plan_versions')
      .select([...VERSION_COLUMNS, 'document', 'lint_report'])
      .where('id', '=', id)
      .executeTakeFirst();
    if (row === undefined) return undefined;
    const { document, lint_report: lint, ...version } = row;
    return { row: version, document: JSON.parse(document) as PlanDocument, lint: JSON.parse(lint) as LintReport };
  }

  async listVersions(code: string): Promise<PlanVersionRow[]> {
    return this.db
      .selectFrom('plan_versions')
      .select(VERSION_COLUMNS)
      .where('code', '=', code)
      .orderBy('imported_at', 'desc')
      .execute();
  }

  /** Writes a new version and every row derived from it, in the caller's transaction. */
  async insertVersion(
    trx: Kysely<Database>,
    document: PlanDocument,
    sourceText: string,
    lint: LintReport,
    importedAt: string,
  ): Promise<string> {
    const id = planVersionId(document);
    await trx
      .insertInto('plan_versions')
      .values({
        id,
        code: document.metadata.code,
        content_hash: document.contentHash,
        title: document.metadata.title,
        status: document.metadata.status,
        year: document.metadata.year,
        imported_at: importedAt,
        is_current: 0,
        document: JSON.stringify(document),
        source_text: sourceText,
        lint_report: JSON.stringify(lint),
      })
      .execute();
    await trx
      .insertInto('plan_measures')
      .values(
        document.measures.map((measure) => ({
          plan_version_id: id,
          number: measure.number,
          action: measure.action,
          title: measure.title,
          text: measure.text,
        })),
      )
      .execute();
    await trx
      .insertInto('plan_departments')
      .values(
        document.departments.map((department) => ({
          plan_version_id: id,
          id: department.id,
          name: department.name,
          short_name: department.shortName,
          kind: department.kind,
        })),
      )
      .execute();
    const links = document.measures.flatMap((measure) =>
      measure.departments.map((department) => ({
        plan_version_id: id,
        measure: measure.number,
        department_id: department,
      })),
    );
    if (links.length > 0) await trx.insertInto('plan_measure_departments').values(links).execute();
    await trx
      .insertInto('plan_units')
      .values(
        document.units.map((unit) => ({
          plan_version_id: id,
          id: unit.id,
          name: unit.name,
          kind: unit.kind,
          region_code: unit.regionCode,
        })),
      )
      .execute();
    const targets = document.measures.flatMap((measure) =>
      measure.targets.map((target) => ({
        plan_version_id: id,
        id: target.id,
        measure: measure.number,
        metric: target.metric,
        unit: target.unit,
        comparator: target.comparator,
        value: target.value,
        deadline: target.deadline,
        scope: target.scope,
        quote: target.quote ?? null,
      })),
    );
    if (targets.length > 0) await trx.insertInto('plan_targets').values(targets).execute();
    const parameters = [
      ...document.measures.flatMap((measure) =>
        measure.parameters.map((parameter) => ({ parameter, measure: measure.number })),
      ),
      ...document.implicitParameters.map((parameter) => ({ parameter, measure: null })),
    ].map(({ parameter, measure }) => ({
      plan_version_id: id,
      id: parameter.id,
      key: parameter.key,
      measure,
      value: parameter.value,
      unit: parameter.unit,
      comparator: parameter.comparator,
      effective_from: parameter.effectiveFrom,
      effective_to: parameter.effectiveTo,
      source: parameter.source,
      quote: parameter.quote ?? null,
    }));
    if (parameters.length > 0) await trx.insertInto('plan_parameters').values(parameters).execute();
    return id;
  }

  /** Makes `id` the one current version of its code (the partial unique index guards the rule). */
  /**
   * Serialises plan imports: on PostgreSQL, a lock on the versions table that blocks other imports
   * (and writers) until this transaction ends but lets readers on; SQLite's BEGIN IMMEDIATE already
   * holds the only write lock there is.
   */
  async lockForImport(trx: Kysely<Database>, dialect: DialectName): Promise<void> {
    if (dialect === 'postgres') await sql`lock table plan_versions in share row exclusive mode`.execute(trx);
  }

  async makeCurrent(trx: Kysely<Database>, code: string, id: string): Promise<void> {
    await trx
      .updateTable('plan_versions')
      .set({ is_current: 0 })
      .where('code', '=', code)
      .where('is_current', '=', 1)
      .where('id', '!=', id)
      .execute();
    await trx.updateTable('plan_versions').set({ is_current: 1 }).where('id', '=', id).execute();
  }
}
