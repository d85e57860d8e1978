/**
 * Demo mode's reimbursement claims (docs/claims.md "Demo"): the demo citizen 张三 has a car-scrapping
 * claim paid, an elderly-adaptation claim returned for a clearer photo and a car-replacement claim
 * waiting at commerce; the demo merchant's first-launch claim waits at finance; a dozen other citizens'
 * claims stand at every stage (some overdue), approved, rejected, paid, or back after a failed payout.
 * Everything goes through the real claim services (engine, evidence store, stages, ledger, payout
 * batch), on a clock set back so the history spans the last weeks. Written once.
 */
import type { ClaimApplication, ClaimReasonCode, ClaimView } from '../contract/claims.js';
import { CLAIM_STAGES } from '../domain/claims/stages.js';
import type { EvidenceKind } from '../domain/claims/vocabulary.js';
import { ClaimChanges } from '../services/claims/claim-changes.js';
import { ClaimPayouts } from '../services/claims/claim-payouts.js';
import { ClaimReviews } from '../services/claims/claim-review.js';
import { ClaimService } from '../services/claims/claim-service.js';
import type { Application } from './compose.js';
import { breathe } from './demo-activity-data.js';
import type { DemoActors } from './demo-actors.js';
import { demoPdf, demoPng } from './demo-files.js';

const DAY = 86_400_000;

/** Who decides each stage in the demo. */
const STAGE_ACTORS: Readonly<Record<string, string>> = {
  commerce: 'demo-department-officer',
  registration_check: 'demo-police',
  finance: 'demo-finance-officer',
  civil_affairs: 'demo-county-officer',
};

const EVIDENCE_WORDS: Readonly<Record<EvidenceKind, string>> = {
  scrap_certificate: 'Scrapped-vehicle recycling certificate',
  deregistration: 'Motor vehicle deregistration certificate',
  transfer_record: 'Used-car transfer registration record',
  invoice: 'Unified invoice',
  registration: 'Motor vehicle registration certificate',
  photo: 'Photo',
  resident_id: 'Resident ID (older person)',
  cost_voucher: 'Cost vouchers',
};

type Plan =
  | 'paid'
  | 'returned'
  | 'commerce'
  | 'overdue'
  | 'registration_check'
  | 'awaiting_payout'
  | 'rejected'
  | 'payout_failed'
  | 'finance';

interface DemoClaim {
  readonly applicant: string;
  readonly daysAgo: number;
  readonly plan: Plan;
  readonly application: (name: string, sequence: number) => ClaimApplication;
}

function vin(prefix: string, sequence: number): string {
  return `${prefix}${String(sequence).padStart(17 - prefix.length, '0')}`;
}

function carApplication(line: 'car_scrap' | 'car_replace', unitId: string, nev: boolean) {
  return (name: string, sequence: number): ClaimApplication => ({
    line,
    unitId,
    oldCar: {
      ownerName: name,
      vin: vin('LSVAA4182E', 300 + sequence),
      registeredOn: '2014-06-18',
      plate: `豫M${String(20_000 + sequence)}`,
    },
    newCar: {
      vin: vin('LNBSCB3F5P', 300 + sequence),
      kind: nev ? 'nev' : 'fuel',
      ...(nev ? {} : { displacementMl: 1498 }),
      invoiceNumber: `0410${String(5000 + sequence)}`,
      invoiceDate: '2025-06-08',
      priceFen: (nev ? 13_980_000 : 10_680_000) + sequence * 10_000,
      registeredOn: '2025-06-12',
    },
  });
}

function elderlyApplication(name: string, sequence: number): ClaimApplication {
  return {
    line: 'elderly_adaptation',
    unitId: 'hubin',
    dwelling: {
      address: `三门峡市湖滨区六峰路 ${10 + sequence} 号 2 单元 30${sequence % 9}`,
      residentName: `${[...name][0] ?? '王'}奶奶`,
      residentBirthDate: '1946-03-15',
    },
    purchaseDate: '2025-06-10',
    items: [
      { name: '卫生间安全扶手', productCostFen: 180_000 + sequence * 1_000, labourCostFen: 30_000 },
      { name: '防滑地砖', productCostFen: 620_000, labourCostFen: 120_000 },
      { name: '适老化护理床', productCostFen: 480_000, labourCostFen: 0 },
    ],
  };
}

