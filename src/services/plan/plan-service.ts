/**
 * The plan a platform runs: imports plan folders as versions and serves the current version.
 * Versions are immutable, so each process keeps the indexes it built per version id; which version
 * is current is asked of the database on every read, so all processes switch together.
 *
 * Storing a version and switching the version in force are audited (`plan.import`, `plan.activate`)
 * in the same transaction as the change: a plan whose rates were edited cannot come into force
 * without an entry naming both versions and the parameters that differ.
 */
import { PlanCatalogue } from '../../domain/plan/catalogue.js';
import type { LintReport, PlanOverview, PlanVersionView } from '../../contract/plan.js';
import { parameterChanges } from '../../domain/plan/parameter-changes.js';
import type { PlanDocument } from '../../domain/plan/schema.js';
import { planVersionId, type PlanRepository, type PlanVersionRow } from '../../db/plan-repository.js';
import { AppError } from '../../shared/errors.js';
import type { AuditContext, AuditLog } from '../audit/audit-log.js';
import { writeOnce, type WriteStore } from '../idempotent-write.js';
import { readPlanFolderCached } from './plan-bundle.js';

export interface CurrentPlan {
  readonly version: PlanVersionView;
  readonly catalogue: PlanCatalogue;
  readonly lint: LintReport;
  readonly overview: PlanOverview;
}

export interface ImportResult {
  readonly version: PlanVersionView;
  /** false when this exact content was imported before (nothing written but the current flag). */
  readonly created: boolean;
}

function toView(row: PlanVersionRow, currentId: string | undefined): PlanVersionView {
  return {
    id: row.id,
    code: row.code,
    contentHash: row.content_hash,
    title: row.title,
    status: row.status,
    importedAt: row.imported_at,
    current: row.id === currentId,
  };
}

/**
 * How long a process trusts its last answer to "which version is current". Another process's
 * import shows here within this time; this process's own import shows at once.
 */
const CURRENT_VERSION_TTL_MS = 1000;
/** An activation entry lists at most this many changed parameters (and says how many there were). */
const MAX_LISTED_CHANGES = 100;

/** Who imports when the caller does not say: an import by the platform itself. */
export const SYSTEM_IMPORT: AuditContext = { actor: 'system:import', role: 'system', requestId: 'plan-import' };

/** A database failure as the API reports it: not migrated yet, or not answering. */
function databaseFailure(error: unknown): AppError {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown }).code;
  // SQLite says "no such table"; PostgreSQL's 42P01 is undefined_table.
  if (code === '42P01' || message.includes('no such table')) {
    return new AppError('PLAN_NOT_LOADED', 'the database has not been migrated; run `huimin db migrate`');
  }
  return new AppError('DATABASE_UNAVAILABLE', 'the database does not answer');
}

export interface PlanServiceOptions {
  /** Where imports run (writeOnce). */
  readonly store: WriteStore;
  readonly repository: PlanRepository;
  /** Imports and switches of the plan in force append to it, in the same transaction. */
  readonly audit: AuditLog;
  /** The plan this platform runs (HUIMIN_PLAN). */
  readonly planCode: string;
}

export class PlanService {
  private readonly repository: PlanRepository;
  private readonly loaded = new Map<string, Promise<CurrentPlan>>();
  private currentVersion: { id: string; checkedAt: number } | undefined;

  private readonly store: WriteStore;
  private readonly audit: AuditLog;
  readonly planCode: string;

  constructor(options: PlanServiceOptions) {
    this.store = options.store;
    this.repository = options.repository;
    this.audit = options.audit;
    this.planCode = options.planCode;
  }

