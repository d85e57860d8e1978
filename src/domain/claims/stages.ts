/**
 * Claims' review stages as data (issue 12 §2), in the review vocabulary settlement uses
 * (domain/settlement/stages.ts: one stage is a role, in the case's unit or city-wide). Each stage has a
 * deadline in working days (working-days.ts): where the plan or the reference sets it, the parameter
 * key says so and the plan's value is used; otherwise it is the platform's default, named as such
 * (no clause sets it, and a city changes it here). Pure.
 */
import type { ClaimLine, EvidenceKind } from './vocabulary.js';
import type { ReviewStage } from '../settlement/stages.js';
import { addWorkingDays, CalendarNotCoveredError } from './working-days.js';

export interface ClaimStage extends ReviewStage {
  /** The days when no parameter sets them. */
  readonly deadlineWorkingDays: number;
  /** A plan parameter whose value overrides the default (e.g. elderly_adaptation.review_working_days). */
  readonly deadlineParameter?: string;
  readonly deadlineSource: string;
}

const PLATFORM_DEFAULT = '平台默认时限（规划与参考规则未规定） platform default: no clause sets it';

const COMMERCE: ClaimStage = {
  id: 'commerce',
  label: '市商务局审核',
  labelEn: 'City commerce review',
  role: 'department_officer',
  scope: 'city',
  department: 'commerce',
  deadlineWorkingDays: 5,
  deadlineSource: PLATFORM_DEFAULT,
};

const FINANCE: ClaimStage = {
  id: 'finance',
  label: '市财政局审核',
  labelEn: 'City finance review',
  role: 'finance_officer',
  scope: 'city',
  deadlineWorkingDays: 5,
  deadlineSource: PLATFORM_DEFAULT,
};

const CAR_STAGES: readonly ClaimStage[] = [
  COMMERCE,
  {
    id: 'registration_check',
    label: '公安交管登记核验',
    labelEn: 'Vehicle registration check (public security)',
    role: 'department_officer',
    scope: 'city',
    department: 'public-security',
    deadlineWorkingDays: 3,
    deadlineSource: PLATFORM_DEFAULT,
  },
  FINANCE,
];

export const CLAIM_STAGES: Readonly<Record<ClaimLine, readonly ClaimStage[]>> = {
  car_scrap: CAR_STAGES,
  car_replace: CAR_STAGES,
  elderly_adaptation: [
    {
      id: 'civil_affairs',
      label: '县区民政部门审核',
      labelEn: 'County civil-affairs review',
      role: 'county_officer',
      scope: 'unit',
      deadlineWorkingDays: 3,
      deadlineParameter: 'elderly_adaptation.review_working_days',
      deadlineSource: 'reference.md [Henan]: county civil-affairs review within 3 working days',
    },
  ],
  first_launch: [COMMERCE, FINANCE],
};

/** The evidence a line's application must carry before it can be submitted. */
export const REQUIRED_EVIDENCE: Readonly<Record<ClaimLine, readonly EvidenceKind[]>> = {
  car_scrap: ['scrap_certificate', 'deregistration', 'invoice', 'registration'],
  car_replace: ['transfer_record', 'invoice', 'registration'],
  elderly_adaptation: ['resident_id', 'invoice', 'photo'],
  first_launch: ['cost_voucher', 'invoice', 'photo'],
};

export const EVIDENCE_LABELS: Readonly<Record<EvidenceKind, { zh: string; en: string }>> = {
  scrap_certificate: { zh: '报废机动车回收证明', en: 'scrapped-vehicle recycling certificate' },
  deregistration: { zh: '机动车注销证明', en: 'deregistration certificate' },
  transfer_record: { zh: '二手车转移登记证明', en: 'used-car transfer record' },
  invoice: { zh: '发票', en: 'invoice' },
  registration: { zh: '机动车登记证书（新车）', en: 'registration certificate (new car)' },
  photo: { zh: '现场照片', en: 'photos' },
  resident_id: { zh: '老年人身份证明', en: "the older resident's ID" },
  cost_voucher: { zh: '费用支出凭证', en: 'cost vouchers' },
};

/**
 * A stage's deadline: `days` working days after `start` on the official calendar; for a year the
 * calendar does not hold yet (the State Council publishes each year's arrangement in the autumn
 * before), Monday to Friday, and `calendar` says so.
 */
export function stageDeadline(start: string, days: number): { dueOn: string; calendar: 'official' | 'weekdays' } {
  try {
    return { dueOn: addWorkingDays(start, days), calendar: 'official' };
  } catch (error) {
    if (!(error instanceof CalendarNotCoveredError)) throw error;
    let date = new Date(`${start}T00:00:00Z`);
    let left = days;
    while (left > 0) {
      date = new Date(date.getTime() + 86_400_000);
      const weekday = date.getUTCDay();
      if (weekday !== 0 && weekday !== 6) left -= 1;
    }
    return { dueOn: date.toISOString().slice(0, 10), calendar: 'weekdays' };
  }
}
