/**
 * Signed statements of the chains' heads, on SQLite and PostgreSQL. The server writes the day's
 * statement at start; auditors (API) and operators (CLI) publish more, each an audit entry, each
 * signature checkable with nothing but the public key. Someone who rewrites entries and recomputes
 * every later hash and the head passes the plain verification, but fails against an earlier statement
 * kept elsewhere (service, API and `huimin audit verify --against`), as does a head moved back; and
 * no new statement is signed over the rewritten chain. A statement altered after signing, or signed
 * by another key, fails with the reason.
 */
import { createPublicKey, generateKeyPairSync, sign, verify } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeTransaction } from '../../src/db/write-transaction.js';
import { hashEntry, type AuditEntry, type AuditStatement } from '../../src/domain/audit/index.js';
import { businessDate } from '../../src/domain/budget/calendar.js';
import { quietApp } from '../support/app.js';
import { verifyChains } from '../../src/services/audit/chains.js';
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

/** JSON with keys sorted at every depth and no white space: the signed text, written independently here. */
function sortedJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(sortedJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, item]) => item !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${sortedJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function unsigned(statement: AuditStatement): Omit<AuditStatement, 'signature'> {
  const { format, kind, issuedAt, chains, keyId, publicKey } = statement;
  return { format, kind, issuedAt, chains, keyId, publicKey };
}

describe.each(DIALECTS)('audit statements on %s', (dialect) => {
  let environment: TestEnvironment;
  let app: FastifyInstance;
  let auditor: TestSession;
  /** Where an auditor keeps statements: outside the server's data folder. */
  let elsewhere: string;

  beforeAll(async () => {
    environment = await testEnvironment(dialect, DEMO_ENV);
    app = await quietApp(environment.config);
    auditor = await signIn(app, DEMO_LOGINS.auditor);
    elsewhere = await mkdtemp(path.join(tmpdir(), 'huimin-statements-kept-'));
  });
  afterAll(async () => {
    await app?.close();
    await rm(elsewhere, { recursive: true, force: true });
    await environment?.cleanup();
  });

  const db = () => app.services.database.db;
  const rows = async (): Promise<Row[]> =>
    (await sql<Row>`select * from audit_entries order by sequence`.execute(db())).rows.map((row) => ({
      ...row,
      sequence: Number(row.sequence),
    }));
  const newest = async (action: string): Promise<AuditEntry | undefined> =>
    (await app.services.audit.page({ action })).items[0];

  async function appendEntries(count: number): Promise<void> {
    const { db: handle, dialect: name } = app.services.database;
    for (let index = 0; index < count; index += 1) {
      await writeTransaction(handle, name, (trx) =>
        app.services.audit.append(
          trx,
          { actor: 'finance-officer-1', role: 'finance_officer', requestId: `r-${index}` },
          { action: 'ledger.fund', subject: 'pool:appliance.hubin.city', after: { amountFen: 100_000 + index } },
        ),
      );
    }
  }

  /** Stores rows as given (same sequence numbers) and sets the head to the last one. */
  async function store(replacement: Row[], head: { sequence: number; hash: string }): Promise<void> {
    for (const row of replacement) {
      await sql`update audit_entries set summary = ${row.summary}, previous_hash = ${row.previous_hash}, hash = ${row.hash}
        where sequence = ${row.sequence}`.execute(db());
    }
    await sql`update audit_head set sequence = ${head.sequence}, hash = ${head.hash} where id = 1`.execute(db());
  }

  /**
   * The attack a chain in the database cannot show: change the entry at `from`, recompute its hash and
   * every later entry's previous hash and hash, and move the head to match.
   */
  async function rewriteFrom(from: number): Promise<Row[]> {
    const all = await rows();
    const original = all.filter((row) => row.sequence >= from);
    let previousHash = all.find((row) => row.sequence === from - 1)?.hash ?? '0'.repeat(64);
    const rewritten: Row[] = [];
    for (const row of original) {
      const summary = row.sequence === from ? JSON.stringify({ after: { amountFen: 1 } }) : row.summary;
      const entry = {
        sequence: row.sequence,
        previousHash,
        actor: row.actor,
        role: row.role,
        action: row.action,
        subject: row.subject,
        summary: JSON.parse(summary) as AuditEntry['summary'],
        at: row.at,
        requestId: row.request_id,
      };
      const hash = hashEntry(entry, sha256);
      rewritten.push({ ...row, summary, previous_hash: previousHash, hash });
      previousHash = hash;
    }
    const last = rewritten.at(-1) as Row;
    await store(rewritten, { sequence: last.sequence, hash: last.hash });
    return original;
  }

  async function keep(statement: AuditStatement, name: string): Promise<string> {
    const file = path.join(elsewhere, name);
    await writeFile(file, JSON.stringify(statement, null, 2));
    return file;
  }

  async function expectPlainVerificationPasses(): Promise<void> {
    expect((await verifyChains(app.services.audit, app.services.security)).allOk).toBe(true);
    const api = await call(app, auditor, { method: 'GET', url: '/api/v1/audit/verification' });
    expect(api.json()).toMatchObject({ ok: true, allOk: true });
    const cli = await huimin(['audit', 'verify'], environment.env);
    expect(cli.code, cli.stdout + cli.stderr).toBe(0);
  }

  /** Service, API and CLI all refuse the statement, with this problem. */
  async function expectAgainstFails(statement: AuditStatement, problem: string, words: string): Promise<void> {
    const check = await app.services.statements.check(statement);
    expect(check.ok).toBe(false);
    expect(check.findings.map((finding) => finding.problem)).toContain(problem);
    const api = await call(app, auditor, {
      method: 'POST',
      url: '/api/v1/audit/statements/verification',
      payload: statement,
    });
    expect(api.statusCode, api.body).toBe(200);
    expect(api.json<{ ok: boolean; findings: { problem: string }[] }>()).toMatchObject({ ok: false });
    expect(api.json<{ findings: { problem: string }[] }>().findings.map((finding) => finding.problem)).toContain(
      problem,
    );
    const file = await keep(statement, `${problem}.json`);
    const cli = await huimin(['audit', 'verify', '--against', file], environment.env);
    expect(cli.code).toBe(1);
    expect(cli.stdout).toContain('FAILS');
    expect(cli.stdout).toContain(words);
  }

  async function expectAgainstPasses(statement: AuditStatement): Promise<void> {
    expect((await app.services.statements.check(statement)).ok).toBe(true);
    const api = await call(app, auditor, {
      method: 'POST',
      url: '/api/v1/audit/statements/verification',
      payload: statement,
    });
    expect(api.json()).toMatchObject({ ok: true, signatureOk: true, findings: [] });
    const file = await keep(statement, 'good.json');
    const cli = await huimin(['audit', 'verify', '--against', file], environment.env);
    expect(cli.code, cli.stdout + cli.stderr).toBe(0);
    expect(cli.stdout).toContain('matches the chains');
  }

  it('writes the day’s statement at start, signed with a key kept in keys.json (mode 600)', async () => {
    const folder = environment.config.auditStatementsDir;
    expect(folder).toBe(path.join(environment.config.dataDir, 'audit-statements'));
    const daily = path.join(folder, `${businessDate(new Date())}.json`);
    expect(existsSync(daily)).toBe(true);
    const statement = JSON.parse(await readFile(daily, 'utf8')) as AuditStatement;
    expect(statement).toMatchObject({ format: 'huimin-audit-statement/1', kind: 'daily' });
    expect(await newest('audit.statement_published')).toMatchObject({
      actor: 'system:statements',
      summary: { after: { file: path.basename(daily), signature: statement.signature } },
    });
    const keys = JSON.parse(await readFile(environment.config.keysFile, 'utf8')) as { auditSigningKey?: string };
    expect(Buffer.from(keys.auditSigningKey ?? '', 'base64')).toHaveLength(32);
    expect(statSync(environment.config.keysFile).mode & 0o777).toBe(0o600);
  });

  it('publishes on demand for auditors; anyone can check the signature with the public key alone', async () => {
    await appendEntries(3);
    const response = await call(app, auditor, { method: 'POST', url: '/api/v1/audit/statements' });
    expect(response.statusCode, response.body).toBe(201);
    const statement = response.json<AuditStatement>();
    const heads = {
      audit: await app.services.audit.repository.head(),
      security: await app.services.security.log.repository.head(),
    };
    // The publication is itself the next audit entry.
    expect(statement.chains.audit.sequence).toBe(heads.audit.sequence - 1);
    expect(statement.kind).toBe('on_demand');
    const key = createPublicKey({ key: Buffer.from(statement.publicKey, 'base64'), format: 'der', type: 'spki' });
    const text = Buffer.from(sortedJson(unsigned(statement)), 'utf8');
    expect(verify(null, text, key, Buffer.from(statement.signature, 'base64'))).toBe(true);
    expect(await newest('audit.statement_published')).toMatchObject({
      actor: auditor.accountId,
      role: 'auditor',
      summary: { after: { kind: 'on_demand', chains: statement.chains } },
    });

    const latest = await call(app, auditor, { method: 'GET', url: '/api/v1/audit/statements/latest' });
    expect(latest.json()).toEqual(statement);
    const files = await readdir(environment.config.auditStatementsDir);
    expect(files.filter((file) => file.endsWith('.json'))).toHaveLength(2);
    for (const role of ['admin', 'finance_officer', 'citizen'] as const) {
      const session = await signIn(app, DEMO_LOGINS[role]);
      const refused = await call(app, session, { method: 'POST', url: '/api/v1/audit/statements' });
      expect(refused.statusCode, role).toBe(403);
    }
  });

  it('catches entries rewritten together with the head, which the plain verification cannot', async () => {
    const statement = (await app.services.statements.latest()) as AuditStatement;
    await expectAgainstPasses(statement);
    await appendEntries(4);
    const original = await rewriteFrom(statement.chains.audit.sequence - 2);
    try {
      await expectPlainVerificationPasses();
      await expectAgainstFails(statement, 'hash_differs', 'was rewritten after the statement');
      // No new statement is signed over the rewritten chain, by the API or the CLI.
      const refused = await call(app, auditor, { method: 'POST', url: '/api/v1/audit/statements' });
      expect(refused.statusCode).toBe(409);
      expect(refused.json()).toMatchObject({ error: { code: 'AUDIT_CHAIN_REWRITTEN' } });
      const cli = await huimin(['audit', 'publish'], environment.env);
      expect(cli.code).toBe(1);
      expect(cli.stderr).toContain('AUDIT_CHAIN_REWRITTEN');
    } finally {
      const last = original.at(-1) as Row;
      await store(original, { sequence: last.sequence, hash: last.hash });
    }
    await expectAgainstPasses(statement);
  });

  it('catches a head moved back over entries that were cut off', async () => {
    const published = await huimin(['audit', 'publish', '--json'], environment.env);
    expect(published.code, published.stderr).toBe(0);
    const statement = JSON.parse(published.stdout) as AuditStatement;
    expect((await newest('audit.statement_published'))?.actor).toMatch(/^system:cli/);
    const all = await rows();
    const cut = all.filter((row) => row.sequence >= statement.chains.audit.sequence - 1);
    const kept = all.filter((row) => row.sequence < statement.chains.audit.sequence - 1).at(-1) as Row;
    await sql`delete from audit_entries where sequence >= ${statement.chains.audit.sequence - 1}`.execute(db());
    await sql`update audit_head set sequence = ${kept.sequence}, hash = ${kept.hash} where id = 1`.execute(db());
    try {
      await expectPlainVerificationPasses();
      await expectAgainstFails(statement, 'head_went_back', 'the head went back');
    } finally {
      for (const row of cut) {
        await sql`insert into audit_entries (sequence, at, actor, role, action, subject, summary, request_id, previous_hash, hash)
          values (${row.sequence}, ${row.at}, ${row.actor}, ${row.role}, ${row.action}, ${row.subject}, ${row.summary},
                  ${row.request_id}, ${row.previous_hash}, ${row.hash})`.execute(db());
      }
      const last = cut.at(-1) as Row;
      await sql`update audit_head set sequence = ${last.sequence}, hash = ${last.hash} where id = 1`.execute(db());
    }
    await expectAgainstPasses(statement);
  });

  it('refuses a statement changed after signing, and one signed by another key, saying why', async () => {
    const statement = (await app.services.statements.latest()) as AuditStatement;
    const altered: AuditStatement = { ...statement, issuedAt: '2020-01-01T00:00:00.000Z' };
    await expectAgainstFails(altered, 'bad_signature', 'signature does not verify');

    const other = generateKeyPairSync('ed25519');
    const publicKey = other.publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
    const forged = { ...unsigned(statement), keyId: 'f'.repeat(16), publicKey };
    const signature = sign(null, Buffer.from(sortedJson(forged), 'utf8'), other.privateKey).toString('base64');
    await expectAgainstFails({ ...forged, signature }, 'other_key', 'signed by another key');
  });

  it('says so when the file to check against is not a statement', async () => {
    const file = path.join(elsewhere, 'not-a-statement.json');
    await writeFile(file, '{"hello": "world"}');
    const cli = await huimin(['audit', 'verify', '--against', file], environment.env);
    expect(cli.code).toBe(1);
    expect(cli.stderr).toContain('is not an audit statement');
  });

  it('keeps the key across restarts and writes no second daily statement the same day', async () => {
    const before = (await app.services.statements.latest()) as AuditStatement;
    const dailies = async () =>
      (await app.services.audit.page({ action: 'audit.statement_published', limit: 100 })).items.filter(
        (entry) => (entry.summary.after as { kind?: string }).kind === 'daily',
      ).length;
    const count = await dailies();
    const restarted = await quietApp(environment.config);
    try {
      expect(restarted.services.statements.keyId).toBe(before.keyId);
      expect(await dailies()).toBe(count);
    } finally {
      await restarted.close();
    }
  });
});