  /**
   * Imports the plan folder as a version (if its content is new). `always` makes it current (an
   * operator's `huimin plan import`); `if-new` only when the content is new or nothing is current
   * (a server start), so restarting an old checkout never silently rolls the plan in force back.
   * With a bundle folder, an unchanged plan is taken from its build-time bundle (plan-bundle.ts).
   * `by` is who imports (`system:start`, `system:cli:<user>`), as the audit entries name them.
   */
  async importFolder(
    folder: string,
    now: Date,
    bundleDir: string | null = null,
    activation: 'always' | 'if-new' = 'always',
    by: AuditContext = SYSTEM_IMPORT,
  ): Promise<ImportResult> {
    const { document, sources, lint } = await readPlanFolderCached(folder, bundleDir);
    const id = planVersionId(document);
    const code = document.metadata.code;
    const version = { versionId: id, contentHash: document.contentHash };
    // Two processes importing at once queue on the plan's lock (BEGIN IMMEDIATE on SQLite, a table
    // lock on PostgreSQL): the second sees the first's committed rows and proceeds from them.
    const outcome = await writeOnce(this.store, null, async (trx) => {
      await this.repository.lockForImport(trx, this.store.dialect);
      const existing = await trx.selectFrom('plan_versions').select('id').where('id', '=', id).executeTakeFirst();
      if (existing === undefined) {
        await this.repository.insertVersion(trx, document, sources.plan, lint, now.toISOString());
        await this.audit.append(trx, by, {
          action: 'plan.import',
          subject: `plan:${code}`,
          after: {
            ...version,
            title: document.metadata.title,
            status: document.metadata.status,
            folder,
            lint: lint.summary,
          },
        });
      }
      const current = await trx
        .selectFrom('plan_versions')
        .select(['id', 'content_hash', 'document'])
        .where('code', '=', code)
        .where('is_current', '=', 1)
        .executeTakeFirst();
      const activate = activation === 'always' || existing === undefined || current === undefined;
      if (activate && current?.id !== id) {
        await this.repository.makeCurrent(trx, code, id);
        const changes =
          current === undefined ? [] : parameterChanges(JSON.parse(current.document) as PlanDocument, document);
        await this.audit.append(trx, by, {
          action: 'plan.activate',
          subject: `plan:${code}`,
          before: current === undefined ? null : { versionId: current.id, contentHash: current.content_hash },
          after: {
            ...version,
            parameterChanges: changes.slice(0, MAX_LISTED_CHANGES),
            parameterChangeCount: changes.length,
          },
        });
      }
      return { created: existing === undefined, activated: activate || current?.id === id };
    });
    this.currentVersion = undefined;
    const row = await this.repository.findByHash(document.contentHash);
    if (row === undefined) throw new Error(`plan version ${id} vanished after import`);
    const currentId = await this.repository.currentId(code);
    return { version: toView(row, currentId), created: outcome.created };
  }

  async versions(): Promise<PlanVersionView[]> {
    try {
      const currentId = await this.repository.currentId(this.planCode);
      return (await this.repository.listVersions(this.planCode)).map((row) => toView(row, currentId));
    } catch (error) {
      throw databaseFailure(error);
    }
  }

  async current(): Promise<CurrentPlan> {
    const id = await this.currentId();
    if (id === undefined)
      throw new AppError('PLAN_NOT_LOADED', `no version of plan ${this.planCode} has been imported`);
    let plan = this.loaded.get(id);
    if (plan === undefined) {
      plan = this.build(id);
      this.loaded.set(id, plan);
      plan.catch(() => this.loaded.delete(id));
    }
    return plan;
  }

  /** Readiness: asks the database now (no cached answer) which version is current. */
  async readyVersion(): Promise<string> {
    let id: string | undefined;
    try {
      id = await this.repository.currentId(this.planCode);
    } catch (error) {
      throw databaseFailure(error);
    }
    if (id === undefined)
      throw new AppError('PLAN_NOT_LOADED', `no version of plan ${this.planCode} has been imported`);
    return id;
  }

  private async currentId(): Promise<string | undefined> {
    const now = performance.now();
    if (this.currentVersion !== undefined && now - this.currentVersion.checkedAt < CURRENT_VERSION_TTL_MS) {
      return this.currentVersion.id;
    }
    let id: string | undefined;
    try {
      id = await this.repository.currentId(this.planCode);
    } catch (error) {
      throw databaseFailure(error);
    }
    this.currentVersion = id === undefined ? undefined : { id, checkedAt: now };
    return id;
  }

  private async build(id: string): Promise<CurrentPlan> {
    const stored = await this.repository.loadVersion(id);
    if (stored === undefined) throw new AppError('PLAN_NOT_LOADED', `plan version ${id} is not in the database`);
    const catalogue = new PlanCatalogue(stored.document);
    const version = toView(stored.row, id);
    const { document, lint } = stored;
    const overview: PlanOverview = {
      version,
      metadata: document.metadata,
      actions: document.actions,
      counts: {
        actions: document.actions.length,
        measures: document.measures.length,
        targets: catalogue.targets.length,
        parameters: catalogue.parameters.length,
        departments: document.departments.length,
        units: document.units.length,
      },
      lintSummary: lint.summary,
    };
    return { version, catalogue, lint, overview };
  }
}
