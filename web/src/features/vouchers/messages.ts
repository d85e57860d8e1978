/** The vouchers pages' labels (消费券, issue 13), zh-CN first, English second; they load with the pages. */
import { useI18n, type I18n } from '../../lib/i18n/useI18n';
import type { SharedKey } from '../../lib/i18n/shared';

/** Categories the forms offer (any other may be typed): the plan's voucher measures 11–13, 19 and 24. */
export const VOUCHER_CATEGORIES = [
  'catering',
  'retail',
  'supermarket',
  'culture_tourism',
  'sports',
  'accommodation',
  'pharmacy',
  'fuel',
  'appliances',
  'tobacco_alcohol',
] as const;

export const vouchersMessages = {
  // categories
  'vo.cat.catering': { zh: '餐饮', en: 'Catering' },
  'vo.cat.retail': { zh: '百货零售', en: 'Retail' },
  'vo.cat.supermarket': { zh: '商超', en: 'Supermarkets' },
  'vo.cat.culture_tourism': { zh: '文化旅游', en: 'Culture & tourism' },
  'vo.cat.sports': { zh: '体育健身', en: 'Sports' },
  'vo.cat.accommodation': { zh: '住宿', en: 'Accommodation' },
  'vo.cat.pharmacy': { zh: '药品', en: 'Pharmacy' },
  'vo.cat.fuel': { zh: '加油', en: 'Fuel' },
  'vo.cat.appliances': { zh: '家电', en: 'Appliances' },
  'vo.cat.tobacco_alcohol': { zh: '烟酒', en: 'Tobacco & alcohol' },

  // states
  'vo.round.scheduled': { zh: '未开始', en: 'Scheduled' },
  'vo.round.registration': { zh: '登记中', en: 'Registration' },
  'vo.round.drawn': { zh: '已抽签', en: 'Drawn' },
  'vo.round.open': { zh: '进行中', en: 'Open' },
  'vo.round.closed': { zh: '已抢完', en: 'Sold out' },
  'vo.round.expired': { zh: '已结束', en: 'Ended' },
  'vo.round.cancelled': { zh: '已取消', en: 'Cancelled' },
  'vo.voucher.issued': { zh: '可使用', en: 'Usable' },
  'vo.voucher.redeemed': { zh: '已使用', en: 'Used' },
  'vo.voucher.expired': { zh: '已过期', en: 'Expired' },
  'vo.voucher.refunded': { zh: '已退回', en: 'Refunded' },
  'vo.mode.first_come': { zh: '先到先得', en: 'First come' },
  'vo.mode.lottery': { zh: '登记抽签', en: 'Lottery' },
  'vo.funder.city': { zh: '市级消费券', en: 'City vouchers' },
  'vo.funder.union': { zh: '工会消费券', en: 'Union vouchers' },

  // common
  'vo.pack.rule': { zh: '满{threshold}减{face}', en: '{face} off {threshold}' },
  'vo.pack.noThreshold': { zh: '无门槛减{face}', en: '{face} off, no minimum' },
  'vo.pack.count': { zh: '×{n}', en: '×{n}' },

  // campaigns
  'vo.campaigns.title': { zh: '消费券活动', en: 'Voucher campaigns' },
  'vo.campaigns.intro': {
    zh: '每一批次创建时即从资金池冻结全部预算：没有资金支撑的消费券不会发出。',
    en: 'Each round holds its whole budget in the pool when it is created: no voucher is issued without money behind it.',
  },
  'vo.campaigns.new': { zh: '新建活动', en: 'New campaign' },
  'vo.campaigns.empty': { zh: '还没有消费券活动', en: 'No campaigns yet' },
  'vo.field.name': { zh: '活动名称', en: 'Name' },
  'vo.field.funder': { zh: '出资方', en: 'Funder' },
  'vo.field.pool': { zh: '资金池', en: 'Budget pool' },
  'vo.field.unionName': { zh: '工会名称', en: 'Union' },
  'vo.field.creditCode': { zh: '统一社会信用代码', en: 'Credit code' },
  'vo.field.categories': { zh: '适用品类', en: 'Accepted categories' },
  'vo.field.categoriesHelp': { zh: '留空表示除排除品类外均可使用', en: 'Empty: any category not excluded' },
  'vo.field.excluded': { zh: '排除品类', en: 'Excluded categories' },
  'vo.field.units': { zh: '实施县区', en: 'Units' },
  'vo.field.packs': { zh: '券包面额', en: 'Pack denominations' },
  'vo.field.threshold': { zh: '满（元）', en: 'Minimum bill (yuan)' },
  'vo.field.face': { zh: '减（元）', en: 'Off (yuan)' },
  'vo.field.count': { zh: '张数', en: 'Count' },
  'vo.field.addDenomination': { zh: '添加面额', en: 'Add a denomination' },
  'vo.field.limits': { zh: '每人限领', en: 'Per-person limits' },
  'vo.field.perRound': { zh: '每轮（包）', en: 'Per round (packs)' },
  'vo.field.perCampaign': { zh: '本活动（包）', en: 'Per campaign (packs)' },
  'vo.field.perYearYuan': { zh: '每年面额上限（元）', en: 'Yearly face cap (yuan)' },
  'vo.field.perYearHelp': {
    zh: '工会消费券每人每年不超过 500 元（措施 24），只可收紧',
    en: 'Union vouchers: at most 500 yuan per member a year (measure 24); may only be tightened',
  },
  'vo.field.stacking': { zh: '可与其他券叠加', en: 'May stack with other vouchers' },
  'vo.field.refundRule': { zh: '整单退款时', en: 'On a full refund' },
  'vo.refund.restore': { zh: '退回消费券', en: 'Restore the voucher' },
  'vo.refund.forfeit': { zh: '消费券作废（资金回池）', en: 'Forfeit it (money to the pool)' },
  'vo.field.packFace': { zh: '每包面额', en: 'Pack face' },
  'vo.field.rounds': { zh: '批次', en: 'Rounds' },
  'vo.field.issued': { zh: '已领', en: 'Claimed' },
  'vo.field.quantity': { zh: '投放（包）', en: 'Packs' },
  'vo.field.redeemed': { zh: '已核销（张）', en: 'Redeemed' },
  'vo.field.expired': { zh: '已过期（张）', en: 'Expired' },
  'vo.field.held': { zh: '冻结中', en: 'Held' },
  'vo.field.spent': { zh: '已支出', en: 'Spent' },
  'vo.field.budget': { zh: '预算', en: 'Budget' },
  'vo.field.state': { zh: '状态', en: 'State' },
  'vo.field.releaseAt': { zh: '开抢时间', en: 'Release' },
  'vo.field.endsAt': { zh: '结束时间', en: 'Ends' },
  'vo.field.validDays': { zh: '有效天数', en: 'Valid days' },
  'vo.field.mode': { zh: '发放方式', en: 'Mode' },
  'vo.field.createdAt': { zh: '创建时间', en: 'Created' },
  'vo.create.title': { zh: '新建消费券活动', en: 'New voucher campaign' },
  'vo.create.submit': { zh: '创建活动', en: 'Create campaign' },
  'vo.create.badAmount': { zh: '请输入金额（元，最多两位小数）', en: 'An amount in yuan, at most two decimals' },
  'vo.create.thresholdBelowFace': {
    zh: '门槛须为 0 或不低于减免额',
    en: 'The minimum is 0 or at least the amount off',
  },
  'vo.create.creditCodeFormat': { zh: '18 位统一社会信用代码', en: 'An 18-character credit code' },

  // campaign detail
  'vo.campaign.back': { zh: '返回活动列表', en: 'Back to campaigns' },
  'vo.campaign.rounds': { zh: '发放批次', en: 'Rounds' },
  'vo.campaign.newRound': { zh: '新建批次', en: 'New round' },
  'vo.campaign.roundCreated': { zh: '批次已创建，预算已冻结', en: 'Round created, its budget held' },
  'vo.campaign.roundBudget': {
    zh: '本批次将冻结 {amount}（{n} 包 × {face}）',
    en: 'This round holds {amount} ({n} packs × {face})',
  },
  'vo.campaign.expire': { zh: '结束本轮', en: 'End the round' },
  'vo.campaign.expireConfirm': {
    zh: '结束本轮：未使用的消费券作废；若有后续批次，剩余券包转入下一轮，否则资金退回资金池。',
    en: 'End the round: unused vouchers lapse; the packs left go into the next round if there is one, else the money returns to the pool.',
  },
  'vo.campaign.expired': { zh: '本轮已结束', en: 'The round has ended' },
  'vo.campaign.rereleased': { zh: '转入下一轮 {n} 包', en: '{n} packs carried into the next round' },
  'vo.campaign.rereleasedIn': { zh: '含上一轮转入 {n} 包', en: 'incl. {n} packs from the previous round' },
  'vo.campaign.returned': { zh: '退回资金池 {amount}', en: '{amount} back to the pool' },
  'vo.campaign.dashboard': { zh: '活动成效', en: 'What it drove' },
  'vo.campaign.xlsx': { zh: '下载报表 (.xlsx)', en: 'Download (.xlsx)' },
  'vo.campaign.byRound': { zh: '按批次', en: 'By round' },
  'vo.campaign.byCategory': { zh: '按品类', en: 'By category' },
  'vo.campaign.byMerchant': { zh: '按商户', en: 'By merchant' },
  'vo.campaign.voucherMoney': { zh: '核销券额（元）', en: 'Voucher money (yuan)' },
  'vo.campaign.sales': { zh: '带动消费（元）', en: 'Sales (yuan)' },
  'vo.campaign.leverage': { zh: '毛撬动比', en: 'Gross leverage' },
  'vo.campaign.redemptionRate': { zh: '核销率', en: 'Redemption rate' },
  'vo.campaign.roundN': { zh: '第 {n} 轮', en: 'Round {n}' },
  'vo.campaign.noRedemptions': { zh: '尚无核销', en: 'Nothing redeemed yet' },

  'vo.field.rollover': { zh: '未用完的券包转入下一轮', en: 'Roll what is left into the next round' },
  'vo.campaign.draw': { zh: '开奖', en: 'Draw' },
  'vo.campaign.drawConfirm': {
    zh: '开奖：公布种子与登记名单摘要，按 sha256(种子:登记号) 由小到大选出中签者并发券。',
    en: 'Draw: reveal the seed and the list digest; the lowest sha256(seed:entry) win and get their packs.',
  },
  'vo.campaign.drawn': { zh: '已开奖', en: 'Drawn' },
  'vo.campaign.commitment': { zh: '种子承诺', en: 'Seed commitment' },

  // claim
  'vo.claim.title': { zh: '领消费券', en: 'Get vouchers' },
  'vo.claim.intro': {
    zh: '每轮数量有限，先到先得；领取后在“我的消费券”出示给收银员。',
    en: 'Each round is limited, first come first served; show them at the till from My vouchers.',
  },
  'vo.claim.empty': { zh: '暂无可领取的消费券', en: 'No vouchers to claim now' },
  'vo.claim.button': { zh: '立即领取', en: 'Claim' },
  'vo.claim.claimed': { zh: '已领取', en: 'Claimed' },
  'vo.claim.soldOut': { zh: '已抢完', en: 'Sold out' },
  'vo.claim.limit': { zh: '已达上限', en: 'Limit reached' },
  'vo.claim.notYet': { zh: '未开始', en: 'Not yet open' },
  'vo.claim.lottery': { zh: '登记抽签', en: 'By lottery' },
  'vo.claim.remaining': { zh: '剩余 {n} / {total} 包', en: '{n} of {total} packs left' },
  'vo.claim.opensAt': { zh: '{time} 开抢', en: 'Opens {time}' },
  'vo.claim.validUntil': { zh: '有效期至 {time}', en: 'Valid until {time}' },
  'vo.claim.register': { zh: '登记抽签', en: 'Register for the draw' },
  'vo.claim.registered': { zh: '已登记，等待开奖', en: 'Registered: awaiting the draw' },
  'vo.claim.notDrawn': { zh: '未中签', en: 'Not drawn' },
  'vo.claim.registrationCloses': { zh: '{time} 截止登记', en: 'Registration closes {time}' },
  'vo.claim.entry': { zh: '登记号 {hash}', en: 'Entry {hash}' },
  'vo.claim.got': { zh: '领取成功：{n} 张券已放入“我的消费券”', en: 'Claimed: {n} vouchers are in My vouchers' },
  'vo.claim.toMine': { zh: '查看我的消费券', en: 'My vouchers' },

  // mine
  'vo.mine.title': { zh: '我的消费券', en: 'My vouchers' },
  'vo.mine.empty': { zh: '还没有消费券', en: 'No vouchers yet' },
  'vo.mine.code': { zh: '券码', en: 'Code' },
  'vo.mine.validUntil': { zh: '有效期至', en: 'Valid until' },
  'vo.mine.show': { zh: '结账时向收银员出示二维码或券码', en: 'Show the QR or the code at the till' },

  // redeem
  'vo.redeem.title': { zh: '核销消费券', en: 'Redeem a voucher' },
  'vo.redeem.code': { zh: '券码（扫码或输入）', en: 'Voucher code (scan or type)' },
  'vo.redeem.bill': { zh: '消费金额（元）', en: 'Bill (yuan)' },
  'vo.redeem.category': { zh: '消费品类', en: 'Category' },
  'vo.redeem.submit': { zh: '核销', en: 'Redeem' },
  'vo.redeem.receipt': { zh: '核销成功', en: 'Redeemed' },
  'vo.redeem.discount': { zh: '优惠金额', en: 'Discount' },
  'vo.redeem.pay': { zh: '顾客实付', en: 'To pay' },
  'vo.redeem.billShown': { zh: '消费金额', en: 'Bill' },
  'vo.redeem.id': { zh: '核销单号', en: 'Redemption' },
  'vo.redeem.at': { zh: '核销时间', en: 'At' },
  'vo.redeem.next': { zh: '核销下一张', en: 'Next voucher' },
  'vo.redeem.refused': { zh: '不能核销', en: 'Cannot redeem' },

  'vo.refund.title': { zh: '退货', en: 'Refund' },
  'vo.refund.amount': { zh: '退货金额（元，按原价）', en: 'Goods returned (yuan, bill prices)' },
  'vo.refund.submit': { zh: '办理退货', en: 'Refund' },
  'vo.refund.cashBack': { zh: '退还顾客', en: 'Back to the customer' },
  'vo.refund.kept': { zh: '保留消费', en: 'Bill kept' },
  'vo.refund.discount': { zh: '保留优惠', en: 'Discount kept' },

  // refusals in plain words
  'vo.refusal.VOUCHER_SOLD_OUT': { zh: '本轮消费券已抢完', en: 'This round is sold out' },
  'vo.refusal.VOUCHER_LIMIT_REACHED': { zh: '您已达到领取上限', en: 'You have reached the limit' },
  'vo.refusal.ROUND_NOT_OPEN': { zh: '本轮尚未开始或已结束', en: 'The round is not open' },
  'vo.refusal.VOUCHER_NOT_FOUND': { zh: '券码不存在，请核对后重新输入', en: 'No voucher has that code' },
  'vo.refusal.VOUCHER_ALREADY_REDEEMED': { zh: '此券已核销，不能重复使用', en: 'Already redeemed' },
  'vo.refusal.VOUCHER_NOT_REDEEMABLE': { zh: '此券已失效', en: 'The voucher is no longer valid' },
  'vo.refusal.VOUCHER_EXPIRED': { zh: '此券已过期', en: 'The voucher has expired' },
  'vo.refusal.VOUCHER_MERCHANT_NOT_ACCEPTED': { zh: '本店不在此券适用商户范围内', en: 'Not accepted at this merchant' },
  'vo.refusal.VOUCHER_CATEGORY_EXCLUDED': { zh: '此品类不可使用消费券', en: 'This category is excluded' },
  'vo.refusal.VOUCHER_CATEGORY_NOT_ACCEPTED': { zh: '此券不适用于该品类', en: 'Not for this category' },
  'vo.refusal.VOUCHER_STACKING_NOT_ALLOWED': { zh: '一笔消费只能使用一张券', en: 'One voucher per bill' },
  'vo.refusal.VOUCHER_THRESHOLD_NOT_MET': { zh: '未达到使用门槛', en: 'The bill is below the minimum' },
  'vo.refusal.VOUCHER_NOTHING_TO_DISCOUNT': { zh: '没有可优惠的金额', en: 'Nothing to discount' },
  'vo.refusal.BUDGET_EXHAUSTED': { zh: '资金池余额不足，无法冻结本批次预算', en: 'The pool cannot hold this round' },
  'vo.refusal.ALREADY_REGISTERED': { zh: '您已登记本轮抽签', en: 'Already registered' },
  'vo.refusal.DRAW_NOT_DUE': { zh: '登记尚未截止，暂不能开奖', en: 'Registration has not closed yet' },
  'vo.refusal.ROUND_ALREADY_DRAWN': { zh: '本轮已开奖', en: 'Already drawn' },
  'vo.refusal.ROUND_ALREADY_EXPIRED': { zh: '本轮已结束', en: 'Already ended' },
  'vo.refusal.VOUCHER_REFUND_EXCEEDS_BILL': { zh: '退货金额超过消费金额', en: 'More than the bill' },
  'vo.refusal.VOUCHER_NOT_REDEEMED': { zh: '此券未核销，无需退货', en: 'Not redeemed' },
  'vo.refusal.ROUND_NOT_ENDED': { zh: '本轮尚未到结束时间', en: 'The round has not ended yet' },
} as const;

export type VouchersKey = keyof typeof vouchersMessages;
export type VouchersI18n = I18n<SharedKey | VouchersKey>;

export function useVouchersI18n(): VouchersI18n {
  return useI18n(vouchersMessages);
}

/** The plain words for a refusal code, if the pages have them. */
export function refusalKey(code: string | undefined): VouchersKey | undefined {
  const key = `vo.refusal.${code ?? ''}`;
  return key in vouchersMessages ? (key as VouchersKey) : undefined;
}

/** A category's label: the known ones translated, any other as typed. */
export function categoryLabel(t: VouchersI18n['t'], category: string): string {
  const key = `vo.cat.${category}`;
  return key in vouchersMessages ? t(key as VouchersKey) : category;
}
