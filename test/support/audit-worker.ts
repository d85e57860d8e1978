/**
 * One app process of the concurrent-appenders test: opens the database named in its environment, says
 * `ready`, waits for `go` on standard input, then appends AUDIT_APPENDS entries with AUDIT_PARALLEL
 * appends in flight at a time, each in its own write transaction, and prints a JSON line.
 *
 * Run: node --import tsx test/support/audit-worker.ts
 */
import { createInterface } from 'node:readline';
import { loadConfig } from '../../src/config.js';
import { AuditRepository } from '../../src/db/audit-repository.js';
import { openDatabase } from '../../src/db/database.js';
import { writeTransaction } from '../../src/db/write-transaction.js';
import { AuditLog } from '../../src/services/audit/audit-log.js';

const appends = Number(process.env.AUDIT_APPENDS ?? 50);
const parallel = Number(process.env.AUDIT_PARALLEL ?? 5);
const name = process.env.AUDIT_WORKER ?? `worker-${process.pid}`;

const handle = await openDatabase({ ...loadConfig(process.env), poolSize: parallel });
const audit = new AuditLog(new AuditRepository(handle.db, handle.dialect), () => new Date());
await audit.repository.head();
process.stdout.write('ready\n');
const input = createInterface({ input: process.stdin });
await new Promise<void>((resolve) => input.once('line', () => resolve()));
input.close();

let next = 0;
const started = performance.now();
await Promise.all(
  Array.from({ length: parallel }, async () => {
    for (let index = next++; index < appends; index = next++) {
      await writeTransaction(handle.db, handle.dialect, (trx) =>
        audit.append(
          trx,
          { actor: name, role: 'test', requestId: `${name}-${index}` },
          { action: 'test.append', subject: `worker:${name}`, after: { index } },
        ),
      );
    }
  }),
);
process.stdout.write(`${JSON.stringify({ name, appends, ms: Math.round(performance.now() - started) })}\n`);
await handle.destroy();
