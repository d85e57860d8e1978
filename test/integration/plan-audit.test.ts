/**
 * Plan imports and switches of the plan in force are audit entries, on SQLite and PostgreSQL: the
 * server's start-up import (system:start), an operator's `huimin plan import` (system:cli), a folder
 * whose digital rate was changed from 15% to 50% (plan.import, then plan.activate naming both versions,
 * both content hashes and the changed parameter), and a switch back to a known version (plan.activate
 * only). Importing what is already current writes nothing.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../src/domain/audit/index.js';
import { quietApp } from '../support/app.js';
import { projectRoot } from '../../src/shared/project-root.js';
import { huimin } from '../support/cli.js';
import { DIALECTS, testEnvironment, type TestEnvironment } from '../support/databases.js';

const CONTEXT = { actor: 'system:test', role: 'system', requestId: 'plan-audit-test' };

describe.each(DIALECTS)('plan import audit on %s', (dialect) => {
  let environment: TestEnvironment;
  let app: FastifyInstance;
  let folder: string;
  const original = path.join(projectRoot(), 'policies', 'sanmenxia-2025');

  beforeAll(async () => {
    environment = await testEnvironment(dialect);
    app = await quietApp(environment.config);
    folder = path.join(await mkdtemp(path.join(tmpdir(), 'huimin-plan-audit-')), 'sanmenxia-2025');
    await cp(original, folder, { recursive: true });
  });
  afterAll(async () => {
    await app?.close();
    await rm(path.dirname(folder), { recursive: true, force: true });
    await environment?.cleanup();
  });

  const entries = async (action: string): Promise<AuditEntry[]> =>
    (await app.services.audit.page({ action, limit: 500 })).items;
  const versions = () => app.services.plans.versions();

  it('records the start-up import and activation as system:start', async () => {
    const [current] = await versions();
    const [imported] = await entries('plan.import');
    const [activated] = await entries('plan.activate');
    expect(imported).toMatchObject({
      actor: 'system:start',
      role: 'system',
      subject: 'plan:sanmenxia-2025',
      summary: { after: { versionId: current?.id, contentHash: current?.contentHash } },
    });
    expect(imported?.requestId).toMatch(/^start:/);
    expect(activated).toMatchObject({
      actor: 'system:start',
      summary: { before: null, after: { versionId: current?.id, parameterChangeCount: 0 } },
    });
    // The activation follows the import it switches to.
    expect((activated?.sequence ?? 0) - (imported?.sequence ?? 0)).toBe(1);
  });

  it('records a changed rate: plan.import, then plan.activate with both versions and the parameter', async () => {
    const [before] = await versions();
    const file = path.join(folder, 'actions', '02-product-consumption.yaml');
    const text = await readFile(file, 'utf8');
    const edited = text.replace(/(- id: digital-rate-2025\n(?:.*\n)*?\s+value: )1500/, '$15000');
    expect(edited).not.toBe(text);
    await writeFile(file, edited);
    const result = await app.services.plans.importFolder(folder, new Date(), null, 'always', CONTEXT);
    expect(result.created).toBe(true);

    const [imported] = await entries('plan.import');
    const [activated] = await entries('plan.activate');
    expect(imported).toMatchObject({
      ...CONTEXT,
      summary: { after: { versionId: result.version.id, contentHash: result.version.contentHash } },
    });
    expect(activated).toMatchObject({
      ...CONTEXT,
      subject: 'plan:sanmenxia-2025',
      summary: {
        before: { versionId: before?.id, contentHash: before?.contentHash },
        after: {
          versionId: result.version.id,
          contentHash: result.version.contentHash,
          parameterChangeCount: 1,
          parameterChanges: [
            {
              id: 'digital-rate-2025',
              key: 'digital.rate_bp',
              before: { value: 1500, unit: 'bp' },
              after: { value: 5000, unit: 'bp' },
            },
          ],
        },
      },
    });
    expect((activated?.sequence ?? 0) - (imported?.sequence ?? 0)).toBe(1);
    expect((await app.services.audit.verify()).ok).toBe(true);
  });

  it('writes nothing when the folder is already current, and only plan.activate when switching back', async () => {
    const head = (await app.services.audit.repository.head()).sequence;
    await app.services.plans.importFolder(folder, new Date(), null, 'always', CONTEXT);
    expect((await app.services.audit.repository.head()).sequence).toBe(head);

    const imports = (await entries('plan.import')).length;
    const back = await app.services.plans.importFolder(original, new Date(), null, 'always', CONTEXT);
    expect(back.created).toBe(false);
    expect(back.version.current).toBe(true);
    expect((await entries('plan.import')).length).toBe(imports);
    const [activated] = await entries('plan.activate');
    expect(activated?.summary.after).toMatchObject({ versionId: back.version.id, parameterChangeCount: 1 });
    expect((await app.services.audit.repository.head()).sequence).toBe(head + 1);
  });

  it('names the operator of `huimin plan import` as system:cli', async () => {
    const file = path.join(folder, 'plan.yaml');
    await writeFile(
      file,
      (await readFile(file, 'utf8')).replace(/^titleEn: .*$/m, 'titleEn: Sanmenxia plan, audited edition'),
    );
    const run = await huimin(['plan', 'import', '--dir', folder], environment.env);
    expect(run.code, run.stderr).toBe(0);
    const [imported] = await entries('plan.import');
    const [activated] = await entries('plan.activate');
    expect(imported?.actor).toMatch(/^system:cli/);
    expect(imported?.requestId).toMatch(/^cli:/);
    expect(activated?.actor).toBe(imported?.actor);
    // Against the version in force (the original plan), the digital rate differs again.
    expect(activated?.summary.after).toMatchObject({ parameterChangeCount: 1 });
  });
});
