/**
 * The labels of the first load, in both languages: the brand and frame, the side menu (every entry,
 * so the menu pulls no feature's strings), plan statuses in the header, roles and permissions
 * (header, route guard), the common words and the error texts of lib/. Each feature's own labels
 * are in features/<module>/messages.ts. Plan texts are data and stay out of here.
 */
import type { MessageTable } from './translate';

export type { Lang } from './translate';

export const sharedMessages = {
  // brand and shell
  'app.name': { zh: '惠民', en: 'Huimin' },
  'app.city': { zh: '三门峡', en: 'Sanmenxia' },
  'app.brand': { zh: '惠民 · 三门峡', en: 'Huimin' },
  'app.tagline': { zh: '提振消费专项行动平台', en: 'Sanmenxia consumption plan' },
  'shell.searchPlaceholder': { zh: '搜索措施、目标、参数、部门…', en: 'Search measures, targets, parameters…' },
  'shell.apiDocs': { zh: 'API 文档', en: 'API docs' },
  'shell.version': { zh: '版本', en: 'Version' },
  'shell.importedAt': { zh: '导入时间', en: 'Imported' },
  'shell.contentHash': { zh: '内容哈希', en: 'Content hash' },
  'shell.switchLanguage': { zh: 'Switch to English', en: '切换到中文' },
  'shell.footer': {
    zh: '惠民 huimin · 开源消费促进平台 · 数据以方案原文为准',
    en: 'huimin · open-source consumption-stimulus platform · the plan text prevails',
  },

  // navigation
  'nav.overview': { zh: '计划总览', en: 'Overview' },
  'nav.measures': { zh: '行动与措施', en: 'Actions & measures' },
  'nav.targets': { zh: '目标', en: 'Targets' },
  'nav.parameters': { zh: '参数', en: 'Parameters' },
  'nav.departments': { zh: '责任部门', en: 'Departments' },
  'nav.units': { zh: '实施单位', en: 'Implementing units' },
  'nav.lint': { zh: '方案体检', en: 'Plan lint' },
  'nav.plan': { zh: '方案', en: 'Plan' },
  'nav.upcoming': { zh: '即将上线', en: 'Coming later' },
  'nav.programmes': { zh: '补贴与消费券', en: 'Subsidies & vouchers' },
  'nav.subsidy': { zh: '惠民补贴', en: 'Subsidies' },
  'nav.calculator': { zh: '补贴测算', en: 'Subsidy calculator' },
  'nav.budget': { zh: '资金池', en: 'Budget pools' },
  'nav.supervisionBoard': { zh: '督办看板', en: 'Supervision board' },
  'nav.supervisionReport': { zh: '填报与审核', en: 'Report and approve' },
  'nav.tradeIn': { zh: '我的补贴', en: 'My subsidies' },
  'nav.till': { zh: '收银核销', en: 'Till' },
  'nav.settlements': { zh: '清算审核', en: 'Settlements' },
  'nav.redemptions': { zh: '核销记录', en: 'Redemptions' },
  'nav.statements': { zh: '结算单', en: 'Statements' },
  'nav.membership': { zh: '入驻申请', en: 'Join the programme' },
  'nav.membershipReview': { zh: '商户入驻审核', en: 'Merchant applications' },
  'nav.creditListings': { zh: '信用名单', en: 'Credit listings' },
  'nav.tradeInFigures': { zh: '以旧换新数据', en: 'Trade-in figures' },
  'nav.claimsMine': { zh: '我的申请', en: 'My claims' },
  'nav.claimsApply': { zh: '申请补贴', en: 'Apply' },
  'nav.claimsReview': { zh: '申请审核', en: 'Claim review' },
  'nav.claimsPayouts': { zh: '补贴发放', en: 'Claim payouts' },
  'nav.vouchersClaim': { zh: '领消费券', en: 'Get vouchers' },
  'nav.vouchersMine': { zh: '我的消费券', en: 'My vouchers' },
  'nav.vouchersRedeem': { zh: '核销消费券', en: 'Redeem vouchers' },
  'nav.vouchers': { zh: '消费券活动', en: 'Voucher campaigns' },

  // statuses of a plan
  'status.draft': { zh: '征求意见稿', en: 'Draft for comments' },
  'status.final': { zh: '正式稿', en: 'Final' },
  'status.superseded': { zh: '已废止', en: 'Superseded' },

  // generic
  'common.retry': { zh: '重试', en: 'Retry' },
  'common.reload': { zh: '刷新页面', en: 'Reload page' },
  'common.backHome': { zh: '返回总览', en: 'Back to overview' },
  'common.all': { zh: '全部', en: 'All' },
  'common.filterText': { zh: '按关键词筛选', en: 'Filter by keyword' },
  'common.exportExcel': { zh: '导出 Excel', en: 'Export to Excel' },
  'common.count': { zh: '{n} 条', en: 'Rows: {n}' },
  'common.previous': { zh: '上一条', en: 'Previous' },
  'common.next': { zh: '下一条', en: 'Next' },
  'common.resetFilters': { zh: '清除筛选', en: 'Clear filters' },
  'common.name': { zh: '名称', en: 'Name' },
  'common.kind': { zh: '类型', en: 'Kind' },
  'common.quote': { zh: '原文', en: 'Quote' },
  'common.measure': { zh: '措施', en: 'Measure' },
  'common.action': { zh: '行动', en: 'Action' },
  'common.measuresCount': { zh: '措施数', en: 'Measures' },
  'common.targetsCount': { zh: '目标数', en: 'Targets' },
  'common.notFound': { zh: '页面不存在', en: 'Page not found' },
  'common.notFoundHint': { zh: '您访问的页面不存在或已移动。', en: 'The page does not exist or has moved.' },

  // errors
  'error.title': { zh: '数据加载失败', en: 'Could not load data' },
  'error.code': { zh: '错误代码', en: 'Error code' },
  'error.requestId': { zh: '请求编号', en: 'Request ID' },
  'error.field': { zh: '字段', en: 'Field' },
  'error.network': {
    zh: '无法连接服务器，请检查网络或稍后重试。',
    en: 'Cannot reach the server. Check the network and try again.',
  },
  'error.crashTitle': { zh: '页面出现错误', en: 'Something went wrong' },
  'error.crashHint': {
    zh: '页面渲染时出现意外错误。请刷新页面；如问题持续，请联系平台运维并提供以下信息。',
    en: 'An unexpected error occurred while rendering. Reload the page; if it persists, contact the operators with the details below.',
  },

  // signed-in areas of the menu
  'nav.mine': { zh: '我的', en: 'Mine' },
  'nav.manage': { zh: '管理与监督', en: 'Administration' },
  'nav.account': { zh: '我的账户', en: 'My account' },
  'nav.myMerchant': { zh: '我的商户', en: 'My merchant' },
  'nav.myDepartment': { zh: '我的部门', en: 'My department' },
  'nav.myUnit': { zh: '我的县区', en: 'My county' },
  'nav.accounts': { zh: '用户与角色', en: 'Users & roles' },
  'nav.merchants': { zh: '商户', en: 'Merchants' },
  'nav.audit': { zh: '审计日志', en: 'Audit log' },

  // header: who is signed in
  'shell.signIn': { zh: '登录', en: 'Sign in' },
  'shell.signOut': { zh: '退出登录', en: 'Sign out' },
  'shell.userMenu': { zh: '账户菜单', en: 'Account menu' },

  // roles (docs/access.md)
  'role.citizen': { zh: '市民', en: 'Citizen' },
  'role.merchant_owner': { zh: '商户负责人', en: 'Merchant owner' },
  'role.merchant_cashier': { zh: '商户收银员', en: 'Cashier' },
  'role.department_officer': { zh: '部门经办人', en: 'Department officer' },
  'role.county_officer': { zh: '县区经办人', en: 'County officer' },
  'role.county_finance_officer': { zh: '县区财政审核人', en: 'County finance officer' },
  'role.reviewer': { zh: '审核员', en: 'Reviewer' },
  'role.finance_officer': { zh: '财务人员', en: 'Finance officer' },
  'role.auditor': { zh: '审计人员', en: 'Auditor' },
  'role.admin': { zh: '系统管理员', en: 'Administrator' },
  'role.department_leader': { zh: '部门负责人', en: 'Department leader' },
  'role.county_leader': { zh: '县区负责人', en: 'County leader' },
  'role.city_leader': { zh: '市领导', en: 'City leader' },

  // permissions
  'perm.public': { zh: '公开信息', en: 'Public' },
  'perm.session': { zh: '本人账户', en: 'Own account' },
  'perm.accounts.read': { zh: '查看账户', en: 'Read accounts' },
  'perm.accounts.manage': { zh: '管理账户与角色', en: 'Manage accounts and roles' },
  'perm.personal_data.read': { zh: '查看完整个人信息（留痕）', en: 'Reveal personal data (audited)' },
  'perm.merchants.read': { zh: '查看商户', en: 'Read merchants' },
  'perm.merchants.manage': { zh: '登记商户', en: 'Register merchants' },
  'perm.merchants.own': { zh: '本商户业务', en: 'Own merchant' },
  'perm.audit.read': { zh: '审计日志', en: 'Audit log' },
  'perm.budget.read': { zh: '查看资金池', en: 'Read budget pools' },
  'perm.budget.manage': { zh: '管理资金池', en: 'Manage budget pools' },
  'perm.subsidy.grant': { zh: '发放补贴与办理退货', en: 'Grant subsidies and take returns' },
  'perm.subsidy.read': { zh: '查看补贴发放记录', en: 'View granted subsidies' },
  'perm.trade_in.claim': { zh: '领取以旧换新补贴资格', en: 'Claim trade-in qualifications' },
  'perm.trade_in.redeem': { zh: '收银核销与退货', en: 'Redeem at the till and take returns' },
  'perm.trade_in.read': { zh: '查看核销记录', en: 'View redemptions' },
  'perm.merchants.join': { zh: '申请加入以旧换新', en: 'Apply to join the trade-in programme' },
  'perm.merchants.approve': { zh: '审批商户加入', en: 'Approve merchants joining' },
  'perm.merchants.credit': { zh: '登记商户信用名单', en: 'Record merchant credit listings' },
  'perm.settlement.read': { zh: '查看清算批次', en: 'View settlement batches' },
  'perm.settlement.run': { zh: '生成清算批次', en: 'Build settlement batches' },
  'perm.settlement.review': { zh: '审核清算批次', en: 'Review settlement batches' },
  'perm.settlement.pay': { zh: '下载付款文件、导入付款结果', en: 'Payout files and payment results' },
  'perm.claims.apply': { zh: '申请报销类补贴', en: 'Apply for reimbursement claims' },
  'perm.claims.read': { zh: '查看补贴申请', en: 'Read claims' },
  'perm.claims.review': { zh: '审核补贴申请', en: 'Review claims' },
  'perm.claims.pay': { zh: '补贴发放与付款结果', en: 'Claim payouts and payment results' },
  'perm.vouchers.manage': { zh: '管理消费券活动与发放轮次', en: 'Manage voucher campaigns and rounds' },
  'perm.vouchers.claim': { zh: '领取消费券', en: 'Claim vouchers' },
  'perm.vouchers.redeem': { zh: '收银核销消费券', en: 'Redeem vouchers at the till' },
  'perm.vouchers.read': { zh: '查看消费券数据与报表', en: 'Read voucher figures and reports' },
  'perm.supervision.read': { zh: '查看督办', en: 'Read supervision' },
  'perm.supervision.report': { zh: '填报进展', en: 'Report progress' },
  'perm.supervision.approve': { zh: '审核进展', en: 'Approve progress reports' },
  'perm.supervision.manage': { zh: '分解目标任务', en: "Set units' shares of targets" },
  'perm.supervision.instruct': { zh: '领导批示', en: 'Give instructions' },

  // organisations of roles
  'orgKind.department': { zh: '部门', en: 'Department' },
  'orgKind.unit': { zh: '县（市、区）', en: 'County-level unit' },
  'orgKind.merchant': { zh: '商户', en: 'Merchant' },

  // pages that need a session or a permission
  'guard.signInTitle': { zh: '请先登录', en: 'Please sign in' },
  'guard.signInHint': { zh: '此页面需要登录后使用。', en: 'You need to sign in to use this page.' },
  'guard.forbiddenTitle': { zh: '无权访问', en: 'No access' },
  'guard.forbiddenHint': {
    zh: '您的账户没有使用此页面所需的权限（{permission}）。如需开通，请联系系统管理员。',
    en: 'Your account lacks the permission this page needs ({permission}). Ask an administrator to grant it.',
  },
  'guard.switchAccount': { zh: '切换账户', en: 'Switch account' },

  // generic actions
  'common.cancel': { zh: '取消', en: 'Cancel' },
  'common.save': { zh: '保存', en: 'Save' },
  'common.close': { zh: '关闭', en: 'Close' },
  'common.actions': { zh: '操作', en: 'Actions' },
  'common.more': { zh: '更多', en: 'More' },
  'common.required': { zh: '请填写此项', en: 'Required' },
  'common.search': { zh: '查询', en: 'Search' },
  'common.none': { zh: '无', en: 'None' },
  'common.notSet': { zh: '未设置', en: 'Not set' },
  'common.demo': { zh: '演示', en: 'Demo' },
  'common.refresh': { zh: '刷新', en: 'Refresh' },
  'common.saved': { zh: '已保存', en: 'Saved' },
  'common.failed': { zh: '操作未成功', en: 'That did not work' },
  'common.total': { zh: '共 {n} 条', en: '{n} in all' },

  // refusals the server explains by code (docs/errors.md)
  'apiError.INVALID_CREDENTIALS': {
    zh: '账号或密码不正确',
    en: 'The login or the password is wrong',
  },
  'apiError.INVALID_ONE_TIME_CODE': {
    zh: '验证码不正确、已过期或已使用，请重新获取',
    en: 'The code is wrong, expired or used; ask for a new one',
  },
  'apiError.ACCOUNT_LOCKED': {
    zh: '密码连续错误次数过多，账户已被临时锁定，请稍后再试或联系管理员解锁',
    en: 'Too many wrong passwords: the account is locked for a while; try later or ask an administrator',
  },
  'apiError.ACCOUNT_LOCKED_UNTIL': {
    zh: '密码连续错误次数过多，账户已锁定至 {time}（北京时间），请稍后再试或联系管理员解锁',
    en: 'Too many wrong passwords: the account is locked until {time} (Beijing time); try later or ask an administrator',
  },
  'apiError.ACCOUNT_DISABLED': {
    zh: '该账户已被停用，请联系系统管理员',
    en: 'This account is disabled; ask an administrator',
  },
  'apiError.ACCOUNT_EXISTS': { zh: '该账户已存在', en: 'Such an account already exists' },
  'apiError.REGISTRATION_REFUSED': {
    zh: '这些信息无法注册。如您已有账户，请直接登录或重置密码；否则请联系服务窗口。',
    en: 'These details cannot be registered. If you already have an account, sign in or reset your password; otherwise contact the service desk.',
  },
  'apiError.ACCOUNT_NOT_FOUND': { zh: '账户不存在', en: 'No such account' },
  'apiError.MERCHANT_EXISTS': {
    zh: '该统一社会信用代码的商户已登记',
    en: 'A merchant with this credit code is already registered',
  },
  'apiError.ORGANISATION_NOT_FOUND': { zh: '所选机构不存在', en: 'The chosen organisation does not exist' },
  'apiError.UNIT_NOT_FOUND': { zh: '方案中没有该实施单位', en: 'The plan has no such implementing unit' },
  'apiError.WEAK_PASSWORD': {
    zh: '密码不符合要求：至少 10 个字符，不能过于常见，不能包含登录名',
    en: 'The password is too weak: at least 10 characters, not a common one, not containing the login',
  },
  'apiError.INVALID_ID_NUMBER': { zh: '身份证号码不正确', en: 'The ID number is not valid' },
  'apiError.INVALID_MOBILE_NUMBER': { zh: '手机号码不正确', en: 'The mobile number is not valid' },
  'apiError.INVALID_CREDIT_CODE': { zh: '统一社会信用代码格式不正确', en: 'The credit code is malformed' },
  'apiError.RATE_LIMITED': { zh: '操作过于频繁，请稍后再试', en: 'Too many attempts; wait a minute and try again' },
  'apiError.CSRF_FAILED': {
    zh: '安全校验未通过，请刷新页面后重试',
    en: 'The security check failed; reload the page and try again',
  },
  'apiError.UNAUTHENTICATED': { zh: '登录已失效，请重新登录', en: 'Your sign-in has ended; sign in again' },
  'apiError.FORBIDDEN': { zh: '您的账户无权执行此操作', en: 'Your account may not do this' },
  'audit.system': { zh: '系统', en: 'System' },
  'audit.anonymous': { zh: '未登录', en: 'Not signed in' },
  'apiError.STATEMENT_NOT_FOUND': { zh: '尚未发布过链头声明', en: 'No statement has been published yet' },
  'apiError.AUDIT_CHAIN_REWRITTEN': {
    zh: '审计链与最近一次发布的声明不符，未签署新的声明；请立即核查',
    en: 'The chains no longer match the latest statement; no new one was signed. Investigate now',
  },
} as const satisfies MessageTable;

export type SharedKey = keyof typeof sharedMessages;
