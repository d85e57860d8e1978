/**
 * Reimbursement claims end to end on SQLite and PostgreSQL, over the HTTP API with demo accounts: a
 * citizen applies for car scrapping, the engine prices it, evidence is uploaded (and bad uploads
 * refused: wrong type, a renamed executable, oversize, path tricks, another citizen's and an
 * out-of-scope officer's access), commerce approves (the money is held), the registration check
 * returns it for a clearer certificate, the citizen resubmits, finance approves (the money is spent),
 * a payout batch fails, the citizen corrects the account, the next batch is paid. Two approvals of one
 * claim at once hold the money once; a VIN is subsidised once; an elderly-adaptation claim is rejected
 * with reasons the applicant reads; a company's first-launch claims hit its yearly cap.
 */
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  ClaimCreated,
  ClaimList,
  ClaimPaymentOutcome,
  ClaimPayoutBatchView,
  ClaimView,
} from '../../src/contract/claims.js';
import { quietApp } from '../support/app.js';
import { DIALECTS, testEnvironment, type TestEnvironment } from '../support/databases.js';
import { fundCityPool, multipart } from '../support/uploads.js';
import { creditCodeCheckCharacter } from '../../src/domain/identity/index.js';
import { CapturingSender, citizenIdNumber, registeredCitizen } from '../support/registration.js';
import { call, DEMO_ENV, DEMO_LOGINS, signIn, type TestSession } from '../support/sessions.js';

const OTHER_CREDIT_CODE = '91411202MA46XYW00' + creditCodeCheckCharacter('91411202MA46XYW00');

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('JFIF photo of the scrapped car')]);
const ELF = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01]), Buffer.alloc(64)]);

const CITIZEN_NAME = '演示市民 张三';
const PAYEE = { name: CITIZEN_NAME, bankName: '中国工商银行三门峡分行', bankAccount: '6222020000000000001' };

function carClaim(newVin: string, oldVin: string, overrides: Record<string, unknown> = {}) {
  return {
    line: 'car_scrap',
    unitId: 'hubin',
    oldCar: { ownerName: CITIZEN_NAME, vin: oldVin, registeredOn: '2016-03-01', plate: '豫M12345' },
    newCar: {
      vin: newVin,
      kind: 'nev',
      invoiceNumber: '04100001',
      invoiceDate: '2025-06-01',
      priceFen: 15_000_000,
      registeredOn: '2025-06-05',
    },
    payee: PAYEE,
    ...overrides,
  };
}

