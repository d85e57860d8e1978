import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditRepository } from '../../src/db/audit-repository.js';
import { openDatabase, type DatabaseHandle } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { PlanRepository } from '../../src/db/plan-repository.js';
import { AuditLog } from '../../src/services/audit/audit-log.js';
import { PlanService } from '../../src/services/plan/plan-service.js';
import { projectRoot } from '../../src/shared/project-root.js';
import { DIALECTS, testEnvironment, type TestEnvironment } from '../support/databases.js';

/** A plan service on `handle`, as one app process has it (with its audit log). */
function planService(handle: DatabaseHandle): PlanService {
  const audit = new AuditLog(new AuditRepository(handle.db, handle.dialect), () => new Date());
  return new PlanService({
    store: handle,
    repository: new PlanRepository(handle.db),
    audit,
    planCode: 'sanmenxia-2025',
  });
}

describe.each(DIALECTS)('plan versions shared by several processes on %s', (dialect) => {
  let environment: TestEnvironment;
  let first: DatabaseHandle;
  let second: DatabaseHandle;
  let folder: string;

  beforeAll(async () => {
    environment = await testEnvironment(dialect);
    // Two handles stand for two app processes on one database.
    first = await openDatabase(environment.config);
    second = await openDatabase(environment.config);
    await migrateToLatest(first);
    folder = path.join(await mkdtemp(path.join(tmpdir(), 'huimin-versions-')), 'sanmenxia-2025');
    await cp(path.join(projectRoot(), 'policies', 'sanmenxia-2025'), folder, { recursive: true });
  });
  afterAll(async () => {
    await first?.destroy();
    await second?.destroy();
    await rm(path.dirname(folder), { recursive: true, force: true });
    await environment?.cleanup();
  });

  it('switches every process to a newly imported version, within a second', async () => {
    const serving = planService(first);
    const importing = planService(second);
    const original = await importing.importFolder(folder, new Date('2026-01-01T00:00:00Z'));
    expect((await serving.current()).version.id).toBe(original.version.id);

    const file = path.join(folder, 'plan.yaml');
    await writeFile(
      file,
      (await readFile(file, 'utf8')).replace(/^titleEn: .*$/m, 'titleEn: Sanmenxia plan, second edition'),
    );
    const revised = await importing.importFolder(folder, new Date('2026-02-01T00:00:00Z'));
    expect(revised.created).toBe(true);
    expect(revised.version.id).not.toBe(original.version.id);
    expect((await importing.current()).overview.metadata.titleEn).toBe('Sanmenxia plan, second edition');

    await sleep(1100);
    expect((await serving.current()).version.id).toBe(revised.version.id);
    const versions = await serving.versions();
    expect(versions.map((version) => [version.id, version.current])).toEqual([
      [revised.version.id, true],
      [original.version.id, false],
    ]);
  });

  it('never rolls the plan in force back when a process starts from an older folder', async () => {
    const service = planService(second);
    const before = await service.readyVersion();
    const file = path.join(folder, 'plan.yaml');
    const text = await readFile(file, 'utf8');
    await writeFile(file, text.replace(/^titleEn: .*$/m, 'titleEn: Sanmenxia plan, third edition'));
    const third = await service.importFolder(folder, new Date(), null, 'always');
    await writeFile(file, text);
    // A start-up import (if-new) of content already known does not switch; an operator's import does.
    const restart = await service.importFolder(folder, new Date(), null, 'if-new');
    expect(restart).toMatchObject({ created: false, version: { current: false } });
    expect(await service.readyVersion()).toBe(third.version.id);
    const operator = await service.importFolder(folder, new Date(), null, 'always');
    expect(operator.version.current).toBe(true);
    expect(await service.readyVersion()).toBe(before);
  });

  it('lets two processes import different content at once, leaving exactly one current', async () => {
    const file = path.join(folder, 'plan.yaml');
    const text = await readFile(file, 'utf8');
    const copy = path.join(path.dirname(folder), 'copy', 'sanmenxia-2025');
    await cp(folder, copy, { recursive: true });
    await writeFile(
      path.join(copy, 'plan.yaml'),
      text.replace(/^titleEn: .*$/m, 'titleEn: Sanmenxia plan, fourth edition'),
    );
    const results = await Promise.all([
      planService(first).importFolder(folder, new Date()),
      planService(second).importFolder(copy, new Date()),
    ]);
    const current = (await planService(first).versions()).filter((version) => version.current);
    expect(current).toHaveLength(1);
    expect(results.map((result) => result.version.id)).toContain(current[0]?.id);
  });

  it('lets two processes import the same content at once without a duplicate', async () => {
    const results = await Promise.all([
      planService(first).importFolder(folder, new Date()),
      planService(second).importFolder(folder, new Date()),
    ]);
    expect(results[0].version.id).toBe(results[1].version.id);
    expect(await planService(first).versions()).toHaveLength(4);
  });
});
