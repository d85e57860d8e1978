/**
 * `huimin keys rotate`: re-encrypts every stored personal-data value that is not under the active key,
 * a batch per transaction (so a large table does not hold one long lock), and records the rotation in
 * the audit log. Safe to run again after an interruption: values already under the active key are left.
 * The HMAC lookups do not change (they use the separate lookup key).
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- one loop over several tables' columns, named in ENCRYPTED */
import type { Kysely } from 'kysely';
import type { DatabaseHandle } from '../../db/database.js';
import { writeOnce } from '../idempotent-write.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { PersonalDataCipher } from './personal-data-cipher.js';

/**
 * Every table that keeps personal data encrypted, with the columns that identify a row (in key order)
 * and the encrypted columns. A new encrypted column is added here, or rotation leaves it behind
 * (test/integration/keys-rotate.test.ts reads every table listed).
 */
const ENCRYPTED: readonly { table: string; keys: readonly string[]; columns: readonly string[] }[] = [
  { table: 'accounts', keys: ['id'], columns: ['id_number_cipher', 'mobile_cipher', 'bank_account_cipher'] },
  { table: 'trade_in_memberships', keys: ['id'], columns: ['bank_account_cipher'] },
  { table: 'claims', keys: ['id'], columns: ['facts_cipher', 'payee_account_cipher'] },
  { table: 'claim_payouts', keys: ['batch_id', 'claim_id'], columns: ['payee_account_cipher'] },
  // Not personal data, but a secret under the same key until the draw: a lottery round's seed.
  { table: 'voucher_rounds', keys: ['id'], columns: ['seed_sealed'] },
];
const BATCH = 500;

export interface RotationReport {
  readonly activeKeyId: string;
  /** Values re-encrypted by this run. */
  readonly reencrypted: number;
  /** Stored values per key id after the run. */
  readonly byKey: Record<string, number>;
}

type Row = Record<string, string | null>;

async function countByKey(db: Kysely<any>, cipher: PersonalDataCipher): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const { table, columns } of ENCRYPTED) {
    const rows = (await db.selectFrom(table).select(columns).execute()) as Row[];
    for (const row of rows) {
      for (const column of columns) {
        const stored = row[column];
        if (stored === null || stored === undefined) continue;
        const keyId = cipher.keyIdOf(stored);
        counts[keyId] = (counts[keyId] ?? 0) + 1;
      }
    }
  }
  return counts;
}

/** Rows after `after` in key order (one key column, or two). */
function page(db: Kysely<any>, table: string, keys: readonly string[], columns: readonly string[], after: Row | null) {
  let query = db.selectFrom(table).select([...keys, ...columns]);
  if (after !== null) {
    const [first, second] = keys as [string, string | undefined];
    query =
      second === undefined
        ? query.where(first, '>', after[first])
        : query.where((eb) =>
            eb.or([
              eb(first, '>', after[first]),
              eb.and([eb(first, '=', after[first]), eb(second, '>', after[second])]),
            ]),
          );
  }
  for (const key of keys) query = query.orderBy(key);
  return query.limit(BATCH).execute() as Promise<Row[]>;
}

export async function rotatePersonalDataKeys(
  handle: DatabaseHandle,
  cipher: PersonalDataCipher,
  audit: AuditLog,
): Promise<RotationReport> {
  const active = cipher.activeKeyId;
  const prefix = `v1.${active}.`;
  let reencrypted = 0;
  const db = handle.db as unknown as Kysely<any>;
  for (const { table, keys, columns } of ENCRYPTED) {
    let after: Row | null = null;
    for (;;) {
      const rows = await page(db, table, keys, columns, after);
      if (rows.length === 0) break;
      after = rows[rows.length - 1] ?? after;
      const stale = rows.filter((row) =>
        columns.some((column) => row[column] !== null && !row[column]?.startsWith(prefix)),
      );
      if (stale.length === 0) continue;
      await writeOnce(handle, null, async (trx) => {
        const executor = trx as unknown as Kysely<any>;
        for (const row of stale) {
          const changes: Record<string, string> = {};
          for (const column of columns) {
            const stored = row[column];
            if (stored === null || stored === undefined || stored.startsWith(prefix)) continue;
            changes[column] = cipher.encrypt(cipher.decrypt(stored));
            reencrypted += 1;
          }
          // Only if unchanged since read: a concurrent update wins and is re-read by a later run.
          let update = executor.updateTable(table).set(changes);
          for (const key of keys) update = update.where(key, '=', row[key]);
          for (const column of columns) {
            const stored = row[column];
            update = stored === null ? update.where(column, 'is', null) : update.where(column, '=', stored);
          }
          await update.execute();
        }
      });
    }
  }
  const byKey = await countByKey(db, cipher);
  await writeOnce(handle, null, (trx) =>
    audit.append(
      trx,
      { actor: 'system:cli', role: 'operator', requestId: `keys-rotate-${Date.now()}` },
      { action: 'keys.rotate', subject: 'personal-data-keys', after: { activeKeyId: active, reencrypted, byKey } },
    ),
  );
  return { activeKeyId: active, reencrypted, byKey };
}