describe.each(DIALECTS)('claims on %s', (dialect) => {
  let environment: TestEnvironment;
  let app: FastifyInstance;
  const s = {} as Record<'citizen' | 'commerce' | 'police' | 'finance' | 'county' | 'owner' | 'auditor', TestSession>;
  let key = 0;
  const codes = new CapturingSender();

  beforeAll(async () => {
    environment = await testEnvironment(dialect, DEMO_ENV);
    app = await quietApp(environment.config, { oneTimeCodeSender: codes });
    s.citizen = await signIn(app, DEMO_LOGINS.citizen);
    s.commerce = await signIn(app, DEMO_LOGINS.department_officer);
    s.police = await signIn(app, 'demo-police');
    s.finance = await signIn(app, DEMO_LOGINS.finance_officer);
    s.county = await signIn(app, DEMO_LOGINS.county_officer);
    s.owner = await signIn(app, DEMO_LOGINS.merchant_owner);
    s.auditor = await signIn(app, DEMO_LOGINS.auditor);
    for (const [line, yuan] of [
      ['car_scrap', 100_000],
      ['elderly_adaptation', 100_000],
      ['first_launch', 2_000_000],
    ] as const) {
      await fundCityPool(app, s.finance, line, 'hubin', yuan * 100);
    }
  });
  afterAll(async () => {
    await app?.close();
    await environment?.cleanup();
  });

  const post = (session: TestSession, url: string, payload?: unknown, headers: Record<string, string> = {}) =>
    call(app, session, {
      method: 'POST',
      url,
      ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
      headers: { 'idempotency-key': `k-${(key += 1)}`, ...headers },
    });
  const get = (session: TestSession, url: string) => call(app, session, { method: 'GET', url });
  const pool = async (id: string) =>
    (await get(s.finance, `/api/v1/budget/pools/${id}`)).json<{
      availableFen: number;
      heldFen: number;
      spentFen: number;
    }>();
  const upload = (session: TestSession, id: string, kind: string, name: string, content: Buffer, type?: string) =>
    call(app, session, {
      method: 'POST',
      url: `/api/v1/claims/${id}/evidence?kind=${kind}`,
      ...multipart(name, content, type),
    });
  async function apply(session: TestSession, body: unknown): Promise<ClaimCreated> {
    const response = await post(session, '/api/v1/claims', body);
    expect(response.statusCode, response.body).toBe(201);
    return response.json<ClaimCreated>();
  }
  async function uploadAll(session: TestSession, claim: ClaimView): Promise<void> {
    for (const kind of claim.requiredEvidence) {
      const response = await upload(session, claim.id, kind, `${kind}.pdf`, Buffer.concat([PDF, Buffer.from(kind)]));
      expect(response.statusCode, response.body).toBe(201);
    }
  }
  async function review(session: TestSession, id: string, body: Record<string, unknown>): Promise<ClaimView> {
    const response = await post(session, `/api/v1/claims/${id}/reviews`, body);
    expect(response.statusCode, response.body).toBe(200);
    return response.json<ClaimView>();
  }

  let car: ClaimView;

  it('prices a car-scrapping application at once and says why; refuses bad facts naming the field', async () => {
    const created = await apply(s.citizen, carClaim('LNBSCB3F5PW100001', 'LSVAA4182E2100001'));
    expect(created).toMatchObject({ state: 'draft', subsidyFen: 2_000_000 });
    expect(created.explanation).toContain('20000');
    car = created.claim;
    expect(car.reference).toMatch(/^SQ-BF-/);
    expect(car.stages.map((stage) => stage.id)).toEqual(['commerce', 'registration_check', 'finance']);
    expect(car.payee).toMatchObject({ bankAccount: '****0001' });
    expect(JSON.stringify(car.facts)).toContain('演*');
    expect(JSON.stringify(car.facts)).not.toContain('张三');

    const noOldCar = await post(s.citizen, '/api/v1/claims', {
      ...carClaim('LNBSCB3F5PW100009', 'X'),
      oldCar: undefined,
    });
    expect(noOldCar.statusCode).toBe(400);
    expect(noOldCar.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED', field: 'oldCar' } });
    const badVin = await post(s.citizen, '/api/v1/claims', carClaim('LNBSCB3F5PW10000I', 'LSVAA4182E2100001'));
    expect(badVin.statusCode).toBe(400);
    expect(badVin.json<{ error: { field: string } }>().error.field).toContain('vin');
    const otherPayee = await post(
      s.citizen,
      '/api/v1/claims',
      carClaim('LNBSCB3F5PW100008', 'LSVAA4182E2100008', { payee: { ...PAYEE, name: '李四' } }),
    );
    expect(otherPayee.statusCode).toBe(400);
    expect(otherPayee.json()).toMatchObject({ error: { code: 'PAYEE_NAME_MISMATCH', field: 'payee.name' } });
    const late = await apply(
      s.citizen,
      carClaim('LNBSCB3F5PW100007', 'LSVAA4182E2100007', {
        oldCar: { ownerName: CITIZEN_NAME, vin: 'LSVAA4182E2100007', registeredOn: '2025-02-01' },
      }),
    );
    expect(late).toMatchObject({ subsidyFen: 0, claim: { eligible: false } });
    expect(late.claim.reasons.map((reason) => reason.code)).toContain('OLD_CAR_REGISTERED_TOO_LATE');
  });

  it('answers a retry with the same Idempotency-Key with the first answer, moving nothing again', async () => {
    const replay = async (session: TestSession, url: string, body: unknown, method = 'POST') => {
      const headers = { 'idempotency-key': `replay-${(key += 1)}` };
      const first = await call(app, session, {
        method,
        url,
        headers,
        ...(body === undefined ? {} : { payload: body as Record<string, unknown> }),
      });
      const second = await call(app, session, {
        method,
        url,
        headers,
        ...(body === undefined ? {} : { payload: body as Record<string, unknown> }),
      });
      expect(second.statusCode, second.body).toBe(first.statusCode);
      expect(second.body).toBe(first.body);
      expect(second.headers['idempotent-replayed']).toBe('true');
      return first;
    };
    const created = await replay(s.citizen, '/api/v1/claims', carClaim('LNBSCB3F5PW100005', 'LSVAA4182E2100005'));
    expect(created.statusCode).toBe(201);
    const claim = created.json<ClaimCreated>().claim;
    expect(
      (await get(s.citizen, '/api/v1/claims/mine')).json<ClaimList>().items.filter((item) => item.id === claim.id),
    ).toHaveLength(1);
    await uploadAll(s.citizen, claim);
    expect((await replay(s.citizen, `/api/v1/claims/${claim.id}/submit`, undefined)).statusCode).toBe(200);
    const before = await pool('car_scrap.hubin.city');
    expect((await replay(s.commerce, `/api/v1/claims/${claim.id}/reviews`, { decision: 'approve' })).statusCode).toBe(
      200,
    );
    expect((await pool('car_scrap.hubin.city')).heldFen - before.heldFen).toBe(2_000_000);
    // Rejected after its first approval: the hold goes back and the VINs leave the goods register.
    const rejected = await replay(s.police, `/api/v1/claims/${claim.id}/reviews`, {
      decision: 'reject',
      reasonCodes: ['FACTS_MISMATCH'],
    });
    expect(rejected.json()).toMatchObject({ state: 'rejected' });
    expect((await pool('car_scrap.hubin.city')).heldFen).toBe(before.heldFen);
    const again = await apply(s.citizen, carClaim('LNBSCB3F5PW100005', 'LSVAA4182E2100005'));
    expect(again.claim.eligible).toBe(true);

    // Withdrawn by the applicant after a first approval: the money goes back too.
    await uploadAll(s.citizen, again.claim);
    expect((await post(s.citizen, `/api/v1/claims/${again.id}/submit`)).statusCode).toBe(200);
    await review(s.commerce, again.id, { decision: 'approve' });
    expect((await pool('car_scrap.hubin.city')).heldFen - before.heldFen).toBe(2_000_000);
    expect((await post(s.commerce, `/api/v1/claims/${again.id}/withdrawal`)).statusCode).toBe(403);
    const withdrawn = await replay(s.citizen, `/api/v1/claims/${again.id}/withdrawal`, undefined);
    expect(withdrawn.json()).toMatchObject({ state: 'withdrawn' });
    expect((await pool('car_scrap.hubin.city')).heldFen).toBe(before.heldFen);
    expect((await post(s.citizen, `/api/v1/claims/${again.id}/withdrawal`)).json()).toMatchObject({
      error: { code: 'CLAIM_NOT_EDITABLE' },
    });
  });

  it('refuses uploads by content and size, keeps names out of paths, and keeps evidence from others', async () => {
    const text = await upload(s.citizen, car.id, 'invoice', 'invoice.pdf', Buffer.from('just text, not a PDF'));
    expect(text.statusCode).toBe(415);
    expect(text.json()).toMatchObject({ error: { code: 'EVIDENCE_TYPE_NOT_ALLOWED', field: 'file' } });
    const renamed = await upload(s.citizen, car.id, 'invoice', 'scrap.pdf', ELF, 'application/pdf');
    expect(renamed.statusCode).toBe(415);
    const huge = await upload(
      s.citizen,
      car.id,
      'invoice',
      'big.pdf',
      Buffer.concat([PDF, Buffer.alloc(10 * 1024 * 1024)]),
    );
    expect(huge.statusCode).toBe(413);
    expect(huge.json()).toMatchObject({ error: { code: 'EVIDENCE_TOO_LARGE' } });
    const badKind = await upload(s.citizen, car.id, 'selfie', 'x.pdf', PDF);
    expect(badKind.statusCode).toBe(400);

    const tricky = await upload(s.citizen, car.id, 'photo', '../../../etc/passwd.jpg', JPEG, 'image/jpeg');
    expect(tricky.statusCode, tricky.body).toBe(201);
    const stored = tricky.json<{ id: string; sha256: string; fileName: string; mediaType: string }>();
    expect(stored.fileName).not.toContain('/');
    expect(stored.mediaType).toBe('image/jpeg');
    const folder = path.join(environment.config.dataDir, 'claim-evidence', stored.sha256.slice(0, 2));
    expect(await readdir(folder)).toContain(stored.sha256);

    // Another citizen cannot even find the claim; an officer whose stages it never passes may not read it.
    const intruder = await registeredCitizen(
      app,
      { name: '李四', idNumber: citizenIdNumber(7), mobile: '13700000077', password: 'a fine password' },
      codes,
    );
    expect((await upload(intruder, car.id, 'invoice', 'x.pdf', PDF)).statusCode).toBe(404);
    const url = `/api/v1/claims/${car.id}/evidence/${stored.id}`;
    expect((await get(intruder, url)).statusCode).toBe(404);
    expect((await get(intruder, `/api/v1/claims/${car.id}`)).statusCode).toBe(404);
    // A draft is the applicant's alone, even to reviewers.
    expect((await get(s.commerce, `/api/v1/claims/${car.id}`)).statusCode).toBe(404);
    expect((await get(s.county, url)).statusCode).toBe(404);
    const own = await get(s.citizen, url);
    expect(own.statusCode).toBe(200);
    expect(own.headers['content-type']).toBe('image/jpeg');
    expect(Buffer.from(own.rawPayload).equals(JPEG)).toBe(true);
    // A cut-off multipart body and one without a boundary are refused in words, not with a 500.
    const cut = multipart('x.pdf', PDF);
    const truncated = await call(app, s.citizen, {
      method: 'POST',
      url: `/api/v1/claims/${car.id}/evidence?kind=invoice`,
      headers: cut.headers,
      payload: cut.payload.subarray(0, cut.payload.length - 30),
    });
    expect(truncated.statusCode).toBe(400);
    expect(truncated.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED', field: 'file' } });
    const noBoundary = await call(app, s.citizen, {
      method: 'POST',
      url: `/api/v1/claims/${car.id}/evidence?kind=invoice`,
      headers: { 'content-type': 'multipart/form-data' },
      payload: Buffer.from('no boundary here'),
    });
    expect(noBoundary.statusCode).toBeGreaterThanOrEqual(400);
    expect(noBoundary.statusCode).toBeLessThan(500);
  });

  it('submits only with the evidence its line requires, then waits at commerce with a deadline', async () => {
    const early = await post(s.citizen, `/api/v1/claims/${car.id}/submit`);
    expect(early.statusCode).toBe(409);
    expect(early.json()).toMatchObject({ error: { code: 'CLAIM_EVIDENCE_MISSING' } });
    await uploadAll(s.citizen, car);
    const submitted = await post(s.citizen, `/api/v1/claims/${car.id}/submit`);
    expect(submitted.statusCode, submitted.body).toBe(200);
    car = submitted.json<ClaimView>();
    expect((await get(s.commerce, `/api/v1/claims/${car.id}/evidence/${car.evidence[0]?.id ?? ''}`)).statusCode).toBe(
      200,
    );
    expect(car).toMatchObject({ state: 'reviewing', stage: { id: 'commerce' } });
    expect(car.dueOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const queue = (await get(s.commerce, '/api/v1/claims?stage=commerce')).json<ClaimList>();
    expect(queue.items.map((item) => item.id)).toContain(car.id);
    expect((await get(s.police, '/api/v1/claims?stage=commerce&awaitingMe=true')).json<ClaimList>().items).toHaveLength(
      0,
    );
    expect((await post(s.citizen, `/api/v1/claims/${car.id}/submit`)).statusCode).toBe(409);
  });

  it('commerce approves (money held), the registration check returns it, the citizen resubmits, finance approves', async () => {
    const before = await pool('car_scrap.hubin.city');
    const wrongStage = await post(s.police, `/api/v1/claims/${car.id}/reviews`, { decision: 'approve' });
    expect(wrongStage.statusCode).toBe(403);
    car = await review(s.commerce, car.id, { decision: 'approve' });
    expect(car).toMatchObject({ state: 'reviewing', stage: { id: 'registration_check' } });
    expect(car.holdId).not.toBeNull();
    expect((await pool('car_scrap.hubin.city')).heldFen - before.heldFen).toBe(2_000_000);

    const noReason = await post(s.police, `/api/v1/claims/${car.id}/reviews`, { decision: 'return' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json()).toMatchObject({ error: { code: 'REASON_REQUIRED', field: 'reasonCodes' } });
    car = await review(s.police, car.id, {
      decision: 'return',
      reasonCodes: ['EVIDENCE_UNCLEAR'],
      comment: '报废证明照片模糊，请上传清晰件',
    });
    expect(car.state).toBe('returned');
    const mine = (await get(s.citizen, '/api/v1/claims/mine')).json<ClaimList>();
    const seen = mine.items.find((item) => item.id === car.id);
    expect(seen?.reviews.at(-1)).toMatchObject({
      decision: 'return',
      reasons: [{ code: 'EVIDENCE_UNCLEAR', label: expect.stringContaining('清晰') as unknown }],
      comment: '报废证明照片模糊，请上传清晰件',
    });
    const clearer = await upload(
      s.citizen,
      car.id,
      'scrap_certificate',
      '报废证明-清晰.pdf',
      Buffer.concat([PDF, Buffer.from('clear')]),
    );
    expect(clearer.statusCode).toBe(201);
    const resubmitted = await post(s.citizen, `/api/v1/claims/${car.id}/submit`);
    expect(resubmitted.statusCode, resubmitted.body).toBe(200);
    expect(resubmitted.json()).toMatchObject({ state: 'reviewing', stage: { id: 'registration_check' } });

    car = await review(s.police, car.id, { decision: 'approve' });
    expect(car.stage?.id).toBe('finance');
    car = await review(s.finance, car.id, { decision: 'approve' });
    expect(car.state).toBe('approved');
    const after = await pool('car_scrap.hubin.city');
    expect(after.heldFen).toBe(before.heldFen);
    expect(after.spentFen - before.spentFen).toBe(2_000_000);
    expect(car.reviews.map((item) => `${item.stage}:${item.decision}`)).toEqual([
      'commerce:approve',
      'registration_check:return',
      'registration_check:approve',
      'finance:approve',
    ]);
  });

  it('pays through a batch: the file parses, a failed payment goes back to the citizen, the corrected one is paid', async () => {
    const built = await post(s.finance, '/api/v1/claims/payouts', { line: 'car_scrap' });
    expect(built.statusCode, built.body).toBe(201);
    const batch = built.json<ClaimPayoutBatchView>();
    expect(batch).toMatchObject({ claims: 1, totalFen: 2_000_000, state: 'exported' });
    const xlsx = await call(app, s.finance, { method: 'GET', url: `/api/v1/claims/payouts/${batch.id}/file` });
    expect(xlsx.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('付款清单');
    expect(sheet?.getRow(2).getCell(2).value).toBe(car.reference);
    expect(sheet?.getRow(2).getCell(6).value).toBe('6222020000000000001');
    expect(sheet?.getRow(2).getCell(7).value).toBe(2_000_000);
    const csv = await call(app, s.finance, {
      method: 'GET',
      url: `/api/v1/claims/payouts/${batch.id}/file?format=csv`,
    });
    expect(csv.body).toContain(`${car.reference},${CITIZEN_NAME}`);
    expect((await get(s.commerce, `/api/v1/claims/payouts/${batch.id}/file`)).statusCode).toBe(403);

    const failed = await post(s.finance, `/api/v1/claims/payouts/${batch.id}/payment-results`, {
      results: [{ claimReference: car.reference, status: 'failed', amountFen: 2_000_000, failureReason: '账户已销户' }],
    });
    expect(failed.statusCode, failed.body).toBe(200);
    expect(failed.json<ClaimPaymentOutcome>()).toMatchObject({ failed: 1, batch: { state: 'failed' } });
    const back = (await get(s.citizen, `/api/v1/claims/${car.id}`)).json<ClaimView>();
    expect(back).toMatchObject({ state: 'payout_failed', payoutFailure: '账户已销户' });
    const corrected = await call(app, s.citizen, {
      method: 'PUT',
      url: `/api/v1/claims/${car.id}/payee`,
      headers: { 'idempotency-key': 'payee-1' },
      payload: { payee: { ...PAYEE, bankAccount: '6222020000000000777' } },
    });
    expect(corrected.statusCode, corrected.body).toBe(200);
    expect(corrected.json()).toMatchObject({ state: 'approved', payee: { bankAccount: '****0777' } });

    const again = (await post(s.finance, '/api/v1/claims/payouts', {})).json<ClaimPayoutBatchView>();
    expect(again.claims).toBe(1);
    const paid = await post(s.finance, `/api/v1/claims/payouts/${again.id}/payment-results`, {
      results: [{ claimReference: car.reference, status: 'paid', amountFen: 2_000_000, bankReference: 'B-1' }],
    });
    expect(paid.json<ClaimPaymentOutcome>()).toMatchObject({ paid: 1, batch: { state: 'paid', paidFen: 2_000_000 } });
    expect((await get(s.citizen, `/api/v1/claims/${car.id}`)).json()).toMatchObject({ state: 'paid' });
    expect((await post(s.finance, '/api/v1/claims/payouts', {})).json()).toMatchObject({
      error: { code: 'NOTHING_TO_PAY' },
    });
  });

  it('holds the money once when two reviewers approve one claim at once; a VIN is subsidised once', async () => {
    const created = await apply(s.citizen, carClaim('LNBSCB3F5PW100002', 'LSVAA4182E2100002'));
    await uploadAll(s.citizen, created.claim);
    expect((await post(s.citizen, `/api/v1/claims/${created.id}/submit`)).statusCode).toBe(200);
    // Several sessions of the stage's reviewers at once: one approval wins; the others are refused
    // (409 when they lost the conditional update, 403 when they read the claim after it moved on).
    const sessions = [
      s.commerce,
      ...(await Promise.all([1, 2, 3].map(() => signIn(app, DEMO_LOGINS.department_officer)))),
    ];
    const before = await pool('car_scrap.hubin.city');
    const answers = await Promise.all(
      sessions.map((session) => post(session, `/api/v1/claims/${created.id}/reviews`, { decision: 'approve' })),
    );
    const codes = answers.map((answer) => answer.statusCode);
    expect(codes.filter((code) => code === 200)).toHaveLength(1);
    expect(codes.every((code) => [200, 403, 409].includes(code))).toBe(true);
    expect((await pool('car_scrap.hubin.city')).heldFen - before.heldFen).toBe(2_000_000);
    const decided = (await get(s.citizen, `/api/v1/claims/${created.id}`)).json<ClaimView>();
    expect(decided.reviews.filter((item) => item.decision === 'approve')).toHaveLength(1);

    // The first car's new VIN is on the goods register: another claim for it is priced not eligible.
    const twice = await apply(s.citizen, carClaim('LNBSCB3F5PW100001', 'LSVAA4182E2100003'));
    expect(twice).toMatchObject({ subsidyFen: 0, claim: { eligible: false } });
    expect(twice.explanation).toContain('已享受过');
  });

  it('an elderly-adaptation claim: labour never subsidised, civil affairs rejects with reasons the applicant reads', async () => {
    const created = await apply(s.citizen, {
      line: 'elderly_adaptation',
      unitId: 'hubin',
      dwelling: {
        address: '三门峡市湖滨区崤山路 8 号 3 单元 201',
        residentName: '张老太',
        residentBirthDate: '1950-04-01',
      },
      purchaseDate: '2025-06-01',
      items: [
        { name: '卫生间扶手', productCostFen: 1_000_000, labourCostFen: 200_000 },
        { name: '防滑地板', productCostFen: 2_000_000, labourCostFen: 300_000 },
      ],
      payee: PAYEE,
    });
    expect(created.subsidyFen).toBe(900_000);
    expect(created.claim.stages).toEqual([expect.objectContaining({ id: 'civil_affairs', deadlineWorkingDays: 3 })]);
    await uploadAll(s.citizen, created.claim);
    const submitted = (await post(s.citizen, `/api/v1/claims/${created.id}/submit`)).json<ClaimView>();
    expect(submitted.stage?.id).toBe('civil_affairs');
    expect((await post(s.commerce, `/api/v1/claims/${created.id}/reviews`, { decision: 'approve' })).statusCode).toBe(
      403,
    );
    const rejected = await review(s.county, created.id, {
      decision: 'reject',
      reasonCodes: ['LABOUR_INCLUDED', 'FACTS_MISMATCH'],
      comment: '发票金额含安装费',
    });
    expect(rejected.state).toBe('rejected');
    const seen = (await get(s.citizen, `/api/v1/claims/${created.id}`)).json<ClaimView>();
    expect(seen.reviews[0]?.reasons.map((reason) => reason.label)).toEqual([
      '费用中含人工费，人工费不予补贴',
      '申请信息与材料不一致',
    ]);
    expect(seen.reviews[0]?.comment).toBe('发票金额含安装费');
  });

  it('a company’s first-launch claims: 30% of the costs, up to its yearly cap across claims', async () => {
    const launch = (costFen: number, name: string) => ({
      line: 'first_launch',
      unitId: 'hubin',
      merchantId: 'demo-merchant',
      event: { name, date: '2025-05-20', venue: '三门峡国际文博城' },
      costs: [{ item: '场地与搭建', amountFen: costFen }],
      payee: { name: '演示家电卖场（湖滨店）', bankName: '中国工商银行三门峡分行', bankAccount: '622202000000000099' },
    });
    expect((await post(s.citizen, '/api/v1/claims', launch(100, 'x'))).statusCode).toBe(403);
    // A citizen who owns another merchant still cannot claim for this one.
    const admin = await signIn(app, DEMO_LOGINS.admin);
    const merchant = await call(app, admin, {
      method: 'POST',
      url: '/api/v1/merchants',
      payload: { name: '另一家公司', creditCode: OTHER_CREDIT_CODE, unitId: 'hubin' },
    });
    expect(merchant.statusCode, merchant.body).toBe(201);
    const granted = await call(app, admin, {
      method: 'PUT',
      url: `/api/v1/accounts/${s.citizen.accountId}/roles`,
      payload: {
        roles: [{ role: 'citizen' }, { role: 'merchant_owner', organisationId: merchant.json<{ id: string }>().id }],
      },
    });
    expect(granted.statusCode, granted.body).toBe(200);
    const owner = await signIn(app, DEMO_LOGINS.citizen);
    const elsewhere = await post(owner, '/api/v1/claims', launch(100, 'x'));
    expect(elsewhere.statusCode).toBe(403);
    expect(elsewhere.json()).toMatchObject({ error: { code: 'FORBIDDEN', field: 'merchantId' } });
    const first = await apply(s.owner, launch(300_000_000, '新品首发会'));
    expect(first.subsidyFen).toBe(90_000_000);
    await uploadAll(s.owner, first.claim);
    expect((await post(s.owner, `/api/v1/claims/${first.id}/submit`)).statusCode).toBe(200);
    await review(s.commerce, first.id, { decision: 'approve' });
    expect((await review(s.finance, first.id, { decision: 'approve' })).state).toBe('approved');

    const second = await apply(s.owner, launch(100_000_000, '品牌首秀'));
    expect(second.subsidyFen).toBe(10_000_000);
    expect(second.explanation).toMatch(/100万|1000000|上限/);
    const reviewers = (await get(s.auditor, '/api/v1/claims?line=first_launch')).json<ClaimList>();
    // The auditor sees the submitted claim; the second is still the company's draft.
    expect(reviewers.total).toBe(1);
  });
});
