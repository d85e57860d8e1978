/**
 * The budget dashboard's labels in both languages, kept beside its pages. Placeholders are written
 * {name} and filled by `bt(key, { name })` (see useBudgetText).
 */
import { translate, type Lang, type MessageTable, type Translate, type Vars } from '../../lib/i18n/translate';

export const budgetMessages = {
  // page
  'budget.title': { zh: '资金池看板', en: 'Budget pools' },
  'budget.subtitle': {
    zh: '各补贴项目按县区和资金来源分设资金池：拨付、冻结、支出一目了然，余额永不为负。',
    en: 'One pool per subsidy line, implementing unit and funding source: what arrived, what is reserved and what is spent; balances never go below zero.',
  },
  'budget.readOnly': {
    zh: '只读：您可以查看资金池、流水和预测；新建、拨付、暂停和恢复由财务人员办理。',
    en: 'Read only: you can see pools, transactions and forecasts; finance officers create, fund, pause and resume pools.',
  },
  'budget.empty': { zh: '暂无资金池', en: 'No budget pools yet' },
  'budget.emptyFiltered': { zh: '没有符合筛选条件的资金池', en: 'No pool matches the filters' },
  'budget.emptyManage': {
    zh: '点击“新建资金池”，为一个补贴项目、县区和资金来源开设资金池。',
    en: 'Use “New pool” to open the pool of a subsidy line, implementing unit and funding source.',
  },

  // summary
  'budget.summary.funded': { zh: '拨付总额', en: 'Funded' },
  'budget.summary.available': { zh: '可用余额', en: 'Available' },
  'budget.summary.held': { zh: '已冻结', en: 'Held' },
  'budget.summary.spent': { zh: '已支出', en: 'Spent' },
  'budget.summary.pools': { zh: '{n} 个资金池', en: 'Pools: {n}' },
  'budget.summary.withdrawn': { zh: '其中退回国库 {amount}', en: 'of which returned to the treasury: {amount}' },
  'budget.summary.shareAvailable': { zh: '占总额 {share}', en: '{share} of the total' },
  'budget.summary.shareHeld': { zh: '待核销申领 · 占总额 {share}', en: 'Pending subsidies · {share} of the total' },
  'budget.summary.shareSpent': { zh: '支出占比 {share}', en: 'Share spent: {share}' },
  'budget.summary.filtered': { zh: '按当前筛选汇总', en: 'Totals of the filtered pools' },

  // books check
  'budget.books.balanced': { zh: '账务平衡', en: 'Books balance' },
  'budget.books.unbalanced': { zh: '账务不平衡', en: 'Books do not balance' },
  'budget.books.checking': { zh: '核对账务…', en: 'Checking the books…' },
  'budget.books.failed': { zh: '账务核对失败', en: 'Books check failed' },
  'budget.books.detail': {
    zh: '已核对 {pools} 个资金池、{transactions} 笔交易、{postings} 条分录：借贷相等，余额与分录、冻结记录一致。',
    en: 'Checked {pools} pools, {transactions} transactions and {postings} postings: they balance, and every pool agrees with its postings and holds.',
  },
  'budget.books.problems': { zh: '发现 {n} 处问题：', en: 'Problems found: {n}' },

  // fields and columns
  'budget.pool': { zh: '资金池', en: 'Pool' },
  'budget.poolId': { zh: '资金池编号', en: 'Pool id' },
  'budget.line': { zh: '补贴项目', en: 'Programme line' },
  'budget.unit': { zh: '实施单位', en: 'Implementing unit' },
  'budget.source': { zh: '资金来源', en: 'Funding source' },
  'budget.status': { zh: '状态', en: 'Status' },
  'budget.pauseReason': { zh: '暂停原因', en: 'Pause reason' },
  'budget.funded': { zh: '拨付总额（元）', en: 'Funded (yuan)' },
  'budget.available': { zh: '可用（元）', en: 'Available (yuan)' },
  'budget.held': { zh: '冻结（元）', en: 'Held (yuan)' },
  'budget.spent': { zh: '已支出（元）', en: 'Spent (yuan)' },
  'budget.withdrawn': { zh: '退回国库（元）', en: 'Returned to treasury (yuan)' },
  'budget.total': { zh: '资金总额（元）', en: 'Total (yuan)' },
  'budget.usage': { zh: '使用进度', en: 'Used' },
  'budget.usageTip': {
    zh: '已支出 {spent} + 冻结 {held}，共占 {share}',
    en: 'Spent {spent} + held {held}: {share} in all',
  },
  'budget.shareSpent': { zh: '支出占比', en: 'Share spent' },
  'budget.createdAt': { zh: '开设时间', en: 'Opened' },
  'budget.updatedAt': { zh: '最近变动', en: 'Last change' },
  'budget.actions': { zh: '操作', en: 'Actions' },
  'budget.anyLine': { zh: '全部项目', en: 'All lines' },
  'budget.anyUnit': { zh: '全部实施单位', en: 'All units' },
  'budget.anySource': { zh: '全部来源', en: 'All sources' },
  'budget.anyStatus': { zh: '全部状态', en: 'All statuses' },
  'budget.cityWide': { zh: '全市', en: 'City-wide' },
  'budget.unit.yuan': { zh: '元', en: 'yuan' },

  // sources, statuses, transaction kinds
  'budget.source.central': { zh: '中央', en: 'Central' },
  'budget.source.provincial': { zh: '省级', en: 'Provincial' },
  'budget.source.city': { zh: '市级', en: 'City' },
  'budget.source.union': { zh: '工会经费', en: 'Trade union' },
  'budget.status.active': { zh: '运行中', en: 'Active' },
  'budget.status.paused': { zh: '已暂停', en: 'Paused' },
  'budget.kind.fund': { zh: '拨付', en: 'Funded' },
  'budget.kind.hold': { zh: '冻结', en: 'Held' },
  'budget.kind.commit': { zh: '核销', en: 'Paid' },
  'budget.kind.release': { zh: '释放', en: 'Released' },
  'budget.kind.reverse': { zh: '退回', en: 'Returned' },
  'budget.kind.pause': { zh: '暂停', en: 'Paused' },
  'budget.kind.resume': { zh: '恢复', en: 'Resumed' },
  'budget.kind.rebalance': { zh: '分片调剂', en: 'Rebalanced between slices' },
  'budget.kind.commit_set': { zh: '批量核销（清算）', en: 'Paid together (settlement)' },
  'budget.destination.pool': { zh: '回到资金池', en: 'back to the pool' },
  'budget.destination.treasury': { zh: '退回国库', en: 'to the treasury' },

  // actions
  'budget.create': { zh: '新建资金池', en: 'New pool' },
  'budget.fund': { zh: '拨付资金', en: 'Fund' },
  'budget.fundShort': { zh: '拨付', en: 'Fund' },
  'budget.pause': { zh: '暂停', en: 'Pause' },
  'budget.resume': { zh: '恢复', en: 'Resume' },
  'budget.cancel': { zh: '取消', en: 'Cancel' },
  'budget.refresh': { zh: '刷新', en: 'Refresh' },
  'budget.export': { zh: '导出 Excel', en: 'Export to Excel' },
  'budget.clearFilters': { zh: '清除筛选', en: 'Clear filters' },
  'budget.count': { zh: '{n} 个资金池', en: 'Pools: {n}' },
  'budget.open': { zh: '详情', en: 'Details' },
  'budget.back': { zh: '返回资金池看板', en: 'Back to budget pools' },
  'budget.required': { zh: '请填写此项', en: 'Required' },

  // create
  'budget.create.ok': { zh: '新建', en: 'Create' },
  'budget.create.hint': {
    zh: '每个补贴项目、县区和资金来源只有一个资金池（编号如 appliance.hubin.city）；重复新建会找到已有的资金池。',
    en: 'There is one pool per subsidy line, implementing unit and funding source (id such as appliance.hubin.city); creating it again finds the existing pool.',
  },
  'budget.create.done': { zh: '已新建资金池 {name}', en: 'Pool {name} opened' },
  'budget.create.exists': { zh: '资金池 {name} 已存在', en: 'Pool {name} already exists' },

  // fund
  'budget.fund.title': { zh: '拨付资金 · {name}', en: 'Fund · {name}' },
  'budget.fund.amount': { zh: '拨付金额（元）', en: 'Amount (yuan)' },
  'budget.fund.amountHint': {
    zh: '以元为单位，最多两位小数，例如 1000000.00',
    en: 'In yuan, at most two decimals, e.g. 1000000.00',
  },
  'budget.fund.amountInvalid': {
    zh: '请输入大于 0 的金额，最多两位小数',
    en: 'Enter an amount above 0 with at most two decimals',
  },
  'budget.fund.amountReads': { zh: '即 {yuan} 元（{wan}）', en: 'That is {yuan} yuan ({wan})' },
  'budget.fund.reference': { zh: '文号 / 凭证号', en: 'Document number' },
  'budget.fund.referenceHint': {
    zh: '拨款文件或资金凭证编号，记入流水和审计日志',
    en: 'The allocation document or voucher number; kept in the ledger and the audit log',
  },
  'budget.fund.ok': { zh: '确认拨付', en: 'Fund' },
  'budget.fund.done': { zh: '已拨付 {amount} 至 {name}', en: '{amount} funded to {name}' },
  'budget.fund.replayed': {
    zh: '此次拨付此前已经入账（{amount}），未重复拨付',
    en: 'This tranche was already booked ({amount}); nothing was funded twice',
  },
  'budget.fund.paused': {
    zh: '资金池已暂停：仍可拨付，但恢复前不接受新的申领冻结。',
    en: 'The pool is paused: it still takes tranches, but no new holds until it is resumed.',
  },

  // pause and resume
  'budget.pause.title': { zh: '暂停资金池 · {name}', en: 'Pause · {name}' },
  'budget.pause.explain': {
    zh: '暂停后，该资金池不再接受新的申领冻结；已冻结的资金仍可核销、释放或退回，也仍可拨付。',
    en: 'While paused, the pool takes no new holds; held money may still be paid, released or returned, and tranches still arrive.',
  },
  'budget.pause.reason': { zh: '暂停原因', en: 'Reason' },
  'budget.pause.reasonHint': {
    zh: '向申领人和经办人展示，例如“本期额度已用完，待下一批资金到位”',
    en: 'Shown to applicants and officers, e.g. “this round’s money is used up until the next tranche”',
  },
  'budget.pause.ok': { zh: '确认暂停', en: 'Pause the pool' },
  'budget.pause.done': { zh: '已暂停 {name}', en: '{name} paused' },
  'budget.resume.title': { zh: '恢复资金池？', en: 'Resume the pool?' },
  'budget.resume.content': {
    zh: '恢复后，{name} 将重新接受申领冻结。',
    en: '{name} will take holds again.',
  },
  'budget.resume.done': { zh: '已恢复 {name}', en: '{name} resumed' },
  'budget.alreadyDone': { zh: '（状态未变：此前已是该状态）', en: ' (no change: it already was)' },

  // errors
  'budget.error.title': { zh: '操作未成功', en: 'That did not work' },
  'budget.error.code': { zh: '错误代码', en: 'Error code' },
  'budget.error.BUDGET_EXHAUSTED': { zh: '资金池可用余额不足。', en: 'The pool has too little money available.' },
  'budget.error.POOL_PAUSED': { zh: '资金池已暂停。', en: 'The pool is paused.' },
  'budget.error.POOL_NOT_FOUND': { zh: '没有这个资金池。', en: 'There is no such pool.' },
  'budget.error.IDEMPOTENCY_KEY_REUSED': {
    zh: '这笔拨付的编号已用于另一笔不同的请求，请关闭对话框后重新填写。',
    en: 'This tranche’s key was used for a different request; close the dialog and fill it in again.',
  },
  'budget.error.IDEMPOTENCY_IN_PROGRESS': {
    zh: '同一笔拨付仍在处理中，请稍候再点一次确认（不会重复拨付）。',
    en: 'The same tranche is still being processed; confirm again shortly (it will not be funded twice).',
  },
  'budget.error.IDEMPOTENCY_KEY_REQUIRED': {
    zh: '拨付请求缺少幂等编号。',
    en: 'The tranche was sent without an idempotency key.',
  },
  'budget.error.RATE_LIMITED': {
    zh: '操作过于频繁，请稍后再试。',
    en: 'Too many requests; try again in a moment.',
  },
  'budget.error.VALIDATION_FAILED': { zh: '填写的内容不符合要求。', en: 'A field is not valid.' },
  'budget.error.FORBIDDEN': { zh: '您的角色不能办理此操作。', en: 'Your roles do not allow this.' },
  'budget.error.CSRF_FAILED': {
    zh: '安全校验失败，请刷新页面后重试。',
    en: 'The security check failed; reload the page and try again.',
  },
  'budget.error.UNAUTHENTICATED': {
    zh: '登录已失效，请重新登录。',
    en: 'Your session has ended; sign in again.',
  },
  'budget.error.NETWORK_ERROR': {
    zh: '无法连接服务器。重试同一笔拨付不会重复入账。',
    en: 'Cannot reach the server. Retrying the same tranche will not fund it twice.',
  },

  // detail
  'budget.detail.balances': { zh: '余额', en: 'Balances' },
  'budget.detail.chart': { zh: '资金消耗走势', en: 'Burn-down' },
  'budget.detail.chartAria': {
    zh: '资金池每日日终可用、冻结、已支出余额走势图',
    en: 'End-of-day available, held and spent balances of the pool',
  },
  'budget.detail.chartEmpty': { zh: '尚无资金变动', en: 'No money has moved yet' },
  'budget.detail.chartNote': {
    zh: '每个有资金变动之日的日终余额（北京时间）',
    en: 'End-of-day balances on each day money moved (Beijing time)',
  },
  'budget.detail.forecast': { zh: '耗尽预测', en: 'Run-dry forecast' },
  'budget.detail.window': { zh: '测算窗口', en: 'Window' },
  'budget.detail.windowDays': { zh: '近{n}日', en: 'Last {n} days' },
  'budget.detail.transactions': { zh: '资金流水', en: 'Transactions' },
  'budget.detail.transactionsNote': {
    zh: '最新在前；已加载 {n} 笔',
    en: 'Newest first; {n} loaded',
  },
  'budget.detail.loadMore': { zh: '加载更早的流水', en: 'Load older transactions' },
  'budget.detail.moreNote': {
    zh: '流水从最新的开始分批加载，尚有更早的流水未加载。',
    en: 'Transactions load newest first; older ones are not loaded yet.',
  },
  'budget.detail.noTransactions': { zh: '暂无流水', en: 'No transactions yet' },
  'budget.tx.id': { zh: '序号', en: '#' },
  'budget.tx.time': { zh: '时间', en: 'Time' },
  'budget.tx.kind': { zh: '类型', en: 'Kind' },
  'budget.tx.amount': { zh: '金额（元）', en: 'Amount (yuan)' },
  'budget.tx.actor': { zh: '经办人', en: 'By' },
  'budget.tx.reference': { zh: '文号 / 说明', en: 'Reference / note' },
  'budget.tx.bookedOn': { zh: '记账日', en: 'Booked on' },
  'budget.tx.you': { zh: '本人', en: 'you' },

  // forecast in words
  'budget.forecast.forecast': {
    zh: '按近{n}日日均支出 {avg} 元，预计 {date} 用尽，剩余 {days} 天。',
    en: 'At the last {n} days’ average spend of {avg} yuan a day, the pool runs dry on {date}, in {days} days.',
  },
  'budget.forecast.exhausted': {
    zh: '可用余额为零，资金池已用尽（{date}）。',
    en: 'Nothing is available: the pool has run dry ({date}).',
  },
  'budget.forecast.no_history': {
    zh: '资金池开设后尚无完整的一天，暂无可测算的支出记录；明日起可预测用尽日期。',
    en: 'The pool has not had a complete day yet, so there is no spend to average; a date can be forecast from tomorrow.',
  },
  'budget.forecast.no_burn': {
    zh: '近{n}日没有净支出，按当前速度无法预计用尽日期。',
    en: 'Nothing (net) was spent in the last {n} days, so no run-dry date can be given.',
  },
  'budget.forecast.beyond_horizon': {
    zh: '按近{n}日日均支出 {avg} 元，可用余额可支撑十年以上（约 {days} 天）。',
    en: 'At the last {n} days’ average spend of {avg} yuan a day, the money lasts more than ten years (about {days} days).',
  },
  'budget.forecast.window': {
    zh: '测算区间 {start} 至 {end}（{n} 个完整日，不含今日），期间净支出 {burn} 元。',
    en: 'Averaged over {start} to {end} ({n} complete days, today excluded); net spend {burn} yuan.',
  },
} as const satisfies MessageTable;

export type BudgetMessageKey = keyof typeof budgetMessages;
export type BudgetVars = Vars;

/** The label in `lang` with {name} placeholders filled. */
export function budgetText(lang: Lang, key: BudgetMessageKey, vars?: BudgetVars): string {
  return translate(budgetMessages, lang, key, vars);
}

export type BudgetTranslate = Translate<BudgetMessageKey>;
