/**
 * Top-ups never pass a cap, on SQLite and PostgreSQL: a company's two first-launch claims (600,000 and
 * 300,000 yuan of its 1,000,000-yuan yearly cap) are approved; the rate is raised from 30% to 40%;
 * `recompute` finds a top-up of 100,000 yuan for each (each priced against the other as it stood). The
 * first top-up approved takes the cap's last 100,000 yuan; the second is refused at its first
 * approval, because the holders are locked and the original priced again on what is now held.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClaimCreated, ClaimView } from '../../src/contract/claims.js';
import { systemContext } from '../../src/services/context.js';
import { projectRoot } from '../../src/shared/project-root.js';
import { quietApp } from '../support/app.js';
import { DIALECTS, testEnvironment, type TestEnvironment } from '../support/databases.js';
import { fundCityPool, multipart } from '../support/uploads.js';
import { call, DEMO_ENV, DEMO_LOGINS, signIn, type TestSession } from '../support/sessions.js';

const PDF = Buffer.from('%PDF-1.4\n%%EOF\n');

describe.each(DIALECTS)('claims top-ups on %s', (dialect) => {
  let environment: TestEnvironment;
  let app: FastifyInstance;
  const s = {} as Record<'owner' | 'commerce' | 'finance', TestSession>;
  let key = 0;

  beforeAll(async () => {
    environment = await testEnvironment(dialect, DEMO_ENV);
    app = await quietApp(environment.config);
    s.owner = await signIn(app, DEMO_LOGINS.merchant_owner);
    s.commerce = await signIn(app, DEMO_LOGINS.department_officer);
    s.finance = await signIn(app, DEMO_LOGINS.finance_officer);
    await fundCityPool(app, s.finance, 'first_launch', 'hubin', 300_000_000);
  });
  afterAll(async () => {
    await app?.close();
    await environment?.cleanup();
  });

  const post = (session: TestSession, url: string, payload?: unknown) =>
    call(app, session, {
      method: 'POST',
      url,
      ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
      headers: { 'idempotency-key': `k-${(key += 1)}` },
    });

  async function approvedLaunch(costFen: number, name: string): Promise<ClaimView> {
    const created = await post(s.owner, '/api/v1/claims', {
      line: 'first_launch',
      unitId: 'hubin',
      merchantId: 'demo-merchant',
      event: { name, date: '2025-05-20', venue: '三门峡国际文博城' },
      costs: [{ item: '场地与搭建', amountFen: costFen }],
      payee: { name: '演示家电卖场（湖滨店）', bankName: '中国工商银行三门峡分行', bankAccount: '622202000000000099' },
    });
    expect(created.statusCode, created.body).toBe(201);
    const claim = created.json<ClaimCreated>().claim;
    for (const kind of claim.requiredEvidence) {
      const uploaded = await call(app, s.owner, {
        method: 'POST',
        url: `/api/v1/claims/${claim.id}/evidence?kind=${kind}`,
        ...multipart(`${kind}.pdf`, Buffer.concat([PDF, Buffer.from(`${kind}-${claim.id}`)])),
      });
      expect(uploaded.statusCode, uploaded.body).toBe(201);
    }
    expect((await post(s.owner, `/api/v1/claims/${claim.id}/submit`)).statusCode).toBe(200);
    for (const session of [s.commerce, s.finance]) {
      const approved = await post(session, `/api/v1/claims/${claim.id}/reviews`, { decision: 'approve' });
      expect(approved.statusCode, approved.body).toBe(200);
    }
    return claim;
  }

  it('gives the cap’s last yuan to the first top-up approved and refuses the second', async () => {
    const first = await approvedLaunch(200_000_000, '新品首发会');
    const second = await approvedLaunch(100_000_000, '品牌首秀');
    const folder = path.join(await mkdtemp(path.join(tmpdir(), 'huimin-rate-')), 'sanmenxia-2025');
    try {
      await cp(path.join(projectRoot(), 'policies', 'sanmenxia-2025'), folder, { recursive: true });
      const file = path.join(folder, 'actions', '07-consumption-quality.yaml');
      const text = await readFile(file, 'utf8');
      const raised = text.replace(/(- id: first-launch-rate-2025\n(?:.*\n)*?\s+value: )3000/, '$14000');
      expect(raised).not.toBe(text);
      await writeFile(file, raised);
      await app.services.plans.importFolder(folder, new Date(), null, 'always', {
        actor: 'test',
        role: 'operator',
        requestId: 'raise-rate',
      });
    } finally {
      await rm(path.dirname(folder), { recursive: true, force: true });
    }
    const result = await app.services.claims.recompute.recompute(systemContext('test'), { from: '2025-01-01' });
    expect(result.topUps.map((item) => [item.claimId, item.amountFen]).sort()).toEqual(
      [
        [first.id, 10_000_000],
        [second.id, 10_000_000],
      ].sort(),
    );
    const topUpOf = (id: string) => result.topUps.find((item) => item.claimId === id)?.topUpId ?? '';
    for (const session of [s.commerce, s.finance]) {
      const approved = await post(session, `/api/v1/claims/${topUpOf(first.id)}/reviews`, { decision: 'approve' });
      expect(approved.statusCode, approved.body).toBe(200);
    }
    const refused = await post(s.commerce, `/api/v1/claims/${topUpOf(second.id)}/reviews`, { decision: 'approve' });
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ error: { code: 'CLAIM_NOT_ELIGIBLE' } });
    const pool = (
      await call(app, s.finance, { method: 'GET', url: '/api/v1/budget/pools/first_launch.hubin.city' })
    ).json<{ spentFen: number; heldFen: number }>();
    expect(pool).toMatchObject({ spentFen: 100_000_000, heldFen: 0 });
  });
});
