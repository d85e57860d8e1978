/**
 * The voucher campaign's report, its .xlsx and its cash-out flags on SQLite and PostgreSQL (issue 13 §6, §8):
 *
 * - the report read from the database's running sums (kept by triggers) equals the domain's `voucherReport` over
 *   the very same rows, for campaigns of random rounds, vouchers (every state, some lapsed) and redemptions (some
 *   without a merchant unit, some bills near 9,000,000,000 yuan so sums pass 32 bits), after single-row and
 *   multi-row inserts, updates (redeemed, restored, refunded in part, recategorised, expired) and deletes, and
 *   each `?part=` answers its group alone;
 * - a real campaign played over the API (claims, ten redemptions of one citizen at one merchant a few fen above
 *   the threshold, three refunded in part): the report's figures, the .xlsx downloaded over real HTTP and read back
 *   with exceljs, and the flags (bills bunched at the threshold, the same payer–merchant pair again and again,
 *   refunds after redemption), with bad input refused.
 */
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CampaignReport, VoucherFlagsView } from '../../src/contract/voucher-report.js';
import type { ClaimedPack, RoundView } from '../../src/contract/vouchers.js';
import type { Insertable } from 'kysely';
import type { VoucherRedemptionsTable, VoucherRoundsTable, VouchersTable } from '../../src/db/voucher-tables.js';
import { isExpired } from '../../src/domain/vouchers/redemption.js';
import { voucherReport } from '../../src/domain/vouchers/report.js';
import type { VoucherState } from '../../src/domain/vouchers/vocabulary.js';
import { quietApp } from '../support/app.js';
import { DIALECTS, testEnvironment, type TestEnvironment } from '../support/databases.js';
import { call, DEMO_ENV, DEMO_LOGINS, signIn, type TestSession } from '../support/sessions.js';
import { fundCityPool } from '../support/uploads.js';

const POOL = 'first_launch.hubin.city';
const PARTS = ['total', 'round', 'category', 'unit', 'merchant'] as const;
const GROUP_OF = {
  total: 'total',
  round: 'byRound',
  category: 'byCategory',
  unit: 'byUnit',
  merchant: 'byMerchant',
} as const;

/** A small seeded generator (mulberry32): the same data on every run and on both databases. */
function random(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
  };
}

type Redemption = Insertable<VoucherRedemptionsTable> & {
  refunded_bill_fen: number;
  returned_discount_fen: number;
  standing: number | null;
};

