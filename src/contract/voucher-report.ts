/**
 * The voucher campaign's figures on the wire (issue 13 §6, §8): the report (what the vouchers drove, by round,
 * category, unit and merchant, leverage gross), each figure group on its own (`?part=`), the same as .xlsx, and
 * the cash-out flags. Fixed paths: `GET /api/v1/vouchers/campaigns/{id}/report` (`?part=total|round|category|
 * unit|merchant`), `GET /api/v1/vouchers/campaigns/{id}/report.xlsx`, `GET /api/v1/vouchers/campaigns/{id}/flags`.
 */
import { Type, type Static } from 'typebox';
import { Timestamp } from './common.js';
import { VOUCHER_FLAG_CODES } from '../domain/vouchers/vocabulary.js';

export { VOUCHER_FLAG_CODES };

const Whole = Type.Union([Type.Integer(), Type.Null()]);

/** One group's figures (domain/vouchers/report.ts `Figures`): counts, fen, rate in basis points, leverage. */
export const Figures = Type.Object({
  key: Type.String({ description: 'the round, category, unit or merchant id; `total`' }),
  issued: Type.Union([Type.Integer(), Type.Null()], { description: 'vouchers put up (per round and in total)' }),
  issuedFen: Whole,
  claimed: Type.Union([Type.Integer(), Type.Null()], { description: 'by round, claimant’s unit, in total' }),
  claimedFen: Whole,
  expired: Type.Union([Type.Integer(), Type.Null()], { description: 'state expired, or issued past validUntil' }),
  expiredFen: Whole,
  rereleasedFen: Whole,
  redemptionRateBp: Type.Union([Type.Integer(), Type.Null()], {
    description: 'claimed vouchers now redeemed ÷ claimed, basis points, half_up',
  }),
  redeemed: Type.Integer({ description: 'redemptions' }),
  voucherFen: Type.Integer({ description: 'voucher money redeemed (Σ discounts)' }),
  salesFen: Type.Integer({ description: 'sales on redeemed bills' }),
  grossLeverageHundredths: Type.Union([Type.Integer(), Type.Null()], {
    description: 'salesFen ÷ voucherFen in hundredths, half_up (500 = 5.00)',
  }),
  grossLeverage: Type.Union([Type.String(), Type.Null()]),
  leverageKind: Type.Literal('gross'),
});
export type Figures = Static<typeof Figures>;

export const REPORT_PARTS = ['total', 'round', 'category', 'unit', 'merchant'] as const;
export type ReportPart = (typeof REPORT_PARTS)[number];

export const ReportQuery = Type.Object(
  {
    part: Type.Optional(
      Type.Enum(REPORT_PARTS, { description: 'one figure group only (a dashboard chart); absent: every group' }),
    ),
  },
  { additionalProperties: false },
);
export type ReportQuery = Static<typeof ReportQuery>;

/** `GET …/campaigns/{id}/report`: every group, or the one `?part=` names (the others absent). */
export const CampaignReport = Type.Object({
  campaignId: Type.String(),
  campaignName: Type.String(),
  generatedAt: Timestamp,
  parts: Type.Array(Type.Enum(REPORT_PARTS), { description: 'the groups this answer holds' }),
  total: Type.Optional(Figures),
  byRound: Type.Optional(Type.Array(Figures)),
  byCategory: Type.Optional(Type.Array(Figures)),
  byUnit: Type.Optional(
    Type.Array(Figures, {
      description: 'claims and expiry by the claimant’s unit, redemptions by the merchant’s unit',
    }),
  ),
  byMerchant: Type.Optional(Type.Array(Figures)),
  merchantNames: Type.Optional(
    Type.Record(Type.String(), Type.String(), { description: 'with byMerchant: each merchant id’s name' }),
  ),
  rounding: Type.String(),
  note: Type.Object({ zh: Type.String(), en: Type.String() }),
});
export type CampaignReport = Static<typeof CampaignReport>;

const Moment = (description: string) =>
  Type.String({
    pattern: '^\\d{4}-\\d{2}-\\d{2}(T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,3})?)?(Z|[+-]\\d{2}:\\d{2}))?$',
    maxLength: 40,
    description: `${description}: a date (China time, start of day) or an ISO 8601 moment with an offset`,
  });

export const FlagsQuery = Type.Object(
  {
    from: Type.Optional(Moment('start of the review period')),
    to: Type.Optional(Moment('end of the review period (exclusive)')),
  },
  { additionalProperties: false },
);
export type FlagsQuery = Static<typeof FlagsQuery>;

export const VoucherFlagCode = Type.Enum(VOUCHER_FLAG_CODES);

export const VoucherFlagView = Type.Object({
  code: VoucherFlagCode,
  reason: Type.String({ description: 'zh-CN, plain words' }),
  reasonEn: Type.String(),
  merchantId: Type.String(),
  redemptionIds: Type.Array(Type.String(), { description: 'the redemptions that raised it, in time order' }),
  evidence: Type.Array(Type.Object({ label: Type.String(), value: Type.String() })),
});
export type VoucherFlagView = Static<typeof VoucherFlagView>;

/** `GET …/campaigns/{id}/flags`: shown to reviewers, never a silent block. */
export const VoucherFlagsView = Type.Object({
  campaignId: Type.String(),
  from: Type.Union([Timestamp, Type.Null()]),
  to: Type.Union([Timestamp, Type.Null()]),
  redemptionsReviewed: Type.Integer(),
  flags: Type.Array(VoucherFlagView),
  notChecked: Type.Array(Type.Object({ code: VoucherFlagCode, reason: Type.String(), reasonEn: Type.String() }), {
    description: 'kinds of flag that cannot be raised yet because a fact they need is not recorded',
  }),
});
export type VoucherFlagsView = Static<typeof VoucherFlagsView>;
