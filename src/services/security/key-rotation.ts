/**
 * `huimin keys rotate`: re-encrypts every stored personal-data value that is not under the active key,
 * a batch per transaction (so a large table does not hold one long lock), and records the rotation in
 * the audit log. Safe to run again after an interruption: values already under the active key are left.
 * The HMAC lookups do not change (they use the separate lookup key).
 */
import type { Kysely } from 'kysely';
import type { DatabaseHandle } from '../../db/database.js';
import type { Database } from '../../db/tables.js';
import { writeOnce } from '../idempotent-write.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { PersonalDataCipher } from './personal-data-cipher.js';

const COLUMNS = ['id_number_cipher', 'mobile_cipher', 'bank_account_cipher'] as const;
const BATCH = 500;

export interface RotationReport {
  readonly activeKeyId: string;
  /** Values re-encrypted by this run. */
  readonly reencrypted: number;
  /** Stored values per key id after the run. */
  readonly byKey: Record<string, number>;
}

async function countByKey(db: Kysely<Database>, cipher: PersonalDataCipher): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  const rows = await db.selectFrom('accounts').select(COLUMNS).execute();
  for (const row of rows) {
    for (const column of COLUMNS) {
      const stored = row[column];
      if (stored === null) continue;
      const keyId = cipher.keyIdOf(stored);
      counts[keyId] = (counts[keyId] ?? 0) + 1;
    }
  }
  return counts;
}

export async function rotatePersonalDataKeys(
  handle: DatabaseHandle,
  cipher: PersonalDataCipher,
  audit: AuditLog,
): Promise<RotationReport> {
  const active = cipher.activeKeyId;
  const prefix = `v1.${active}.`;
  let reencrypted = 0;
  let after = '';
  for (;;) {
    const rows = await handle.db
      .selectFrom('accounts')
      .select(['id', ...COLUMNS])
      .where('id', '>', after)
      .orderBy('id')
      .limit(BATCH)
      .execute();
    if (rows.length === 0) break;
    after = rows[rows.length - 1]?.id ?? after;
    const stale = rows.filter((row) =>
      COLUMNS.some((column) => row[column] !== null && !row[column]?.startsWith(prefix)),
    );
    if (stale.length === 0) continue;
    await writeOnce(handle, null, async (trx) => {
      for (const row of stale) {
        const changes: Partial<Record<(typeof COLUMNS)[number], string>> = {};
        for (const column of COLUMNS) {
          const stored = row[column];
          if (stored === null || stored.startsWith(prefix)) continue;
          changes[column] = cipher.encrypt(cipher.decrypt(stored));
          reencrypted += 1;
        }
        // Only if unchanged since read: a concurrent update wins and is re-read by a later run.
        let update = trx.updateTable('accounts').set(changes).where('id', '=', row.id);
        for (const column of COLUMNS) {
          const stored = row[column];
          update = stored === null ? update.where(column, 'is', null) : update.where(column, '=', stored);
        }
        await update.execute();
      }
    });
  }
  const byKey = await countByKey(handle.db, cipher);
  await writeOnce(handle, null, (trx) =>
    audit.append(
      trx,
      { actor: 'system:cli', role: 'operator', requestId: `keys-rotate-${Date.now()}` },
      { action: 'keys.rotate', subject: 'personal-data-keys', after: { activeKeyId: active, reencrypted, byKey } },
    ),
  );
  return { activeKeyId: active, reencrypted, byKey };
}
