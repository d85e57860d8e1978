/**
 * Citizens for the voucher tests, written straight into the accounts table (they never sign in: the tests
 * call the services as them through DemoActors), and a pool funded for the campaigns.
 */
import type { FastifyInstance } from 'fastify';
import { DemoActors, type DemoActor } from '../../src/app/demo-actors.js';
import { AccountRepository } from '../../src/db/accounts-repository.js';

/** `count` active citizen accounts `${prefix}-0` … with stand-in lookups, and their service actors. */
export async function insertCitizens(app: FastifyInstance, prefix: string, count: number): Promise<DemoActor[]> {
  const { db, dialect } = app.services.database;
  const accounts = new AccountRepository(db, dialect);
  const at = new Date().toISOString();
  await db.transaction().execute(async (trx) => {
    await accounts.insertAccounts(
      trx,
      Array.from({ length: count }, (_, index) => ({
        id: `${prefix}-${index}`,
        kind: 'citizen' as const,
        username: null,
        name: `市民${index}`,
        // Stand-ins for the encrypted ID number and mobile: these accounts only claim.
        id_number_cipher: null,
        id_number_lookup: `${prefix}-id-${index}`,
        mobile_cipher: null,
        mobile_lookup: `${prefix}-mobile-${index}`,
        bank_account_cipher: null,
        password_hash: 'x',
        status: 'active' as const,
        failed_sign_ins: 0,
        locked_until: null,
        demo: 0,
        created_at: at,
        updated_at: at,
        last_sign_in_at: null,
      })),
      Array.from({ length: count }, (_, index) => ({
        account_id: `${prefix}-${index}`,
        role: 'citizen',
        organisation_kind: '' as const,
        organisation_id: '',
      })),
    );
  });
  const actors = new DemoActors(accounts);
  const out: DemoActor[] = [];
  for (let index = 0; index < count; index += 1) out.push(await actors.of(`${prefix}-${index}`));
  return out;
}
