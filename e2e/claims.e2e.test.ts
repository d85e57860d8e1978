/**
 * Reimbursement claims in Chromium, on the living demo (its pools funded, its own claims standing): 张三
 * applies on his phone for 汽车报废更新, reads the price and the engine's explanation, uploads the four
 * documents and submits; 市商务局 approves with the evidence beside the application; 公安交管 returns it
 * for a clearer scrap certificate; 张三 reads why, uploads a clearer one and resubmits; 公安交管 and
 * 市财政局 approve; 市财政局 builds a payout batch, downloads its workbook (parsed) and records the bank's
 * payment, and 张三 sees the claim paid. An elderly-adaptation claim is rejected by 湖滨区 civil affairs
 * and 张三 reads the reasons' words. The demo merchant's owner gets a first-launch claim approved, and a
 * second one is priced at only what is left of the yearly cap. Every row is found by the reference this
 * story created; amounts the demo's own claims affect are read from the pages.
 */
import { readFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import type { Browser, Page, Response } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { demoPdf, demoPng } from '../src/app/demo-files.js';
import type {
  ClaimCreated,
  ClaimList,
  ClaimPaymentOutcome,
  ClaimPayoutBatchView,
  ClaimView,
  EvidenceFileView,
} from '../src/contract/claims.js';
import { call, signIn } from '../test/support/sessions.js';
import { launchChromium, openPage, screenshot, signInOnPage, VIEWPORT, type WatchedPage } from './helpers/browser.js';
import { startApp, type RunningApp } from './helpers/server.js';

const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 30_000, interval: 200 });
const PHONE = { width: 390, height: 844 };
const ZHANG = '13800000001';
const ZHANG_NAME = '演示市民 张三';
const MERCHANT_NAME = '演示家电卖场（湖滨店）';
/** 首发经济: 1,000,000 yuan per entity a year (plan parameter first_launch.max_subsidy_per_entity_year_fen). */
const ENTITY_CAP_FEN = 100_000_000;

/** A PDF document and a PNG photo, real enough to open in the browser (judged by their first bytes). */
const pdf = (...lines: string[]) => ({
  mimeType: 'application/pdf',
  buffer: demoPdf([...lines, 'Made by the claims browser story: not a real document.']),
});
const png = (hue: [number, number, number], seed: number) => ({ mimeType: 'image/png', buffer: demoPng(hue, seed) });

