/**
 * A crash in the middle of a stream of batched holds loses nothing that was acknowledged and
 * acknowledges nothing that was not committed (issue 10): an app process places holds through the
 * hold batcher, 32 at a time, printing each answer as it gets it; it is killed with SIGKILL while
 * batches are being written. Then a new process ("the restart") places the same stream again. Every
 * hold the first process acknowledged is found (the restart's answer for its key is `replayed`, with
 * the same hold id), nothing is held twice, the books balance, the audit chain is intact, and the
 * pool's held money is exactly the holds that exist. On SQLite and PostgreSQL, on a pool as one row and
 * on a pool split into four slices (docs/ledger.md "Slices": moves between slices are ledger
 * transactions too, so they are in the books and the chain).
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditRepository } from '../../src/db/audit-repository.js';
import { AuditLog } from '../../src/services/audit/audit-log.js';
import { projectRoot } from '../../src/shared/project-root.js';
import { DIALECTS, type TestDialect } from '../support/databases.js';
import {
  contextOf,
  countRows,
  ledgerDatabase,
  ok,
  postingTotal,
  type LedgerDatabase,
} from '../support/ledger-setup.js';

const HOLD_FEN = 1_000;
const HOLDS = 4_000;

interface Answer {
  readonly key: string;
  readonly ok: boolean;
  readonly holdId?: string;
  readonly replayed?: boolean;
  readonly code?: string;
}

/**
 * Runs the stream worker; with `killAfter`, kills it with SIGKILL once it has printed that many
 * answers. Resolves with every answer it printed.
 */
function stream(ledger: LedgerDatabase, poolId: string, killAfter: number | null): Promise<Answer[]> {
  const root = projectRoot();
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(root, 'test', 'support', 'ledger-stream-worker.ts')],
    {
      cwd: root,
      env: {
        ...process.env,
        ...ledger.environment.env,
        LEDGER_POOL_ID: poolId,
        LEDGER_HOLDS: String(HOLDS),
        LEDGER_AMOUNT_FEN: String(HOLD_FEN),
        LEDGER_KEY_PREFIX: 'crash',
        LEDGER_CONCURRENCY: '32',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const answers: Answer[] = [];
  const lines = createInterface({ input: child.stdout });
  lines.on('line', (line) => {
    if (line === 'ready' || line === 'done') return;
    answers.push(JSON.parse(line) as Answer);
    if (killAfter !== null && answers.length === killAfter) child.kill('SIGKILL');
  });
  return new Promise((resolve, reject) => {
    child.once('close', (code, signal) => {
      if (killAfter === null ? code === 0 : signal === 'SIGKILL') resolve(answers);
      else reject(new Error(`stream worker ended with code ${code}, signal ${signal} after ${answers.length} answers`));
    });
  });
}

const CASES = DIALECTS.flatMap((dialect) => [1, 4].map((slices) => [dialect, slices] as const));

describe.each(CASES)('a crash in the middle of batched holds on %s, %i slice(s)', (dialect: TestDialect, slices) => {
  let ledger: LedgerDatabase;

  beforeAll(async () => {
    ledger = await ledgerDatabase(dialect);
  });
  afterAll(async () => {
    await ledger?.close();
  });

  it('keeps every acknowledged hold and nothing unacknowledged is half-written', async () => {
    const { pool } = await ledger.service.createPool({ line: 'appliance', unitId: 'crash', source: 'central' });
    ok(
      await ledger.service.fund(
        pool.id,
        { amountFen: HOLDS * HOLD_FEN, idempotencyKey: 'crash-fund' },
        { actor: 'finance' },
      ),
    );
    if (slices > 1) ok(await ledger.budget.splitPool(contextOf({ actor: 'finance' }), pool.id, { slices }));

    // Killed mid-stream: after 1,000 answers, with more batches in flight.
    const before = await stream(ledger, pool.id, 1_000);
    const acknowledged = before.filter((answer) => answer.ok);
    expect(acknowledged.length).toBeGreaterThanOrEqual(1_000);
    const written = await countRows(ledger.handle, 'budget_holds');
    // What the process was killed in the middle of (its batch in flight) may or may not have committed.
    expect(written).toBeGreaterThanOrEqual(acknowledged.length);
    expect(written).toBeLessThan(HOLDS);

    // The restart: the same stream again, from the first key.
    const after = await stream(ledger, pool.id, null);
    expect(after).toHaveLength(HOLDS);
    const byKey = new Map(after.map((answer) => [answer.key, answer]));
    for (const answer of acknowledged) {
      expect(byKey.get(answer.key), answer.key).toEqual({ ...answer, replayed: true });
    }
    expect(after.every((answer) => answer.ok)).toBe(true);
    // Exactly the holds written before the crash come back as replays; the rest are new.
    expect(after.filter((answer) => answer.replayed).length).toBe(written);

    // The books: one hold per key, pool held = every hold, postings sum to zero, audit chain intact.
    expect(await countRows(ledger.handle, 'budget_holds')).toBe(HOLDS);
    expect(await ledger.service.getPool(pool.id)).toMatchObject({ availableFen: 0, heldFen: HOLDS * HOLD_FEN });
    const report = await ledger.service.verifyBooks();
    expect(report.problems).toEqual([]);
    expect(report.balanced).toBe(true);
    expect(await postingTotal(ledger.handle)).toBe(0);
    // One audit entry per ledger transaction (fund, one per hold, moves between slices) and the pool's
    // creation (and split), chained unbroken.
    const entries = report.transactionCount + (slices > 1 ? 2 : 1);
    expect(report.transactionCount).toBeGreaterThanOrEqual(1 + HOLDS);
    expect(await countRows(ledger.handle, 'audit_entries')).toBe(entries);
    const audit = await new AuditLog(
      new AuditRepository(ledger.handle.db, ledger.handle.dialect),
      () => new Date(),
    ).verify();
    expect(audit.ok).toBe(true);
    expect(audit.checked).toBe(entries);
  }, 180_000);
});