const ZHANG = 'demo-citizen';
const OTHERS = [
  'demo-citizen-00011',
  'demo-citizen-00012',
  'demo-citizen-00013',
  'demo-citizen-00014',
  'demo-citizen-00015',
  'demo-citizen-00016',
  'demo-citizen-00017',
  'demo-citizen-00018',
  'demo-citizen-00019',
  'demo-citizen-00020',
  'demo-citizen-00021',
  'demo-citizen-00022',
];
const OTHER_PLANS: readonly Plan[] = [
  'awaiting_payout',
  'overdue',
  'registration_check',
  'rejected',
  'commerce',
  'payout_failed',
];

export function demoClaimPlans(unitOf: (citizenId: string) => string): DemoClaim[] {
  const claims: DemoClaim[] = [
    { applicant: ZHANG, daysAgo: 40, plan: 'paid', application: carApplication('car_scrap', 'hubin', true) },
    { applicant: ZHANG, daysAgo: 6, plan: 'returned', application: elderlyApplication },
    { applicant: ZHANG, daysAgo: 1, plan: 'commerce', application: carApplication('car_replace', 'hubin', true) },
    {
      applicant: 'demo-merchant-owner',
      daysAgo: 10,
      plan: 'finance',
      application: () => ({
        line: 'first_launch',
        unitId: 'hubin',
        merchantId: 'demo-merchant',
        event: { name: '2025 智能家电新品首发会', date: '2025-05-28', venue: '三门峡国际文博城会展中心' },
        costs: [
          { item: '场地租赁与搭建', amountFen: 18_600_000 },
          { item: '宣传推广', amountFen: 9_200_000 },
          { item: '新品展示物料', amountFen: 4_500_000 },
        ],
      }),
    },
  ];
  OTHERS.forEach((applicant, index) => {
    const plan = OTHER_PLANS[index % OTHER_PLANS.length] ?? 'commerce';
    const line = index % 3;
    claims.push({
      applicant,
      daysAgo: plan === 'overdue' ? 12 : 20 - index,
      plan,
      application:
        line === 2
          ? elderlyApplication
          : carApplication(line === 0 ? 'car_scrap' : 'car_replace', unitOf(applicant), index % 4 !== 1),
    });
  });
  return claims;
}

