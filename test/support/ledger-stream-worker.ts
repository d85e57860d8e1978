/**
 * One app process of the ledger crash test: opens the database named in its environment (as the server
 * would), says `ready`, then places a stream of holds through the batched path (`placeHold`),
 * LEDGER_CONCURRENCY at a time, keys `<LEDGER_KEY_PREFIX>-0` … `-<LEDGER_HOLDS − 1>`, and prints one
 * line per answer the moment it has it: `{"key":…,"ok":true,"holdId":…,"replayed":…}` (or the
 * refusal code). A line printed is an answer given: the test kills this process with SIGKILL in the
 * middle of the stream and holds the ledger to every answer printed before.
 *
 *   LEDGER_POOL_ID, LEDGER_HOLDS, LEDGER_AMOUNT_FEN, LEDGER_KEY_PREFIX, LEDGER_CONCURRENCY,
 *   LEDGER_WAIT_GO (1: after `ready`, wait for a line on standard input before starting),
 *   LEDGER_QUIET (1: print only a summary line `{"pid","ok","refused","ms","batches","moves","wholePool"}`
 *   at the end: the batcher's batches, moves between slices and holds sent to the whole pool)
 *   plus the database settings of src/config.ts (HUIMIN_DATA_DIR, DATABASE_URL, HUIMIN_DATABASE_SCHEMA)
 *
 * Run: node --import tsx test/support/ledger-stream-worker.ts
 */
import { createInterface } from 'node:readline';
import { loadConfig } from '../../src/config.js';
import { AuditRepository } from '../../src/db/audit-repository.js';
import { BudgetRepository } from '../../src/db/budget-repository.js';
import { openDatabase } from '../../src/db/database.js';
import { AuditLog } from '../../src/services/audit/audit-log.js';
import { BudgetService } from '../../src/services/budget/budget-service.js';
import { contextOf } from './ledger-setup.js';

function required(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') throw new Error(`ledger stream worker: ${name} is not set`);
  return value;
}

const poolId = required('LEDGER_POOL_ID');
const holds = Number(required('LEDGER_HOLDS'));
const amountFen = Number(required('LEDGER_AMOUNT_FEN'));
const keyPrefix = required('LEDGER_KEY_PREFIX');
const concurrency = Number(process.env.LEDGER_CONCURRENCY ?? 32);

const config = loadConfig(process.env);
const handle = await openDatabase({ ...config, poolSize: Math.min(concurrency, 10) });
const budget = new BudgetService({
  store: handle,
  repository: new BudgetRepository(handle.db, handle.dialect),
  audit: new AuditLog(new AuditRepository(handle.db, handle.dialect), () => new Date()),
});
await budget.getPool(poolId);
// A line is written once its answer is in hand; one still in the stream's buffer when the process is
// killed never reaches the test, which counts only the lines it read: never an answer not given.
const say = (line: string): void => void process.stdout.write(`${line}\n`);
say('ready');
if (process.env.LEDGER_WAIT_GO === '1') {
  const input = createInterface({ input: process.stdin });
  await new Promise<void>((resolve) => input.once('line', () => resolve()));
  input.close();
}
const quiet = process.env.LEDGER_QUIET === '1';
const tally = { ok: 0, refused: 0 };
const started = performance.now();

const context = contextOf({ actor: `stream-${process.pid}` });
let next = 0;
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    for (let index = next++; index < holds; index = next++) {
      const key = `${keyPrefix}-${index}`;
      const outcome = await budget.placeHold(context, poolId, { amountFen, idempotencyKey: key });
      tally[outcome.ok ? 'ok' : 'refused'] += 1;
      if (quiet) continue;
      say(
        JSON.stringify(
          outcome.ok
            ? { key, ok: true, holdId: outcome.hold.id, replayed: outcome.replayed }
            : { key, ok: false, code: outcome.refusal.code },
        ),
      );
    }
  }),
);
if (quiet) {
  const { moves, wholePool, batches } = budget.batcher.stats;
  say(JSON.stringify({ pid: process.pid, ...tally, ms: performance.now() - started, batches, moves, wholePool }));
}
say('done');
await handle.destroy();
