/**
 * The labels of sign-in, registration, the account page, accounts and merchants, in both languages; they load with the feature's pages. The frame's and the common words
 * are in lib/i18n/shared.ts, and `t` from useAccountsI18n reads both.
 */
import type { SharedKey } from '../../lib/i18n/shared';
import type { MessageTable, Translate } from '../../lib/i18n/translate';
import { useI18n, type I18n } from '../../lib/i18n/useI18n';

export const accountsMessages = {
  // kinds and states of accounts
  'accountKind.citizen': { zh: '市民', en: 'Citizen' },
  'accountKind.staff': { zh: '工作人员', en: 'Staff' },
  'accountStatus.active': { zh: '正常', en: 'Active' },
  'accountStatus.disabled': { zh: '已停用', en: 'Disabled' },
  'accountStatus.locked': { zh: '已锁定', en: 'Locked' },

  // sign-in
  'auth.signInTitle': { zh: '登录惠民平台', en: 'Sign in to Huimin' },
  'auth.signInSubtitle': {
    zh: '市民使用手机号登录，工作人员使用用户名登录。',
    en: 'Citizens sign in with their mobile number, staff with their username.',
  },
  'auth.passwordTab': { zh: '密码登录', en: 'Password' },
  'auth.codeTab': { zh: '验证码登录', en: 'One-time code' },
  'auth.login': { zh: '手机号或用户名', en: 'Mobile number or username' },
  'auth.password': { zh: '密码', en: 'Password' },
  'auth.mobile': { zh: '手机号', en: 'Mobile number' },
  'auth.code': { zh: '验证码', en: 'Code' },
  'auth.codePlaceholder': { zh: '6 位数字验证码', en: '6-digit code' },
  'auth.codeFormat': { zh: '验证码为 6 位数字', en: 'The code is 6 digits' },
  'auth.sendCode': { zh: '获取验证码', en: 'Send code' },
  'auth.resendIn': { zh: '{n} 秒后重新获取', en: 'Resend in {n} s' },
  'auth.codeSent': {
    zh: '如该手机号已注册，验证码已发送，{minutes} 分钟内有效。',
    en: 'If the number is registered, a code is on its way; it is valid for {minutes} min.',
  },
  'auth.codeDevHint': {
    zh: '开发和演示环境不发短信，验证码写在服务器日志中。',
    en: 'Development and demo servers send no text messages: the code is written to the server log.',
  },
  'auth.submit': { zh: '登录', en: 'Sign in' },
  'auth.noAccount': { zh: '还没有账户？', en: 'No account yet?' },
  'auth.registerLink': { zh: '市民注册', en: 'Register as a citizen' },
  'auth.haveAccount': { zh: '已有账户？', en: 'Already registered?' },
  'auth.signInLink': { zh: '直接登录', en: 'Sign in' },
  'auth.alreadyTitle': { zh: '您已登录', en: 'You are signed in' },
  'auth.alreadyHint': { zh: '当前账户：{name}', en: 'Signed in as {name}' },
  'auth.continue': { zh: '继续', en: 'Continue' },
  'auth.switchAccount': { zh: '退出并切换账户', en: 'Sign out and switch' },
  'auth.demoTitle': { zh: '演示账号', en: 'Demo accounts' },
  'auth.demoEnv': { zh: '演示环境', en: 'Demo environment' },
  'auth.demoNote': {
    zh: '仅当服务器以演示模式运行时可用（HUIMIN_DEMO=true；未设置 DATABASE_URL 时默认开启）。所有演示账号的密码均为 {password}。',
    en: 'These work only when the server runs in demo mode (HUIMIN_DEMO=true, the default without DATABASE_URL). Every demo account’s password is {password}.',
  },
  'auth.demoFill': { zh: '填入', en: 'Fill in' },

  // registration
  'register.title': { zh: '市民注册', en: 'Citizen registration' },
  'register.subtitle': {
    zh: '使用本人身份证号码和手机号注册，注册后即可查询补贴资格、申领补贴。',
    en: 'Register with your own ID number and mobile number to check and claim subsidies.',
  },
  'register.name': { zh: '姓名', en: 'Full name' },
  'register.namePlaceholder': { zh: '与身份证一致', en: 'As on your ID card' },
  'register.idNumber': { zh: '身份证号码', en: 'ID number' },
  'register.idNumberPlaceholder': { zh: '18 位，最后一位可能是 X', en: '18 characters; the last may be X' },
  'register.mobile': { zh: '手机号', en: 'Mobile number' },
  'register.password': { zh: '设置密码', en: 'Password' },
  'register.passwordRule': { zh: '密码长度为 10–128 个字符', en: 'Passwords are 10–128 characters' },
  'register.confirm': { zh: '确认密码', en: 'Confirm password' },
  'register.mismatch': { zh: '两次输入的密码不一致', en: 'The two passwords differ' },
  'register.submit': { zh: '注册并登录', en: 'Register and sign in' },
  'register.stepMobile': { zh: '验证手机号', en: 'Verify your mobile number' },
  'register.stepDetails': { zh: '填写身份信息', en: 'Your details' },
  'register.mobileHint': {
    zh: '先向本人手机号发送注册验证码，再填写身份信息。',
    en: 'First a registration code is sent to your own mobile number; then you fill in your details.',
  },
  'register.sendCode': { zh: '获取注册验证码', en: 'Send a registration code' },
  'register.codeSent': {
    zh: '如该手机号尚未注册，注册验证码已发送，{minutes} 分钟内有效；如已注册，您将收到一条提示短信，请直接登录。',
    en: 'If this number has no account yet, a registration code is on its way (valid for {minutes} min); if it has one, you will get a text saying so: sign in instead.',
  },
  'register.code': { zh: '注册验证码', en: 'Registration code' },
  'register.codeFor': { zh: '发送至 {mobile}', en: 'Sent to {mobile}' },
  'register.changeMobile': { zh: '更换手机号', en: 'Use another number' },
  'register.privacy': {
    zh: '身份证号码、手机号和银行账户加密存储，页面只显示脱敏信息；审核人员查看完整信息须填写事由并留痕。',
    en: 'ID numbers, mobile numbers and bank accounts are stored encrypted and shown masked; a reviewer who reads one in full must give a reason, and the read is audited.',
  },
  'register.serverDecides': {
    zh: '以上为页面初步检查，以服务器校验为准。',
    en: 'A first check in the page; the server decides.',
  },

  // my account
  'account.title': { zh: '我的账户', en: 'My account' },
  'account.profile': { zh: '基本信息', en: 'Profile' },
  'account.name': { zh: '姓名', en: 'Name' },
  'account.username': { zh: '用户名', en: 'Username' },
  'account.kind': { zh: '账户类型', en: 'Kind' },
  'account.idNumber': { zh: '身份证号码', en: 'ID number' },
  'account.mobile': { zh: '手机号', en: 'Mobile number' },
  'account.bankAccount': { zh: '银行账户', en: 'Bank account' },
  'account.roles': { zh: '角色', en: 'Roles' },
  'account.permissions': { zh: '权限', en: 'Permissions' },
  'account.createdAt': { zh: '注册时间', en: 'Created' },
  'account.lastSignInAt': { zh: '上次登录', en: 'Last sign-in' },
  'account.sessionExpires': { zh: '本次登录有效至', en: 'This sign-in lasts until' },
  'account.masked': {
    zh: '个人信息已脱敏显示。',
    en: 'Personal data is shown masked.',
  },
  'account.changePassword': { zh: '修改密码', en: 'Change password' },
  'account.currentPassword': { zh: '当前密码', en: 'Current password' },
  'account.newPassword': { zh: '新密码', en: 'New password' },
  'account.confirmPassword': { zh: '确认新密码', en: 'Confirm new password' },
  'account.passwordChanged': {
    zh: '密码已修改；其他设备上的登录已退出。',
    en: 'Password changed; your other sign-ins have ended.',
  },
  'account.bankTitle': { zh: '补贴收款银行账户', en: 'Bank account for subsidies' },
  'account.bankHint': {
    zh: '补贴资金发放至本人名下的银行账户，请填写银行卡号。',
    en: 'Subsidies are paid into an account in your own name: enter its card or account number.',
  },
  'account.bankPlaceholder': { zh: '银行卡号', en: 'Card or account number' },
  'account.bankRule': { zh: '请输入 12–30 位数字的银行卡号', en: 'Enter the 12–30 digits of the card or account' },
  'account.bankSaved': { zh: '银行账户已保存', en: 'Bank account saved' },
  'account.bankCurrent': { zh: '当前：{value}', en: 'Current: {value}' },

  // users and roles
  'accounts.title': { zh: '用户与角色', en: 'Users & roles' },
  'accounts.subtitle': {
    zh: '平台全部账户及其角色；身份证号码、手机号和银行账户均脱敏显示。',
    en: 'Every account and its roles; ID numbers, mobile numbers and bank accounts are masked.',
  },
  'accounts.readOnly': {
    zh: '您可以查看账户，但不能修改。',
    en: 'You may read accounts but not change them.',
  },
  'accounts.search': { zh: '姓名或用户名', en: 'Name or username' },
  'accounts.anyRole': { zh: '全部角色', en: 'Any role' },
  'accounts.anyStatus': { zh: '全部状态', en: 'Any status' },
  'accounts.create': { zh: '新建工作人员账户', en: 'New staff account' },
  'accounts.created': { zh: '已创建账户 {name}', en: 'Account {name} created' },
  'accounts.account': { zh: '账户', en: 'Account' },
  'accounts.status': { zh: '状态', en: 'Status' },
  'accounts.lockedUntil': { zh: '锁定至', en: 'Locked until' },
  'accounts.never': { zh: '从未登录', en: 'Never' },
  'accounts.editRoles': { zh: '编辑角色', en: 'Edit roles' },
  'accounts.editRolesOf': { zh: '编辑角色：{name}', en: 'Roles of {name}' },
  'accounts.disable': { zh: '停用', en: 'Disable' },
  'accounts.enable': { zh: '启用', en: 'Enable' },
  'accounts.unlock': { zh: '解锁', en: 'Unlock' },
  'accounts.resetPassword': { zh: '重置密码', en: 'Reset password' },
  'accounts.resetPasswordOf': { zh: '重置密码：{name}', en: 'Reset the password of {name}' },
  'accounts.passwordReset': {
    zh: '密码已重置；请将新密码当面或通过安全渠道告知本人。',
    en: 'Password reset; give the new one to its holder in person or over a safe channel.',
  },
  'accounts.disableConfirm': {
    zh: '停用后，该账户的所有登录立即失效，且不能再登录。确定停用 {name}？',
    en: 'Disabling ends every sign-in of the account at once and stops new ones. Disable {name}?',
  },
  'accounts.enableConfirm': { zh: '确定重新启用 {name}？', en: 'Enable {name} again?' },
  'accounts.disabled': { zh: '已停用 {name}', en: '{name} disabled' },
  'accounts.enabled': { zh: '已启用 {name}', en: '{name} enabled' },
  'accounts.unlocked': { zh: '已解锁 {name}', en: '{name} unlocked' },
  'accounts.rolesSaved': { zh: '已更新 {name} 的角色', en: 'Roles of {name} saved' },
  'accounts.username': { zh: '用户名', en: 'Username' },
  'accounts.usernameRule': {
    zh: '3–40 个字符：小写字母开头，可含小写字母、数字、点、下划线和连字符',
    en: '3–40 characters: a lower-case letter first, then lower-case letters, digits, dot, underscore or dash',
  },
  'accounts.usernameHint': { zh: '登录用，创建后不可修改', en: 'Used to sign in; cannot be changed later' },
  'accounts.initialPassword': { zh: '初始密码', en: 'Initial password' },
  'accounts.mobileOptional': { zh: '手机号（可选）', en: 'Mobile number (optional)' },
  'accounts.roles': { zh: '角色', en: 'Roles' },
  'accounts.addRole': { zh: '添加角色', en: 'Add a role' },
  'accounts.role': { zh: '角色', en: 'Role' },
  'accounts.organisation': { zh: '所属机构', en: 'Organisation' },
  'accounts.organisationRequired': { zh: '该角色须选择{kind}', en: 'This role needs a {kind}' },
  'accounts.organisationOptional': { zh: '可选：限定{kind}', en: 'Optional: limit to a {kind}' },
  'accounts.noOrganisation': { zh: '该角色不限定机构', en: 'This role has no organisation' },
  'accounts.rolesRequired': { zh: '请至少添加一个角色', en: 'Add at least one role' },
  'accounts.citizenKept': {
    zh: '市民账户始终保留“市民”角色；可在此基础上增加其他角色。',
    en: 'A citizen account always keeps the citizen role; other roles can be added to it.',
  },
  'accounts.reveal': { zh: '查看完整信息', en: 'Reveal in full' },
  'accounts.revealTitle': { zh: '查看完整个人信息：{name}', en: 'Reveal personal data of {name}' },
  'accounts.revealNotice': {
    zh: '完整个人信息仅用于审核工作。每次查看都会连同您填写的事由记入审计日志。',
    en: 'Full personal data is for review work only. Every read is recorded in the audit log with the reason you give.',
  },
  'accounts.revealField': { zh: '查看项', en: 'Field' },
  'accounts.revealReason': { zh: '查看事由', en: 'Reason' },
  'accounts.revealReasonPlaceholder': {
    zh: '例如：核对补贴申请人的身份',
    en: 'For example: checking the identity of a subsidy applicant',
  },
  'accounts.revealSubmit': { zh: '查看', en: 'Reveal' },
  'accounts.revealAudited': {
    zh: '本次查看已记入审计日志（查看人、事由、时间）。',
    en: 'This read has been recorded in the audit log (who, why, when).',
  },
  'accounts.revealNothing': {
    zh: '该账户没有可查看的个人信息。',
    en: 'This account holds no personal data to reveal.',
  },

  // merchants
  'merchants.title': { zh: '商户', en: 'Merchants' },
  'merchants.subtitle': {
    zh: '参与以旧换新补贴和消费券活动的商户，按统一社会信用代码登记。',
    en: 'Merchants taking part in trade-in subsidies and vouchers, registered by their unified social credit code.',
  },
  'merchants.search': { zh: '按名称或信用代码筛选', en: 'Filter by name or credit code' },
  'merchants.name': { zh: '商户名称', en: 'Merchant name' },
  'merchants.creditCode': { zh: '统一社会信用代码', en: 'Unified social credit code' },
  'merchants.unit': { zh: '所在县（市、区）', en: 'County-level unit' },
  'merchants.creditCodeStatus': { zh: '代码核验', en: 'Code check' },
  'merchants.createdAt': { zh: '登记时间', en: 'Registered' },
  'merchants.create': { zh: '登记商户', en: 'Register a merchant' },
  'merchants.created': { zh: '已登记商户 {name}', en: 'Merchant {name} registered' },
  'merchants.manualHint': {
    zh: '信用代码校验位不符，部分早期代码确实如此：请对照营业执照人工核验。',
    en: 'The check character does not match, as for some genuine early codes: verify it against the business licence.',
  },
  'merchants.anyUnit': { zh: '全部县区', en: 'Any unit' },
  'creditCodeStatus.verified': { zh: '已校验', en: 'Verified' },
  'creditCodeStatus.needs_manual_verification': { zh: '待人工核验', en: 'Needs manual check' },

  // my merchant
  'merchant.title': { zh: '我的商户', en: 'My merchant' },
  'merchant.subtitle': {
    zh: '您以商户负责人或收银员身份所在的商户。',
    en: 'The merchants you work for as owner or cashier.',
  },
  'merchant.none': {
    zh: '您的账户尚未关联商户，请联系系统管理员。',
    en: 'Your account is not linked to a merchant yet; ask an administrator.',
  },
  'merchant.yourRoles': { zh: '您的角色', en: 'Your roles' },
} as const satisfies MessageTable;

export type AccountsKey = SharedKey | keyof typeof accountsMessages;
export type AccountsTranslate = Translate<AccountsKey>;
export type AccountsI18n = I18n<AccountsKey>;

/** The language, and `t` over this feature's labels and the shared ones. */
export function useAccountsI18n(): AccountsI18n {
  return useI18n(accountsMessages);
}
