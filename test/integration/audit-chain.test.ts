/**
 * The audit chain is tamper-evident on SQLite and PostgreSQL: changing, deleting (in the middle or at
 * the end), inserting or reordering any stored row is reported, with the first broken entry, by the
 * service, the auditor's API and `huimin audit verify`; undoing the tampering makes it whole again.
 * Several app processes appending at once on one PostgreSQL still build one unbroken chain.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditRepository } from '../../src/db/audit-repository.js';
import { openDatabase } from '../../src/db/database.js';
import { writeTransaction } from '../../src/db/write-transaction.js';
import { hashEntry } from '../../src/domain/audit/index.js';
import { quietApp } from '../support/app.js';
import { AuditLog } from '../../src/services/audit/audit-log.js';
import { projectRoot } from '../../src/shared/project-root.js';
import { huimin } from '../support/cli.js';
import { DIALECTS, testEnvironment, type TestEnvironment } from '../support/databases.js';
import { call, DEMO_ENV, DEMO_LOGINS, signIn, type TestSession } from '../support/sessions.js';
import { sha256 } from '../support/sha256.js';

type Row = {
  sequence: number;
  at: string;
  actor: string;
  role: string;
  action: string;
  subject: string;
  summary: string;
  request_id: string;
  previous_hash: string;
  hash: string;
};

describe.each(DIALECTS)('audit chain on %s', (dialect) => {
  let environment: TestEnvironment;
  let app: FastifyInstance;
  let auditor: TestSession;
  const ENTRIES = 12;

  beforeAll(async () => {
    environment = await testEnvironment(dialect, DEMO_ENV);
    app = await quietApp(environment.config);
    const { db, dialect: name } = app.services.database;
    for (let index = 0; index < ENTRIES; index += 1) {
      await writeTransaction(db, name, (trx) =>
        app.services.audit.append(
          trx,
          { actor: `officer-${index % 3}`, role: 'finance_officer', requestId: `r${index}` },
          { action: 'ledger.fund', subject: `pool:appliance.hubin.city`, after: { amountFen: 100_000 * (index + 1) } },
        ),
      );
    }
    auditor = await signIn(app, DEMO_LOGINS.auditor);
  });
  afterAll(async () => {
    await app?.close();
    await environment?.cleanup();
  });

  const db = () => app.services.database.db;
  const rows = async (): Promise<Row[]> =>
    (await sql<Row>`select * from audit_entries order by sequence`.execute(db())).rows.map((row) => ({
      ...row,
      sequence: Number(row.sequence),
    }));
  const last = async () => Number((await app.services.audit.repository.head()).sequence);

  async function expectBroken(sequence: number, problem: string): Promise<void> {
    const report = await app.services.audit.verify();
    expect(report.ok).toBe(false);
    expect(report.firstBroken).toMatchObject({ sequence, problem });
    const api = await call(app, auditor, { method: 'GET', url: '/api/v1/audit/verification' });
    expect(api.statusCode).toBe(200);
    expect(api.json()).toMatchObject({ ok: false, firstBroken: { sequence, problem } });
  }

  async function expectWhole(): Promise<void> {
    const report = await app.services.audit.verify();
    expect(report, JSON.stringify(report.firstBroken)).toMatchObject({ ok: true, checked: await last() });
  }

  async function restore(row: Row): Promise<void> {
    await sql`delete from audit_entries where sequence = ${row.sequence}`.execute(db());
    await sql`insert into audit_entries (sequence, at, actor, role, action, subject, summary, request_id, previous_hash, hash)
      values (${row.sequence}, ${row.at}, ${row.actor}, ${row.role}, ${row.action}, ${row.subject}, ${row.summary},
              ${row.request_id}, ${row.previous_hash}, ${row.hash})`.execute(db());
  }

  it('starts whole, and the auditor can page through it newest first', async () => {
    await expectWhole();
    const page = await call(app, auditor, { method: 'GET', url: '/api/v1/audit/entries?limit=5' });
    const body = page.json<{ items: { sequence: number }[]; nextBefore: number; head: { sequence: number } }>();
    expect(body.items.map((item) => item.sequence)).toEqual([0, 1, 2, 3, 4].map((n) => body.head.sequence - n));
    const next = await call(app, auditor, {
      method: 'GET',
      url: `/api/v1/audit/entries?limit=5&before=${body.nextBefore}`,
    });
    expect(next.json<{ items: { sequence: number }[] }>().items[0]?.sequence).toBe(body.head.sequence - 5);
  });

  it('reports a changed field (any column) at that entry', async () => {
    const original = (await rows())[5] as Row;
    for (const [column, value] of [
      ['summary', JSON.stringify({ after: { amountFen: 1 } })],
      ['actor', 'someone-else'],
      ['at', '2020-01-01T00:00:00.000Z'],
      ['hash', 'f'.repeat(64)],
    ] as const) {
      await sql`update audit_entries set ${sql.ref(column)} = ${value} where sequence = ${original.sequence}`.execute(
        db(),
      );
      await expectBroken(original.sequence, 'hash_mismatch');
      await restore(original);
      await expectWhole();
    }
  });

  it('reports a row deleted in the middle at the entry after it', async () => {
    const original = (await rows())[4] as Row;
    await sql`delete from audit_entries where sequence = ${original.sequence}`.execute(db());
    await expectBroken(original.sequence + 1, 'sequence_gap');
    await restore(original);
    await expectWhole();
  });

  it('reports rows cut from the end, which only the separately kept head can show', async () => {
    const all = await rows();
    const tail = all.slice(-2);
    for (const row of tail) await sql`delete from audit_entries where sequence = ${row.sequence}`.execute(db());
    await expectBroken(all.length - 2, 'head_mismatch');
    for (const row of tail) await restore(row);
    await expectWhole();
  });

  it('reports a forged row appended with a correct hash', async () => {
    const end = (await rows()).at(-1) as Row;
    const forged = {
      sequence: end.sequence + 1,
      previousHash: end.hash,
      actor: 'intruder',
      role: 'admin',
      action: 'ledger.fund',
      subject: 'pool:x',
      summary: {},
      at: end.at,
      requestId: 'forged',
    };
    await sql`insert into audit_entries (sequence, at, actor, role, action, subject, summary, request_id, previous_hash, hash)
      values (${forged.sequence}, ${forged.at}, ${forged.actor}, ${forged.role}, ${forged.action}, ${forged.subject},
              ${'{}'}, ${forged.requestId}, ${forged.previousHash}, ${hashEntry(forged, sha256)})`.execute(db());
    await expectBroken(forged.sequence, 'head_mismatch');
    await sql`delete from audit_entries where sequence = ${forged.sequence}`.execute(db());
    await expectWhole();
  });

  it('reports a row inserted in the middle (later rows renumbered) at the first renumbered row', async () => {
    const before = await rows();
    const at = 6;
    // Make room: shift sequences ≥ 6 up by one, from the end so the primary key never collides.
    for (const row of [...before].reverse().filter((row) => row.sequence >= at)) {
      await sql`update audit_entries set sequence = ${row.sequence + 1} where sequence = ${row.sequence}`.execute(db());
    }
    const previous = before[at - 2] as Row;
    const forged = {
      sequence: at,
      previousHash: previous.hash,
      actor: 'intruder',
      role: 'admin',
      action: 'account.roles_set',
      subject: 'account:intruder',
      summary: {},
      at: previous.at,
      requestId: 'forged',
    };
    await sql`insert into audit_entries (sequence, at, actor, role, action, subject, summary, request_id, previous_hash, hash)
      values (${at}, ${forged.at}, ${forged.actor}, ${forged.role}, ${forged.action}, ${forged.subject}, ${'{}'},
              ${forged.requestId}, ${forged.previousHash}, ${hashEntry(forged, sha256)})`.execute(db());
    await expectBroken(at + 1, 'hash_mismatch');
    await sql`delete from audit_entries where sequence >= ${at}`.execute(db());
    for (const row of before.filter((row) => row.sequence >= at)) await restore(row);
    await expectWhole();
  });

  it('reports two rows swapped at the first of them', async () => {
    const all = await rows();
    const [a, b] = [all[7] as Row, all[8] as Row];
    await sql`update audit_entries set sequence = ${-1} where sequence = ${a.sequence}`.execute(db());
    await sql`update audit_entries set sequence = ${a.sequence} where sequence = ${b.sequence}`.execute(db());
    await sql`update audit_entries set sequence = ${b.sequence} where sequence = ${-1}`.execute(db());
    await expectBroken(a.sequence, 'hash_mismatch');
    await restore(a);
    await restore(b);
    await expectWhole();
  });

  it('`huimin audit verify` says the same and exits 1 on a broken chain', async () => {
    const whole = await huimin(['audit', 'verify', '--json'], environment.env);
    expect(whole.code, whole.stderr).toBe(0);
    expect(JSON.parse(whole.stdout)).toMatchObject({ ok: true });
    const original = (await rows())[3] as Row;
    await sql`update audit_entries set role = ${'admin'} where sequence = ${original.sequence}`.execute(db());
    const broken = await huimin(['audit', 'verify'], environment.env);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain(`BROKEN at entry ${original.sequence} (hash_mismatch)`);
    await restore(original);
  });

  it('is not taken for broken while entries are appended during its verification', async () => {
    const { db: handle, dialect: name } = app.services.database;
    let appending = true;
    const appends = (async () => {
      for (let index = 0; index < 60; index += 1) {
        await writeTransaction(handle, name, (trx) =>
          app.services.audit.append(
            trx,
            { actor: 'concurrent', role: 'finance_officer', requestId: `c${index}` },
            { action: 'ledger.fund', subject: 'pool:appliance.hubin.city', after: { amountFen: index + 1 } },
          ),
        );
      }
      appending = false;
    })();
    const reports: { ok: boolean; problem: string | undefined }[] = [];
    while (appending) {
      const report = await app.services.audit.verify();
      reports.push({ ok: report.ok, problem: report.firstBroken?.problem });
    }
    await appends;
    expect(reports.length).toBeGreaterThan(0);
    expect(reports.filter((report) => !report.ok)).toEqual([]);
    await expectWhole();
  });

  it('is read by auditors only', async () => {
    for (const role of ['admin', 'finance_officer', 'citizen'] as const) {
      const session = await signIn(app, DEMO_LOGINS[role]);
      const response = await call(app, session, { method: 'GET', url: '/api/v1/audit/verification' });
      expect(response.statusCode, role).toBe(403);
    }
  });
});

describe('audit appends from several app processes on one PostgreSQL', () => {
  let environment: TestEnvironment;
  beforeAll(async () => {
    environment = await testEnvironment('postgres');
    const setup = await quietApp(environment.config);
    await setup.close();
  });
  afterAll(async () => {
    await environment?.cleanup();
  });

  it('gives every entry its own sequence and one unbroken chain', async () => {
    const root = projectRoot();
    const workers = 4;
    const appends = 40;
    const children = Array.from({ length: workers }, (_, index) =>
      spawn(process.execPath, ['--import', 'tsx', path.join(root, 'test', 'support', 'audit-worker.ts')], {
        cwd: root,
        env: {
          ...process.env,
          ...environment.env,
          AUDIT_APPENDS: String(appends),
          AUDIT_PARALLEL: '5',
          AUDIT_WORKER: `w${index}`,
        },
        stdio: ['pipe', 'pipe', 'inherit'],
      }),
    );
    const lines = children.map((child) => createInterface({ input: child.stdout })[Symbol.asyncIterator]());
    for (const line of lines) expect((await line.next()).value).toBe('ready');
    for (const child of children) child.stdin.write('go\n');
    const results = await Promise.all(
      lines.map(async (line) => JSON.parse(String((await line.next()).value)) as { name: string }),
    );
    expect(results).toHaveLength(workers);

    const handle = await openDatabase(environment.config);
    try {
      const audit = new AuditLog(new AuditRepository(handle.db, handle.dialect), () => new Date());
      const report = await audit.verify();
      expect(report, JSON.stringify(report.firstBroken)).toMatchObject({ ok: true });
      const counted = await sql<{ n: number; workers: number }>`
        select count(*) as n, count(distinct actor) as workers from audit_entries where action = 'test.append'`.execute(
        handle.db,
      );
      expect(Number(counted.rows[0]?.n)).toBe(workers * appends);
      expect(Number(counted.rows[0]?.workers)).toBe(workers);
      expect(report.head.sequence).toBe(report.checked);
    } finally {
      await handle.destroy();
    }
  });
});
