/**
 * One app process of the cross-process concurrency test: opens the database named in its environment
 * (as the server would), says `ready`, waits for `go` on standard input, then fires all its holds at
 * one pool at once and prints a JSON line counting the outcomes.
 *
 *   LEDGER_POOL_ID, LEDGER_HOLDS, LEDGER_AMOUNT_FEN, LEDGER_KEY_PREFIX, LEDGER_POOL_SIZE,
 *   LEDGER_PATH (batched | steps; batched unless told), LEDGER_MAX_BATCH (the batcher's largest batch)
 *   plus the database settings of src/config.ts (HUIMIN_DATA_DIR, DATABASE_URL, HUIMIN_DATABASE_SCHEMA)
 *
 * Run: node --import tsx test/support/ledger-worker.ts
 */
import { createInterface } from 'node:readline';
import { loadConfig } from '../../src/config.js';
import { openDatabase } from '../../src/db/database.js';
import { BudgetService } from '../../src/services/budget/budget-service.js';
import { AuditRepository } from '../../src/db/audit-repository.js';
import { BudgetRepository } from '../../src/db/budget-repository.js';
import { AuditLog } from '../../src/services/audit/audit-log.js';
import { standaloneLedger, type LedgerPath } from './ledger-setup.js';

function required(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') throw new Error(`ledger worker: ${name} is not set`);
  return value;
}

const poolId = required('LEDGER_POOL_ID');
const holds = Number(required('LEDGER_HOLDS'));
const amountFen = Number(required('LEDGER_AMOUNT_FEN'));
const keyPrefix = required('LEDGER_KEY_PREFIX');
const poolSize = Number(process.env.LEDGER_POOL_SIZE ?? 10);
const ledgerPath: LedgerPath = process.env.LEDGER_PATH === 'steps' ? 'steps' : 'batched';
const maxBatch = process.env.LEDGER_MAX_BATCH === undefined ? undefined : Number(process.env.LEDGER_MAX_BATCH);

const config = loadConfig(process.env);
const handle = await openDatabase({ ...config, poolSize });
const budget = new BudgetService({
  store: handle,
  repository: new BudgetRepository(handle.db, handle.dialect),
  audit: new AuditLog(new AuditRepository(handle.db, handle.dialect), () => new Date()),
  ...(maxBatch === undefined ? {} : { maxBatch }),
});
const service = standaloneLedger(budget, handle, ledgerPath);
// Open the connections before the start signal, so that the holds race each other, not the connects.
await Promise.all(Array.from({ length: poolSize }, () => service.getPool(poolId)));
process.stdout.write('ready\n');

const input = createInterface({ input: process.stdin });
await new Promise<void>((resolve) => input.once('line', () => resolve()));
input.close();

const started = performance.now();
const outcomes = await Promise.all(
  Array.from({ length: holds }, (_, index) =>
    service.hold(poolId, { amountFen, idempotencyKey: `${keyPrefix}-${index}` }, { actor: `worker-${process.pid}` }),
  ),
);
const counts: Record<string, number> = {};
for (const outcome of outcomes) {
  const key = outcome.ok ? 'ok' : outcome.refusal.code;
  counts[key] = (counts[key] ?? 0) + 1;
}
process.stdout.write(`${JSON.stringify({ pid: process.pid, counts, ms: performance.now() - started })}\n`);
await handle.destroy();
