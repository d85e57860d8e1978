/**
 * `huimin keys rotate`: after a new key is made active, every stored ID number, mobile number and bank
 * account is re-encrypted under it, still decrypts to the same value, and is still found by its keyed
 * hash; the rotation is in the audit log. On SQLite (keys file) and PostgreSQL (keys in the environment).
 */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { quietApp } from '../support/app.js';
import { huimin } from '../support/cli.js';
import { DIALECTS, testEnvironment, type TestEnvironment } from '../support/databases.js';
import { CapturingSender, registerCitizen } from '../support/registration.js';
import { call, DEMO_ENV, DEMO_LOGINS, signIn } from '../support/sessions.js';

const key = () => randomBytes(32).toString('base64');

describe.each(DIALECTS)('keys rotate on %s', (dialect) => {
  let environment: TestEnvironment;
  let app: FastifyInstance;
  let claimId = '';
  const lookupKey = key();
  const k1 = key();
  const k2 = key();
  const envKeys = (active: string): Record<string, string> =>
    dialect === 'postgres'
      ? { HUIMIN_PII_KEYS: `k1:${k1},k2:${k2}`, HUIMIN_PII_ACTIVE_KEY: active, HUIMIN_PII_HMAC_KEY: lookupKey }
      : {};

  beforeAll(async () => {
    environment = await testEnvironment(dialect, {
      ...DEMO_ENV,
      ...(dialect === 'postgres' ? { HUIMIN_PII_KEYS: `k1:${k1}`, HUIMIN_PII_HMAC_KEY: lookupKey } : {}),
    });
    const codes = new CapturingSender();
    app = await quietApp(environment.config, { oneTimeCodeSender: codes });
    const registered = await registerCitizen(
      app,
      { name: '王芳', idNumber: '53010219200508011X', mobile: '13700000001', password: 'a fine password' },
      codes,
    );
    expect(registered.statusCode, registered.body).toBe(201);
    // A claim keeps its facts and the payee's account encrypted too.
    const citizen = await signIn(app, '13700000001', 'a fine password');
    const claim = await call(app, citizen, {
      method: 'POST',
      url: '/api/v1/claims',
      headers: { 'idempotency-key': 'claim-1' },
      payload: {
        line: 'elderly_adaptation',
        unitId: 'hubin',
        dwelling: { address: '湖滨区崤山路 9 号', residentName: '王老先生', residentBirthDate: '1940-01-01' },
        purchaseDate: '2025-06-01',
        items: [{ name: '扶手', productCostFen: 100_000, labourCostFen: 0 }],
        payee: { name: '王芳', bankName: '中国银行', bankAccount: '6216610000000000001' },
      },
    });
    expect(claim.statusCode, claim.body).toBe(201);
    claimId = claim.json<{ id: string }>().id;
    await app.close();
  });
  afterAll(async () => {
    await environment?.cleanup();
  });

  it('re-encrypts every value under the new key, keeping values and look-ups', async () => {
    const rotated = await huimin(['keys', 'rotate', ...(dialect === 'sqlite' ? ['--new-key'] : [])], {
      ...environment.env,
      ...envKeys('k2'),
    });
    expect(rotated.code, rotated.stderr).toBe(0);
    // Demo citizen: ID, mobile, bank account; the registered citizen: ID and mobile; the claim: facts, account.
    expect(rotated.stdout).toMatch(/re-encrypted 7 values under key k2; values per key: k2 7/);

    const again = await huimin(['keys', 'rotate'], { ...environment.env, ...envKeys('k2') });
    expect(again.stdout).toMatch(/re-encrypted 0 values under key k2/);

    app = await quietApp(loadConfig({ ...environment.env, ...envKeys('k2') }));
    try {
      const stored = (
        await sql<{ id_number_cipher: string }>`select id_number_cipher from accounts where kind = 'citizen'`.execute(
          app.services.database.db,
        )
      ).rows;
      expect(stored.every((row) => row.id_number_cipher.startsWith('v1.k2.'))).toBe(true);
      // Found by keyed hash: signing in by mobile number works, and the reviewer reads the same value.
      await signIn(app, '13700000001', 'a fine password');
      const reviewer = await signIn(app, DEMO_LOGINS.reviewer);
      const list = await call(app, reviewer, { method: 'GET', url: '/api/v1/accounts?q=王芳' });
      const id = list.json<{ items: { id: string }[] }>().items[0]?.id ?? '';
      const reveal = await call(app, reviewer, {
        method: 'POST',
        url: `/api/v1/accounts/${id}/reveal`,
        payload: { field: 'idNumber', reason: '密钥轮换后核对' },
      });
      expect(reveal.json()).toMatchObject({ value: '53010219200508011X' });
      const claim = await call(app, await signIn(app, '13700000001', 'a fine password'), {
        method: 'GET',
        url: `/api/v1/claims/${claimId}`,
      });
      expect(claim.json()).toMatchObject({
        payee: { bankAccount: '****0001' },
        facts: { summary: expect.any(Array) as unknown },
      });
      const entries = await app.services.audit.page({ action: 'keys.rotate' });
      expect(entries.items).toHaveLength(2);
      expect(entries.items[1]).toMatchObject({ summary: { after: { activeKeyId: 'k2', reencrypted: 7 } } });
    } finally {
      await app.close();
    }
  });
});