export async function seedDemoClaims(
  application: Application,
  actors: DemoActors,
  unitOf: (id: string) => string,
): Promise<number> {
  const base = application.services.claims.claims;
  if ((await base.options.repository.list({ offset: 0, limit: 1 })).total > 0) return 0;
  const real = application.now().getTime();
  let clock = real;
  const claims = new ClaimService({ ...base.options, now: () => new Date(clock) });
  const reviews = new ClaimReviews(claims);
  const changes = new ClaimChanges(claims);
  const payouts = new ClaimPayouts(claims);
  const setDaysAgo = (days: number) => {
    clock = real - days * DAY;
  };
  const context = async (accountId: string, step: string) =>
    (await actors.of(accountId)).context(`demo:claims:${step}`);
  const decide = async (
    view: ClaimView,
    decision: 'approve' | 'reject' | 'return',
    reasonCodes: ClaimReasonCode[] = [],
    comment?: string,
  ) => {
    const stage = view.stage?.id ?? '';
    return reviews.review(await context(STAGE_ACTORS[stage] ?? '', `${view.id}:${stage}`), view.id, {
      decision,
      reasonCodes,
      ...(comment === undefined ? {} : { comment }),
    });
  };
  const failures: string[] = [];
  const awaiting: ClaimView[] = [];
  let sequence = 0;
  for (const plan of demoClaimPlans(unitOf)) {
    sequence += 1;
    await breathe();
    setDaysAgo(plan.daysAgo);
    const actor = await actors.of(plan.applicant);
    const applicant = await context(plan.applicant, `apply:${sequence}`);
    const facts = plan.application(actor.principal.name, sequence);
    const account = await application.repositories.accounts.findById(plan.applicant);
    const merchant =
      facts.merchantId === undefined
        ? undefined
        : await application.repositories.accounts.findMerchant(facts.merchantId);
    const bankAccount =
      account?.bank_account_cipher != null
        ? application.cipher.decrypt(account.bank_account_cipher)
        : `62220200000${String(900_000 + sequence)}`;
    const created = await claims.apply(applicant, {
      ...facts,
      payee: { name: merchant?.name ?? actor.principal.name, bankName: '中国工商银行三门峡分行', bankAccount },
    });
    for (const kind of created.claim.requiredEvidence) {
      const content =
        kind === 'photo'
          ? demoPng([40 + ((sequence * 37) % 120), 90, 160], sequence)
          : demoPdf([
              `${EVIDENCE_WORDS[kind]} (huimin demo)`,
              `Claim ${created.claim.reference}`,
              'Invented for the demo: not a real document.',
            ]);
      await changes.uploadEvidence(
        applicant,
        created.id,
        kind,
        `${kind}-${sequence}.${kind === 'photo' ? 'png' : 'pdf'}`,
        content,
      );
    }
    clock += 2 * 3_600_000;
    let view = await claims.submit(applicant, created.id);
    const stages = CLAIM_STAGES[view.line];
    const step = (days: number) => {
      clock = Math.min(real - 60_000, clock + days * DAY);
    };
    if (plan.plan === 'returned') {
      step(2);
      view = await decide(view, 'return', ['EVIDENCE_UNCLEAR'], '照片看不清扶手的安装位置，请补拍一张清晰的现场照片');
    } else if (plan.plan === 'rejected') {
      step(2);
      view = await decide(view, 'reject', ['NAME_MISMATCH', 'FACTS_MISMATCH'], '旧车登记证书上的车主与申请人不一致');
    } else if (plan.plan === 'registration_check' || plan.plan === 'finance') {
      const target = plan.plan;
      while (view.stage !== null && view.stage.id !== target) {
        step(1);
        view = await decide(view, 'approve');
      }
    } else if (plan.plan === 'paid' || plan.plan === 'awaiting_payout' || plan.plan === 'payout_failed') {
      // A claim that waits for the next batch gets its last approval after the batch below.
      const last = plan.plan === 'awaiting_payout' ? stages.length - 1 : stages.length;
      for (let index = 0; index < last && view.state === 'reviewing'; index += 1) {
        step(1);
        view = await decide(view, 'approve');
      }
      if (plan.plan === 'payout_failed') failures.push(view.reference);
      if (plan.plan === 'awaiting_payout') awaiting.push(view);
    }
  }
  // One payout batch two days ago of every approved claim; one payment failed (the account was closed)
  // and went back to its applicant. Then the claims that wait for the next batch get their last approval.
  setDaysAgo(2);
  const finance = await context('demo-finance-officer', 'payout');
  const batch = await payouts.run(finance, {});
  const lines = await base.options.repository.payouts(batch.id);
  const references = new Map(
    (await base.options.repository.findInBatch(batch.id)).map((row) => [row.id, row.reference] as const),
  );
  clock = real - DAY;
  await payouts.recordResults(finance, batch.id, {
    results: lines.map((line) => {
      const reference = references.get(line.claim_id) ?? '';
      const amountFen = Number(line.amount_fen);
      return failures.includes(reference)
        ? {
            claimReference: reference,
            status: 'failed' as const,
            amountFen,
            failureReason: '收款账户已销户 account closed',
          }
        : {
            claimReference: reference,
            status: 'paid' as const,
            amountFen,
            bankReference: `ICBC-DEMO-${reference.slice(-6)}`,
          };
    }),
  });
  clock = real - 3_600_000;
  for (const view of awaiting) await decide(view, 'approve');
  return sequence;
}