describe.each(DIALECTS)('voucher report on %s', (dialect) => {
  let environment: TestEnvironment;
  let app: FastifyInstance;
  const s = {} as Record<'citizen' | 'finance' | 'cashier' | 'auditor' | 'commerce', TestSession>;
  let key = 0;

  beforeAll(async () => {
    environment = await testEnvironment(dialect, { ...DEMO_ENV, HUIMIN_CLOCK_DATE: 'off' });
    app = await quietApp(environment.config);
    s.citizen = await signIn(app, DEMO_LOGINS.citizen);
    s.finance = await signIn(app, DEMO_LOGINS.finance_officer);
    s.cashier = await signIn(app, DEMO_LOGINS.merchant_cashier);
    s.auditor = await signIn(app, DEMO_LOGINS.auditor);
    s.commerce = await signIn(app, DEMO_LOGINS.department_officer);
    await fundCityPool(app, s.finance, 'first_launch', 'hubin', 2_000_000);
  });
  afterAll(async () => {
    await app?.close();
    await environment?.cleanup();
  });

  function post(session: TestSession, url: string, payload?: unknown) {
    return call(app, session, {
      method: 'POST',
      url,
      ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
      headers: { 'idempotency-key': `k-${(key += 1)}` },
    });
  }
  const get = (session: TestSession, url: string) => call(app, session, { method: 'GET', url });

  async function campaign(name: string, packs: { faceFen: number; thresholdFen: number; count: number }[]) {
    const created = await post(s.finance, '/api/v1/vouchers/campaigns', {
      name,
      funder: { kind: 'city', poolId: POOL },
      categories: [],
      excludedCategories: ['pharmacy'],
      units: ['hubin'],
      packs,
      limits: { perRound: { maxPacks: 2 }, perCampaign: { maxPacks: 2 } },
    });
    expect(created.statusCode, created.body).toBe(201);
    return created.json<{ id: string; vouchersPerPack: number }>();
  }

  it('keeps sums in the database that give exactly what voucherReport computes over the same random rows, and each part alone', async () => {
    const { db } = app.services.database;
    const now = new Date();
    for (const seed of [1, 2, 3, 4]) {
      const r = random(seed);
      const packs = [
        { faceFen: 500, thresholdFen: 0, count: r.int(1, 3) },
        { faceFen: 2000, thresholdFen: 10_000, count: r.int(1, 2) },
      ];
      const created = await campaign(`随机活动${seed}`, packs);
      const packFen = packs.reduce((sum, item) => sum + item.faceFen * item.count, 0);
      const rounds: Insertable<VoucherRoundsTable>[] = [];
      const vouchers: VouchersTable[] = [];
      const redemptions: Redemption[] = [];
      // Seed 4: a campaign with rounds and nothing claimed.
      const roundCount = r.int(1, 6);
      for (let n = 0; n < roundCount; n += 1) {
        const quantity = r.int(5, 40);
        const roundId = `rr-${seed}-${n}`;
        rounds.push({
          id: roundId,
          campaign_id: created.id,
          release_at: new Date(Date.UTC(2026, 0, 1 + n)).toISOString(),
          quantity,
          issued: 0,
          valid_days: 7,
          mode: 'first_come',
          state: 'open',
          budget_fen: quantity * packFen,
          held_fen: quantity * packFen,
          spent_fen: 0,
          redeemed: 0,
          hold_id: null,
          created_by: 'test',
          created_at: now.toISOString(),
          // Some rounds carry packs re-released from the round before.
          ...(n > 0 && r.int(0, 1) === 1
            ? { rereleased_packs: r.int(1, 4), rereleased_from: `rr-${seed}-${n - 1}` }
            : { rereleased_packs: 0, rereleased_from: null }),
        });
        const claimedVouchers = seed === 4 ? 0 : r.int(0, quantity * created.vouchersPerPack);
        for (let v = 0; v < claimedVouchers; v += 1) {
          const face = r.pick(packs);
          const state = r.pick<VoucherState>(['issued', 'issued', 'redeemed', 'redeemed', 'expired', 'refunded']);
          const id = `rv-${seed}-${n}-${v}`;
          vouchers.push({
            id,
            code: `C${seed}X${n}X${v}`,
            pack_id: `rp-${seed}-${n}-${Math.floor(v / 3)}`,
            round_id: roundId,
            campaign_id: created.id,
            owner_id: `citizen-${r.int(1, 20)}`,
            face_fen: face.faceFen,
            threshold_fen: face.thresholdFen,
            // Far from now either way: lapsed or not whatever the minute the test runs.
            valid_until: r.pick(['2020-01-01T16:00:00.000Z', '2099-01-01T16:00:00.000Z']),
            state,
            claimed_at: now.toISOString(),
            updated_at: now.toISOString(),
          });
          if (state === 'redeemed') {
            const huge = r.int(0, 9) === 0;
            const bill = huge ? r.int(800_000_000_000, 900_000_000_000) : face.thresholdFen + r.int(1, 30_000);
            const discount = Math.min(face.faceFen, bill);
            redemptions.push({
              id: `rd-${seed}-${n}-${v}`,
              voucher_id: id,
              round_id: roundId,
              campaign_id: created.id,
              merchant_id: `merchant-${r.int(1, 6)}`,
              unit_id: r.pick(['hubin', 'lingbao', 'shanzhou', null]),
              cashier_id: 'test',
              category: r.pick(['dining', 'retail', 'culture', 'sports']),
              bill_fen: bill,
              discount_fen: discount,
              pay_fen: bill - discount,
              hold_id: 'none',
              at: now.toISOString(),
              refunded_bill_fen: 0,
              returned_discount_fen: 0,
              standing: 1,
            });
          }
        }
      }
      await db.transaction().execute(async (trx) => {
        await trx.insertInto('voucher_rounds').values(rounds).execute();
        for (let start = 0; start < vouchers.length; start += 200) {
          await trx
            .insertInto('vouchers')
            .values(vouchers.slice(start, start + 200))
            .execute();
        }
        for (let start = 0; start < redemptions.length; start += 200) {
          await trx
            .insertInto('voucher_redemptions')
            .values(redemptions.slice(start, start + 200))
            .execute();
        }
      });
      // Then the writes that follow claims, each through the sums' triggers: redemptions one at a time,
      // restores (the redemption gone, the voucher issued again), partial refunds, a category corrected, and an
      // expiry job's multi-row update.
      const issuedNow = vouchers.filter((row) => row.state === 'issued');
      for (const voucher of issuedNow.slice(0, 5)) {
        const bill = Number(voucher.threshold_fen) + r.int(1, 5000);
        const row: Redemption = {
          id: `rd-${voucher.id}-late`,
          voucher_id: voucher.id,
          round_id: voucher.round_id,
          campaign_id: created.id,
          merchant_id: `merchant-${r.int(1, 6)}`,
          unit_id: r.pick(['hubin', null]),
          cashier_id: 'test',
          category: 'dining',
          bill_fen: bill,
          discount_fen: Math.min(Number(voucher.face_fen), bill),
          pay_fen: bill - Math.min(Number(voucher.face_fen), bill),
          hold_id: 'none',
          at: now.toISOString(),
          refunded_bill_fen: 0,
          returned_discount_fen: 0,
          standing: 1,
        };
        await db.updateTable('vouchers').set({ state: 'redeemed' }).where('id', '=', voucher.id).execute();
        await db.insertInto('voucher_redemptions').values(row).execute();
        voucher.state = 'redeemed';
        redemptions.push(row);
      }
      // Refunded in full: one restored (its voucher issued again), one forfeited, one row deleted outright.
      for (const [index, row] of redemptions.slice(0, 3).entries()) {
        const state = index === 1 ? 'refunded' : 'issued';
        if (index === 2) await db.deleteFrom('voucher_redemptions').where('id', '=', row.id).execute();
        else {
          await db
            .updateTable('voucher_redemptions')
            .set({
              standing: null,
              refunded_bill_fen: Number(row.bill_fen),
              returned_discount_fen: Number(row.discount_fen),
            })
            .where('id', '=', row.id)
            .execute();
        }
        await db.updateTable('vouchers').set({ state }).where('id', '=', row.voucher_id).execute();
        const voucher = vouchers.find((item) => item.id === row.voucher_id);
        if (voucher !== undefined) voucher.state = state;
        row.standing = null;
      }
      // Refunded in part (the kept bill and discount shrink), and one recategorised.
      for (const row of redemptions.slice(3, 7)) {
        const refund = Math.min(r.int(1, 2000), Number(row.bill_fen) - 1);
        const back = Math.min(Number(row.discount_fen) - 1, r.int(0, 300));
        await db
          .updateTable('voucher_redemptions')
          .set({ refunded_bill_fen: refund, returned_discount_fen: back, category: 'retail' })
          .where('id', '=', row.id)
          .execute();
        row.refunded_bill_fen = refund;
        row.returned_discount_fen = back;
        row.category = 'retail';
      }
      const lapsedRound = rounds[0]!.id;
      await db
        .updateTable('vouchers')
        .set({ state: 'expired' })
        .where('round_id', '=', lapsedRound)
        .where('state', '=', 'issued')
        .where('valid_until', '<', now.toISOString())
        .execute();
      for (const row of vouchers) {
        if (row.round_id === lapsedRound && row.state === 'issued' && row.valid_until < now.toISOString()) {
          row.state = 'expired';
        }
      }
      const expected = voucherReport({
        rounds: rounds.map((round) => ({
          roundId: round.id,
          issuedVouchers: round.quantity * created.vouchersPerPack,
          issuedFen: Number(round.budget_fen),
          // What the rounds after carried in from this one.
          rereleasedFen: rounds
            .filter((next) => next.rereleased_from === round.id)
            .reduce((sum, next) => sum + Number(next.rereleased_packs ?? 0) * packFen, 0),
        })),
        vouchers: vouchers.map((row) => ({
          roundId: row.round_id,
          unitId: 'unrecorded',
          faceFen: Number(row.face_fen),
          state: row.state === 'issued' && isExpired(row.valid_until, now) ? 'expired' : row.state,
        })),
        // Standing redemptions, with what they keep after refunds.
        redemptions: redemptions
          .filter((row) => row.standing === 1)
          .map((row) => ({
            billId: row.id,
            roundId: row.round_id,
            category: row.category,
            merchantId: row.merchant_id,
            unitId: row.unit_id ?? 'unrecorded',
            billFen: Number(row.bill_fen) - row.refunded_bill_fen,
            discountFen: Number(row.discount_fen) - row.returned_discount_fen,
          })),
      });
      const response = await get(s.auditor, `/api/v1/vouchers/campaigns/${created.id}/report`);
      expect(response.statusCode, response.body).toBe(200);
      const report = response.json<CampaignReport>();
      expect(report).toMatchObject({ campaignId: created.id, campaignName: `随机活动${seed}`, parts: [...PARTS] });
      expect(report.total).toEqual(expected.total);
      expect(report.byRound).toEqual(expected.byRound);
      expect(report.byCategory).toEqual(expected.byCategory);
      expect(report.byUnit).toEqual(expected.byUnit);
      expect(report.byMerchant).toEqual(expected.byMerchant);
      expect(report.rounding).toBe(expected.rounding);
      // The data is not trivial: sums past 2^32 fen, lapsed vouchers, a unit not recorded.
      if (seed === 1) {
        expect(report.total?.salesFen).toBeGreaterThan(2 ** 32);
        expect(report.total?.expired).toBeGreaterThan(0);
        expect(report.byUnit?.map((row) => row.key)).toContain('unrecorded');
        expect(report.total?.rereleasedFen).toBeGreaterThan(0);
      }
      if (seed === 4) expect(report.total).toMatchObject({ claimed: 0, redeemed: 0, redemptionRateBp: null });
      for (const part of PARTS) {
        const alone = await get(s.commerce, `/api/v1/vouchers/campaigns/${created.id}/report?part=${part}`);
        expect(alone.statusCode, alone.body).toBe(200);
        const body = alone.json<Record<string, unknown>>();
        expect(body.parts).toEqual([part]);
        expect(body[GROUP_OF[part]]).toEqual(report[GROUP_OF[part]]);
        for (const other of PARTS.filter((name) => name !== part)) expect(body).not.toHaveProperty(GROUP_OF[other]);
      }
    }
  });

  it('reports a played campaign, downloads its .xlsx over HTTP, and flags bills at the threshold, a repeated pair and refunds', async () => {
    // One pack: five 20-yuan vouchers at 满100; the citizen claims two packs: ten vouchers.
    const created = await campaign('湖滨区餐饮消费券', [{ faceFen: 2000, thresholdFen: 10_000, count: 5 }]);
    const released = await post(s.finance, `/api/v1/vouchers/campaigns/${created.id}/rounds`, {
      releaseAt: new Date(Date.now() - 60_000).toISOString(),
      quantity: 10,
      validDays: 7,
      mode: 'first_come',
    });
    expect(released.statusCode, released.body).toBe(201);
    const roundId = released.json<RoundView>().id;
    const codes: string[] = [];
    for (let n = 0; n < 2; n += 1) {
      const claimed = await post(s.citizen, `/api/v1/vouchers/rounds/${roundId}/claims`);
      expect(claimed.statusCode, claimed.body).toBe(201);
      codes.push(...claimed.json<ClaimedPack>().vouchers.map((voucher) => voucher.code));
    }
    expect(codes).toHaveLength(10);
    let merchantId = '';
    const redemptionIds: string[] = [];
    for (const code of codes) {
      const redeemed = await post(s.cashier, '/api/v1/vouchers/redemptions', {
        voucherCode: code,
        billFen: 10_050,
        category: 'dining',
      });
      expect(redeemed.statusCode, redeemed.body).toBe(201);
      merchantId = redeemed.json<{ merchantId: string }>().merchantId;
      redemptionIds.push(redeemed.json<{ id: string }>().id);
    }

    const report = (await get(s.finance, `/api/v1/vouchers/campaigns/${created.id}/report`)).json<CampaignReport>();
    // 100,500 fen of sales on 20,000 fen of vouchers: 5.025, half_up to 5.03.
    expect(report.total).toMatchObject({
      issued: 50,
      issuedFen: 100_000,
      claimed: 10,
      claimedFen: 20_000,
      expired: 0,
      redeemed: 10,
      redemptionRateBp: 10_000,
      voucherFen: 20_000,
      salesFen: 100_500,
      grossLeverageHundredths: 503,
      grossLeverage: '5.03',
      leverageKind: 'gross',
    });
    expect(report.byMerchant).toEqual([expect.objectContaining({ key: merchantId, redeemed: 10 })]);
    expect(report.byCategory).toEqual([expect.objectContaining({ key: 'dining', salesFen: 100_500 })]);

    // The .xlsx over real HTTP.
    const base = await app.listen({ port: 0, host: '127.0.0.1' });
    const download = await fetch(`${base}/api/v1/vouchers/campaigns/${created.id}/report.xlsx`, {
      headers: { cookie: s.auditor.cookie },
    });
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(download.headers.get('content-disposition')).toMatch(
      new RegExp(`^attachment; filename="voucher-report-${created.id.slice(0, 8)}-\\d{8}\\.xlsx"$`),
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await download.arrayBuffer()) as unknown as ExcelJS.Buffer);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual([
      '说明',
      '总计',
      '按批次',
      '按品类',
      '按县区',
      '按商户',
    ]);
    const about = workbook.getWorksheet('说明')!;
    expect(about.getRow(1).values).toEqual([undefined, '活动 Campaign', '湖滨区餐饮消费券']);
    // Made when downloaded: an ISO moment no earlier than the JSON report's.
    const generated = about.getCell('B3').text;
    expect(generated).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(generated >= report.generatedAt).toBe(true);
    expect(about.getCell('A4').text).toContain('毛撬动比');
    expect(about.getCell('B4').text).toBe(report.note.zh);
    const total = workbook.getWorksheet('总计')!;
    const headers = (total.getRow(1).values as unknown[]).slice(1);
    expect(headers[0]).toBe('分组');
    expect(headers.at(-1)).toBe('毛撬动比');
    expect((total.getRow(2).values as unknown[]).at(-1)).toBe('Gross leverage');
    const cell = (name: string) => total.getRow(3).getCell(headers.indexOf(name) + 1);
    expect(cell('发放金额（元）').value).toBe(1000);
    expect(cell('核销券金额（元）').value).toBe(200);
    expect(cell('带动销售额（元）').value).toBe(1005);
    expect(cell('带动销售额（元）').numFmt).toBe('0.00');
    expect(cell('核销率（%）').value).toBe(100);
    expect(cell('毛撬动比').value).toBe(5.03);
    const byMerchant = workbook.getWorksheet('按商户')!;
    expect(byMerchant.getRow(3).getCell(1).value).toBe(merchantId);
    expect(byMerchant.getRow(3).getCell(2).text).not.toBe('');
    const denied = await fetch(`${base}/api/v1/vouchers/campaigns/${created.id}/report.xlsx`, {
      headers: { cookie: s.citizen.cookie },
    });
    expect(denied.status).toBe(403);

    // Three customers bring back 50 fen of goods: the kept bills (100 yuan) still meet the threshold.
    for (const id of redemptionIds.slice(0, 3)) {
      const refunded = await post(s.cashier, `/api/v1/vouchers/redemptions/${id}/refunds`, { refundBillFen: 50 });
      expect(refunded.statusCode, refunded.body).toBe(201);
      expect(refunded.json()).toMatchObject({ kind: 'partial', keptBillFen: 10_000, discountFen: 2000 });
    }
    const after = (
      await get(s.finance, `/api/v1/vouchers/campaigns/${created.id}/report?part=total`)
    ).json<CampaignReport>();
    // 100,350 ÷ 20,000 = 5.0175: 5.02.
    expect(after.total).toMatchObject({ redeemed: 10, voucherFen: 20_000, salesFen: 100_350, grossLeverage: '5.02' });

    // The flags: all ten bills 50 fen above the threshold, one payer at one merchant ten times, and three of its
    // ten redemptions refunded afterwards.
    const flagged = await get(s.auditor, `/api/v1/vouchers/campaigns/${created.id}/flags`);
    expect(flagged.statusCode, flagged.body).toBe(200);
    const flags = flagged.json<VoucherFlagsView>();
    expect(flags.redemptionsReviewed).toBe(10);
    expect(flags.flags.map((flag) => flag.code)).toEqual([
      'VOUCHER_BILLS_AT_THRESHOLD',
      'VOUCHER_REPEATED_PAIR',
      'VOUCHER_REFUNDS_AFTER_REDEMPTION',
    ]);
    const [bunched, pair, refundedFlag] = flags.flags;
    expect(refundedFlag?.redemptionIds.slice().sort()).toEqual(redemptionIds.slice(0, 3).sort());
    expect(refundedFlag?.evidence).toContainEqual({ label: '核销后退款 refunds after redemption', value: '3 / 10' });
    expect(bunched?.merchantId).toBe(merchantId);
    expect(bunched?.reasonEn).toContain('10 of the merchant');
    expect(bunched?.reason).toContain('门槛');
    expect(bunched?.redemptionIds).toHaveLength(10);
    expect(bunched?.evidence).toContainEqual({ label: '门槛之上1元内 bills at threshold', value: '10 / 10' });
    expect(pair?.merchantId).toBe(merchantId);
    expect(pair?.reasonEn).toContain('10 times within 30 days');
    expect(pair?.evidence).toContainEqual({ label: '付款人 payer', value: s.citizen.accountId });
    expect(flags.notChecked.map((item) => item.code)).toEqual(['VOUCHER_QUICK_FAR_REDEMPTION']);
    const before = (
      await get(s.auditor, `/api/v1/vouchers/campaigns/${created.id}/flags?to=2025-01-01`)
    ).json<VoucherFlagsView>();
    expect(before).toMatchObject({ redemptionsReviewed: 0, flags: [], to: '2024-12-31T16:00:00.000Z' });
  });

  it('refuses bad input with a stable code and field, and callers without vouchers.read', async () => {
    const created = await campaign('拒绝测试', [{ faceFen: 500, thresholdFen: 0, count: 1 }]);
    const cases: [string, number, string, string | undefined][] = [
      [`/api/v1/vouchers/campaigns/${created.id}/report?part=everything`, 400, 'VALIDATION_FAILED', 'part'],
      [`/api/v1/vouchers/campaigns/${created.id}/flags?from=2025-13-40`, 400, 'VALIDATION_FAILED', 'from'],
      [`/api/v1/vouchers/campaigns/${created.id}/flags?from=2025-02-30`, 400, 'VALIDATION_FAILED', 'from'],
      [`/api/v1/vouchers/campaigns/${created.id}/flags?from=last-week`, 400, 'VALIDATION_FAILED', 'from'],
      [`/api/v1/vouchers/campaigns/${created.id}/flags?from=2025-06-02&to=2025-06-01`, 400, 'VALIDATION_FAILED', 'to'],
      ['/api/v1/vouchers/campaigns/nope/report', 404, 'VOUCHER_CAMPAIGN_NOT_FOUND', 'id'],
      ['/api/v1/vouchers/campaigns/nope/report.xlsx', 404, 'VOUCHER_CAMPAIGN_NOT_FOUND', 'id'],
      ['/api/v1/vouchers/campaigns/nope/flags', 404, 'VOUCHER_CAMPAIGN_NOT_FOUND', 'id'],
    ];
    for (const [url, status, code, field] of cases) {
      const response = await get(s.finance, url);
      expect(response.statusCode, `${url}: ${response.body}`).toBe(status);
      expect(response.json(), url).toMatchObject({ error: { code, field } });
    }
    for (const path of ['report', 'report?part=total', 'report.xlsx', 'flags']) {
      const response = await get(s.citizen, `/api/v1/vouchers/campaigns/${created.id}/${path}`);
      expect(response.statusCode, path).toBe(403);
      expect(response.json()).toMatchObject({ error: { code: 'FORBIDDEN' } });
    }
  });
});