describe('claims: apply, review, return, resubmit, pay; a rejection; the first-launch yearly cap', () => {
  let server: RunningApp;
  let browser: Browser;
  let watched: WatchedPage;
  let page: Page;

  beforeAll(async () => {
    server = await startApp({
      HUIMIN_DEMO: 'true',
      HUIMIN_DEMO_SCALE: '1',
      HUIMIN_RATE_LIMIT_SIGN_IN: '1000',
      HUIMIN_RATE_LIMIT_SIGN_IN_ACCOUNT: '1000',
    });
    // The demo's claims are there before the story: 张三's three (one of them paid), the merchant's first launch.
    // (startApp waits for the demo's seeding; this checks it, polling in case it ever runs in the background)
    const zhang = await signIn(server.app, ZHANG);
    const mine = async () =>
      (await call(server.app, zhang, { method: 'GET', url: '/api/v1/claims/mine' })).json<ClaimList>();
    const waitUntil = Date.now() + 60_000;
    let seeded = await mine();
    while (seeded.total < 3 && Date.now() < waitUntil) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      seeded = await mine();
    }
    expect(seeded.items.map((claim) => `${claim.line}:${claim.state}`).sort()).toEqual([
      'car_replace:reviewing',
      'car_scrap:paid',
      'elderly_adaptation:returned',
    ]);
    browser = await launchChromium();
    watched = await openPage(browser);
    page = watched.page;
  }, 180_000);

  afterEach(async (context) => {
    // a failed step leaves a picture of the page it failed on (not for the docs)
    if (context.task.result?.state === 'fail') {
      await page.screenshot({ path: `artifacts/screenshots/claims-failed-${context.task.id}.png`, fullPage: true });
    }
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const signInPage = (login: string, next: string) => signInOnPage(page, server.baseUrl, login, next);

  /** The answer to the next `method` request whose path matches. */
  const answerTo = (method: string, path: RegExp) =>
    page.waitForResponse((r) => r.request().method() === method && path.test(new URL(r.url()).pathname));

  /** The answer's JSON after checking its status (the body in the message when it is not the one expected). */
  async function body<T>(response: Promise<Response>, status: number): Promise<T> {
    const answer = await response;
    expect(answer.status(), `${answer.url()}: ${await answer.text()}`).toBe(status);
    return (await answer.json()) as T;
  }

  /** A docs screenshot from the top of the page, once the upload notices have gone. */
  async function shot(name: string): Promise<void> {
    await poll(() => page.locator('.ant-message-notice').count()).toBe(0);
    await page.evaluate('window.scrollTo(0, 0)');
    await screenshot(page, name, { docs: true });
  }

  /**
   * Shows the photo of `kind` in the evidence viewer (served, decoded, drawn). PDFs cannot be shown
   * inline yet: the server's CSP (frame-ancestors 'none') refuses the viewer's <iframe> of the file.
   */
  async function showPhoto(kind: string): Promise<void> {
    const viewer = page.getByTestId('evidence-viewer');
    await viewer.getByTestId(`evidence-item-${kind}`).click();
    const image = viewer.getByTestId('evidence-image');
    await image.waitFor();
    // decoded: the served bytes are the 320×200 PNG uploaded
    await poll(() =>
      page.evaluate<number>(
        `document.querySelector('[data-testid="evidence-viewer"] [data-testid="evidence-image"]')?.naturalWidth ?? 0`,
      ),
    ).toBe(320);
  }

  /** Chooses an option of an antd Select by its text. */
  async function choose(testId: string, option: string): Promise<void> {
    await page.getByTestId(testId).click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: option }).first().click();
  }

  /** Uploads a file into the slot of one evidence kind and waits until the slot lists it. */
  async function upload(
    claimId: string,
    kind: string,
    file: { name: string; mimeType: string; buffer: Buffer },
  ): Promise<void> {
    const slot = page.getByTestId(`evidence-upload-${kind}`);
    const before = Number(await slot.getAttribute('data-count'));
    const answer = answerTo('POST', new RegExp(`/api/v1/claims/${claimId}/evidence$`));
    await slot.locator('input[type=file]').setInputFiles(file);
    const stored = await body<EvidenceFileView>(answer, 201);
    expect(stored).toMatchObject({ kind, mediaType: file.mimeType });
    await poll(() => slot.getAttribute('data-count')).toBe(String(before + 1));
  }

  /** Fills the payee's bank and account; the name is the applicant's (prefilled) and checked. */
  async function payee(name: string, account: string): Promise<void> {
    await poll(() => page.getByTestId('payee-name').inputValue()).toBe(name);
    await page.getByTestId('payee-bank').fill('中国工商银行三门峡分行');
    await page.getByTestId('payee-account').fill(account);
  }

  /** 计算补贴并保存草稿: the created draft, once its priced card shows. */
  async function price(): Promise<ClaimCreated> {
    const answer = answerTo('POST', /^\/api\/v1\/claims$/);
    await page.getByTestId('claim-price').click();
    const created = await body<ClaimCreated>(answer, 201);
    await page.getByTestId('claim-draft-saved').waitFor();
    await poll(() => page.getByTestId('claim-draft-saved').textContent()).toContain(created.claim.reference);
    return created;
  }

  /** 提交申请 on the draft step: the claim goes to its first stage and the page to its detail. */
  async function submit(claimId: string): Promise<ClaimView> {
    const answer = answerTo('POST', new RegExp(`/api/v1/claims/${claimId}/submit$`));
    await page.getByTestId('claim-submit').click();
    const submitted = await body<ClaimView>(answer, 200);
    expect(submitted.state).toBe('reviewing');
    await page.waitForURL(`${server.baseUrl}/claims/mine/${claimId}`);
    return submitted;
  }

  /** Opens the claim `reference` from the reviewer's queue (待我审核). */
  async function openFromQueue(login: string, reference: string): Promise<void> {
    await signInPage(login, '/claims/review');
    const row = page.getByTestId(`claim-row-${reference}`);
    await row.waitFor();
    await row.getByTestId('claim-open').click();
    await page.getByTestId('claim-review').waitFor();
    expect(await page.getByTestId('claim-review').getAttribute('data-reference')).toBe(reference);
  }

  /** Decides the opened claim at its stage and waits for the server's answer. */
  async function decide(
    claimId: string,
    decision: 'approve' | 'return' | 'reject',
    reasons: string[] = [],
    comment = '',
  ): Promise<ClaimView> {
    for (const code of reasons) await page.getByTestId(`reason-${code}`).check();
    if (comment) await page.getByTestId('review-comment').fill(comment);
    const button = page.getByTestId(`review-${decision}`);
    await poll(() => button.isEnabled()).toBe(true);
    const reviewed = () => answerTo('POST', new RegExp(`/api/v1/claims/${claimId}/reviews$`));
    let answer: Promise<Response>;
    if (decision === 'reject') {
      // rejecting asks to confirm: the claim closes and its money is released
      await button.click();
      answer = reviewed();
      await page.getByTestId('review-reject-confirm').click();
    } else {
      answer = reviewed();
      await button.click();
    }
    const decided = await body<ClaimView>(answer, 200);
    await page.getByTestId('review-done').waitFor();
    return decided;
  }

  const approve = async (login: string, claim: { id: string; reference: string }) => {
    await openFromQueue(login, claim.reference);
    return decide(claim.id, 'approve');
  };

  let car: ClaimView;

  it('张三 applies on his phone for 汽车报废更新: priced at 20,000 yuan with the engine’s explanation, four documents, submitted', async () => {
    await page.setViewportSize(PHONE);
    await signInPage(ZHANG, '/claims/apply');
    await page.getByTestId('claim-line-car_scrap').click();
    await page.getByTestId('claim-form').waitFor();
    expect(await page.getByTestId('claim-form').getAttribute('data-line')).toBe('car_scrap');
    await page.getByTestId('claim-field-oldCar-ownerName').fill(ZHANG_NAME);
    await page.getByTestId('claim-field-oldCar-vin').fill('LSVAA4182E2999001');
    await page.getByTestId('claim-field-oldCar-registeredOn').fill('2016-03-01');
    await page.getByTestId('claim-field-oldCar-plate').fill('豫M29901');
    await page.getByTestId('claim-field-newCar-vin').fill('LNBSCB3F5PW999001');
    await page.getByTestId('claim-field-newCar-kind').getByText('新能源汽车').click();
    await page.getByTestId('claim-field-newCar-invoiceNumber').fill('04106999001');
    await page.getByTestId('claim-field-newCar-invoiceDate').fill('2025-06-01');
    await page.getByTestId('claim-field-newCar-priceYuan').fill('150,000');
    await page.getByTestId('claim-field-newCar-registeredOn').fill('2025-06-05');
    await choose('claim-field-unitId', '湖滨区');
    await payee(ZHANG_NAME, '6222020000123450001');
    const created = await price();
    expect(created).toMatchObject({ state: 'draft', subsidyFen: 2_000_000 });
    expect(await page.getByTestId('claim-amount').getAttribute('data-fen')).toBe('2000000');
    expect(await page.getByTestId('claim-amount').textContent()).toBe('20,000.00');
    expect(await page.getByTestId('claim-eligible').getAttribute('data-eligible')).toBe('true');
    const explanation = (await page.getByTestId('claim-explanation').textContent()) ?? '';
    expect(explanation).toBe(created.explanation);
    expect(explanation).toContain('20000');
    expect(explanation).toContain('报废');

    // Submitting waits until every required kind has a file.
    expect(await page.getByTestId('claim-submit').isDisabled()).toBe(true);
    await upload(created.id, 'scrap_certificate', {
      name: '报废机动车回收证明.pdf',
      ...pdf('Scrapped-vehicle recycling certificate', 'VIN LSVAA4182E2999001', '(photographed slightly blurred)'),
    });
    await upload(created.id, 'deregistration', {
      name: '机动车注销证明.pdf',
      ...pdf('Motor vehicle deregistration certificate', 'VIN LSVAA4182E2999001'),
    });
    await upload(created.id, 'invoice', {
      name: '机动车销售统一发票.pdf',
      ...pdf('Unified motor vehicle sales invoice No. 04106999001', 'Price 150,000.00 yuan, 2025-06-01'),
    });
    await upload(created.id, 'registration', { name: '新车登记证书.png', ...png([38, 92, 170], 7) });
    expect(await page.getByTestId('claim-submit').isDisabled()).toBe(false);
    await shot('claims-apply');

    car = await submit(created.id);
    expect(car.stage?.id).toBe('commerce');
    await page.goto(`${server.baseUrl}/claims/mine`);
    const row = page.getByTestId(`claim-row-${car.reference}`);
    await row.waitFor();
    expect(await row.getByTestId('claim-state').getAttribute('data-state')).toBe('reviewing');
    expect(await row.getByTestId('claim-amount').getAttribute('data-fen')).toBe('2000000');
    // beside the demo's three: the paid car claim among them
    expect(await page.getByTestId('my-claims').locator('[data-testid^="claim-row-"]').count()).toBe(4);
    expect(await page.locator('[data-testid="claim-state"][data-state="paid"]').count()).toBeGreaterThanOrEqual(1);
    await shot('claims-mine');
  });

  it('市商务局 opens it from the queue, reads the evidence beside the application, and approves', async () => {
    await page.setViewportSize(VIEWPORT);
    await openFromQueue('demo-commerce', car.reference);
    expect(await page.getByTestId('claim-amount').getAttribute('data-fen')).toBe('2000000');
    expect(await page.getByTestId('claim-facts').textContent()).toContain('LSVAA4182E2999001');
    const viewer = page.getByTestId('evidence-viewer');
    for (const kind of ['scrap_certificate', 'deregistration', 'invoice', 'registration']) {
      expect(await viewer.getByTestId(`evidence-item-${kind}`).count()).toBe(1);
    }
    // the registration certificate's photo, served to the reviewer and shown inline
    await showPhoto('registration');
    await shot('claims-review');
    const decided = await decide(car.id, 'approve');
    expect(decided.state).toBe('reviewing');
    expect(decided.stage?.id).toBe('registration_check');
    expect(decided.holdId).not.toBeNull();
  });

  it('公安交管 returns it for a clearer scrap certificate, with the reason and a comment', async () => {
    await openFromQueue('demo-police', car.reference);
    const decided = await decide(
      car.id,
      'return',
      ['EVIDENCE_UNCLEAR'],
      '报废机动车回收证明照片模糊，车架号无法辨认，请上传清晰的扫描件',
    );
    expect(decided.state).toBe('returned');
    expect(decided.reviews.at(-1)).toMatchObject({ decision: 'return', stage: 'registration_check' });
  });

  it('张三 reads why on 我的申请, uploads a clearer certificate and resubmits: it goes back to the registration check', async () => {
    await page.setViewportSize(PHONE);
    await signInPage(ZHANG, '/claims/mine');
    const row = page.getByTestId(`claim-row-${car.reference}`);
    await row.waitFor();
    expect(await row.getByTestId('claim-state').getAttribute('data-state')).toBe('returned');
    await row.click();
    await page.getByTestId('claim-returned').waitFor();
    const reasons = page.getByTestId('claim-returned-reasons');
    expect(await reasons.getByTestId('claim-reason-code-EVIDENCE_UNCLEAR').textContent()).toContain(
      '材料不清晰，请重新上传清晰的材料',
    );
    expect(await reasons.textContent()).toContain('车架号无法辨认');
    await showPhoto('registration');
    await shot('claims-returned');

    await upload(car.id, 'scrap_certificate', {
      name: '报废机动车回收证明（清晰扫描件）.pdf',
      ...pdf('Scrapped-vehicle recycling certificate', 'VIN LSVAA4182E2999001', 'Scanned at 600 dpi'),
    });
    const answer = answerTo('POST', new RegExp(`/api/v1/claims/${car.id}/submit$`));
    await page.getByTestId('claim-resubmit').click();
    const resubmitted = await body<ClaimView>(answer, 200);
    expect(resubmitted).toMatchObject({ state: 'reviewing', stage: { id: 'registration_check' } });
    await poll(() => page.getByTestId('claim-state').first().getAttribute('data-state')).toBe('reviewing');
    expect(resubmitted.evidence.filter((e) => e.kind === 'scrap_certificate')).toHaveLength(2);
  });

  it('公安交管 approves, then 市财政局 at the last stage', async () => {
    await page.setViewportSize(VIEWPORT);
    const checked = await approve('demo-police', car);
    expect(checked.stage?.id).toBe('finance');
    const approved = await approve('demo-finance', car);
    expect(approved.state).toBe('approved');
    await poll(() => page.getByTestId('claim-state').first().getAttribute('data-state')).toBe('approved');
  });

  it('市财政局 builds a payout batch on 补贴发放, downloads the workbook and records the payment; 张三 sees it paid', async () => {
    await signInPage('demo-finance', '/claims/payouts');
    const answer = answerTo('POST', /^\/api\/v1\/claims\/payouts$/);
    await page.getByTestId('payout-build').click();
    const batch = await body<ClaimPayoutBatchView>(answer, 201);
    // this claim and whatever else the demo had approved and waiting
    expect(batch.claims).toBeGreaterThanOrEqual(1);
    expect(batch.totalFen).toBeGreaterThanOrEqual(2_000_000);
    await poll(() => page.getByTestId('payout-built').textContent()).toContain(batch.reference);
    const batchRow = page.getByTestId(`payout-batch-${batch.reference}`);
    await batchRow.waitFor();
    expect(await batchRow.getByTestId('payout-state').getAttribute('data-state')).toBe('exported');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      batchRow.getByTestId('payout-download-xlsx').click(),
    ]);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await readFile(await download.path())) as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('付款清单');
    if (sheet === undefined) throw new Error('no 付款清单 sheet in the payout file');
    const rows = (sheet.getRows(2, sheet.rowCount - 1) ?? []).filter((r) => r.getCell(2).value === car.reference);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.getCell(3).value).toBe(ZHANG_NAME);
    expect(rows[0]?.getCell(6).text).toBe('6222020000123450001');
    expect(rows[0]?.getCell(7).value).toBe(2_000_000);
    expect(sheet.rowCount - 1).toBe(batch.claims);

    // The batch's claims are listed from its own payout file when finance may not list them
    // (an approved claim waits at no stage, and finance reads the claims at its stage).
    const results = page.getByTestId('payout-results');
    const ours = results.getByTestId(`payout-result-${car.reference}`);
    const load = results.getByTestId('payout-results-load');
    await ours.or(load).first().waitFor();
    if (await load.isVisible()) {
      const file = answerTo('GET', new RegExp(`/api/v1/claims/payouts/${batch.id}/file$`));
      await load.click();
      expect((await file).status()).toBe(200);
    }
    await ours.waitFor();
    expect(await results.locator('[data-testid^="payout-result-"]').count()).toBe(batch.claims);
    await page.getByTestId('payout-mark-all-paid').click();
    await page.getByTestId(`payout-bankref-${car.reference}`).fill('ICBC-E2E-0001');
    await shot('claims-payouts');
    const recorded = answerTo('POST', new RegExp(`/api/v1/claims/payouts/${batch.id}/payment-results$`));
    await page.getByTestId('payout-results-submit').click();
    const outcome = await body<ClaimPaymentOutcome>(recorded, 200);
    expect(outcome).toMatchObject({ paid: batch.claims, failed: 0, batch: { state: 'paid' } });
    await poll(() => page.getByTestId('payout-outcome').textContent()).toContain(`付款 ${batch.claims} 件`);
    await poll(() => batchRow.getByTestId('payout-state').getAttribute('data-state')).toBe('paid');

    await page.setViewportSize(PHONE);
    await signInPage(ZHANG, `/claims/mine/${car.id}`);
    const state = page.getByTestId('claim-state').first();
    await poll(() => state.getAttribute('data-state')).toBe('paid');
    expect(await state.textContent()).toBe('已发放');
    expect(await page.getByTestId('claim-payout-step').textContent()).toContain('已发放');
  });

  it('an elderly-adaptation claim (labour apart) is rejected by 湖滨区 civil affairs; 张三 reads the reasons', async () => {
    await signInPage(ZHANG, '/claims/apply');
    await page.getByTestId('claim-line-elderly_adaptation').click();
    await page.getByTestId('claim-form').waitFor();
    expect(await page.getByTestId('labour-note').textContent()).toContain('人工费不予补贴');
    await page.getByTestId('claim-field-dwelling-address').fill('三门峡市湖滨区崤山路 88 号 1 单元 101');
    await page.getByTestId('claim-field-dwelling-residentName').fill('张奶奶');
    await page.getByTestId('claim-field-dwelling-residentBirthDate').fill('1950-04-01');
    await page.getByTestId('claim-field-purchaseDate').fill('2025-06-10');
    await page.getByTestId('claim-field-items-0-name').fill('卫生间安全扶手');
    await page.getByTestId('claim-field-items-0-productCostYuan').fill('1800');
    await page.getByTestId('claim-field-items-0-labourCostYuan').fill('300');
    await page.getByTestId('claim-add-item').click();
    await page.getByTestId('claim-field-items-1-name').fill('防滑地砖');
    await page.getByTestId('claim-field-items-1-productCostYuan').fill('6200');
    await page.getByTestId('claim-field-items-1-labourCostYuan').fill('1200');
    await poll(() => page.getByTestId('claim-item-totals').textContent()).toContain('1,500');
    await choose('claim-field-unitId', '湖滨区');
    await payee(ZHANG_NAME, '6222020000123450001');
    const created = await price();
    // 30% of the products (8,000 yuan); the 1,500 yuan of labour is not subsidised
    expect(created.subsidyFen).toBe(240_000);
    const explanation = (await page.getByTestId('claim-explanation').textContent()) ?? '';
    expect(explanation).toContain('人工');
    expect(explanation).toContain('不在补贴范围');
    await upload(created.id, 'resident_id', { name: '老人身份证.pdf', ...pdf('Resident ID (born 1950)') });
    await upload(created.id, 'invoice', { name: '发票.pdf', ...pdf('Invoice: grab bar, anti-slip tiles') });
    await upload(created.id, 'photo', { name: '现场照片.png', ...png([120, 90, 160], 3) });
    const elderly = await submit(created.id);
    expect(elderly.stage?.id).toBe('civil_affairs');

    await page.setViewportSize(VIEWPORT);
    await openFromQueue('demo-hubin', elderly.reference);
    const rejected = await decide(
      elderly.id,
      'reject',
      ['LABOUR_INCLUDED', 'FACTS_MISMATCH'],
      '发票显示防滑地砖的产品费用中含铺贴人工，与申请填报不一致',
    );
    expect(rejected.state).toBe('rejected');

    await page.setViewportSize(PHONE);
    await signInPage(ZHANG, `/claims/mine/${elderly.id}`);
    const reasons = page.getByTestId('claim-rejected-reasons');
    await reasons.waitFor();
    expect(await page.getByTestId('claim-state').first().textContent()).toBe('未通过');
    expect(await reasons.getByTestId('claim-reason-code-LABOUR_INCLUDED').textContent()).toContain(
      '费用中含人工费，人工费不予补贴',
    );
    expect(await reasons.getByTestId('claim-reason-code-FACTS_MISMATCH').textContent()).toContain(
      '申请信息与材料不一致',
    );
    expect(await reasons.textContent()).toContain('含铺贴人工');
    await showPhoto('photo');
    await shot('claims-rejected');
  });

  /** The owner applies for 首发经济 with these costs (yuan); the priced draft. */
  async function applyFirstLaunch(event: string, date: string, costs: [string, string][]): Promise<ClaimCreated> {
    await signInPage('demo-merchant-owner', '/claims/apply');
    await page.getByTestId('claim-line-first_launch').click();
    await page.getByTestId('claim-form').waitFor();
    await choose('claim-field-merchantId', MERCHANT_NAME);
    await page.getByTestId('claim-field-event-name').fill(event);
    await page.getByTestId('claim-field-event-date').fill(date);
    await page.getByTestId('claim-field-event-venue').fill('三门峡国际文博城会展中心');
    for (const [index, [item, amount]] of costs.entries()) {
      if (index > 0) await page.getByTestId('claim-add-cost').click();
      await page.getByTestId(`claim-field-costs-${index}-item`).fill(item);
      await page.getByTestId(`claim-field-costs-${index}-amountYuan`).fill(amount);
    }
    await payee(MERCHANT_NAME, '411020100100012345');
    return price();
  }

  it('the demo merchant’s first launch is approved; a second one is priced at only what is left of the yearly cap', async () => {
    await page.setViewportSize(VIEWPORT);
    const first = await applyFirstLaunch('2025 夏季智能家电首发季', '2025-06-18', [
      ['场地租赁与搭建', '1,200,000'],
      ['宣传推广', '1,300,000'],
      ['新品展示物料', '500,000'],
    ]);
    // 30% of 3,000,000 yuan: within what the demo's own first launch has left of the cap
    expect(first.subsidyFen).toBe(90_000_000);
    expect(await page.getByTestId('claim-amount').textContent()).toBe('900,000.00');
    await upload(first.id, 'cost_voucher', { name: '费用凭证.pdf', ...pdf('Cost vouchers: 3,000,000.00 yuan') });
    await upload(first.id, 'invoice', { name: '发票.pdf', ...pdf('Invoices of the launch') });
    await upload(first.id, 'photo', { name: '活动现场.png', ...png([200, 120, 40], 11) });
    const launch = await submit(first.id);
    expect(launch.stage?.id).toBe('commerce');
    expect((await approve('demo-commerce', launch)).stage?.id).toBe('finance');
    expect((await approve('demo-finance', launch)).state).toBe('approved');

    // What the company's first launches stand at this year, as 我的申请 shows them (the demo's one at finance too).
    await signInPage('demo-merchant-owner', '/claims/mine');
    await page.getByTestId(`claim-row-${launch.reference}`).waitFor();
    let standingFen = 0;
    for (const row of await page.getByTestId('my-claims').locator('[data-testid^="claim-row-"]').all()) {
      const state = (await row.getByTestId('claim-state').getAttribute('data-state')) ?? '';
      if (['reviewing', 'approved', 'in_payout', 'paid'].includes(state)) {
        standingFen += Number(await row.getByTestId('claim-amount').getAttribute('data-fen'));
      }
    }
    expect(standingFen).toBeGreaterThan(90_000_000);
    const leftFen = ENTITY_CAP_FEN - standingFen;

    const second = await applyFirstLaunch('2025 秋季新品首秀', '2025-09-20', [['场地租赁', '100,000']]);
    expect(second.subsidyFen).toBe(leftFen);
    expect(second.subsidyFen).toBeLessThan(3_000_000);
    expect(await page.getByTestId('claim-amount').getAttribute('data-fen')).toBe(String(leftFen));
    expect(await page.getByTestId('claim-eligible').getAttribute('data-eligible')).toBe('true');
    const explanation = (await page.getByTestId('claim-explanation').textContent()) ?? '';
    expect(explanation).toMatch(/上限|最高补贴/);
    expect(explanation).toContain('1000000');
    expect(explanation).toContain(`${(leftFen / 100).toFixed(2)}元`);
    await shot('claims-first-launch-cap');

    // The PDF evidence in the viewer's <iframe> is refused by the server's CSP (frame-ancestors 'none' on
    // the evidence file too): reported, not the page's doing. Nothing else went wrong in the browser.
    expect(watched.errors.filter((error) => !error.includes("frame-ancestors 'none'"))).toEqual([]);
  });
});
