/**
 * The audit trail's labels, in both languages; they load with the feature's pages. The frame's and the common words
 * are in lib/i18n/shared.ts, and `t` from useAuditI18n reads both.
 */
import type { SharedKey } from '../../lib/i18n/shared';
import type { MessageTable, Translate } from '../../lib/i18n/translate';
import { useI18n, type I18n } from '../../lib/i18n/useI18n';

export const auditMessages = {
  // audit
  'audit.title': { zh: '审计日志', en: 'Audit log' },
  'audit.subtitle': {
    zh: '平台的每一次写操作都留有记录；每条记录都包含上一条记录的哈希，任何删改都能被校验发现。',
    en: 'Every write leaves an entry; each entry carries the hash of the one before, so verification finds any change or removal.',
  },
  'audit.sequence': { zh: '序号', en: 'No.' },
  'audit.at': { zh: '时间（北京时间）', en: 'Time (Beijing)' },
  'audit.actor': { zh: '操作人', en: 'Actor' },
  'audit.role': { zh: '角色', en: 'Role' },
  'audit.action': { zh: '操作', en: 'Action' },
  'audit.subject': { zh: '对象', en: 'Subject' },
  'audit.requestId': { zh: '请求编号', en: 'Request ID' },
  'audit.hash': { zh: '哈希', en: 'Hash' },
  'audit.previousHash': { zh: '上一条哈希', en: 'Previous hash' },
  'audit.before': { zh: '变更前', en: 'Before' },
  'audit.after': { zh: '变更后', en: 'After' },
  'audit.details': { zh: '事件详情', en: 'Details' },
  'audit.noSummary': { zh: '无内容摘要', en: 'No summary' },
  'audit.head': { zh: '链头：第 {sequence} 条', en: 'Head: entry {sequence}' },
  'audit.newest': { zh: '最新', en: 'Newest' },
  'audit.newer': { zh: '较新', en: 'Newer' },
  'audit.older': { zh: '较早', en: 'Older' },
  'audit.verify': { zh: '校验审计链', en: 'Verify the chain' },
  'audit.verifyOk': { zh: '审计链完整', en: 'The audit chain is intact' },
  'audit.verifyOkDetail': {
    zh: '已校验 {n} 条记录，链头哈希 {hash}',
    en: 'Checked {n} entries; head hash {hash}',
  },
  'audit.verifyBroken': {
    zh: '审计链在第 {sequence} 条记录处断裂',
    en: 'The audit chain breaks at entry {sequence}',
  },
  'audit.verifyBrokenDetail': {
    zh: '已校验 {n} 条记录。问题：{message}',
    en: 'Checked {n} entries. Problem: {message}',
  },
  'audit.filterBy': { zh: '按此筛选', en: 'Filter by this' },
  'audit.actorHint': { zh: '账户编号', en: 'Account id' },
  'audit.actionHint': { zh: '如 account.register', en: 'e.g. account.register' },
  'audit.subjectHint': { zh: '如 account:编号 或 account:', en: 'e.g. account:<id> or account:' },
  'audit.filterNote': {
    zh: '筛选按原值精确匹配；对象以冒号结尾时按前缀匹配（如 account: 查全部账户）。点击表格中的操作人、操作或对象可直接筛选。',
    en: 'Filters match exactly; a subject ending in a colon matches as a prefix (account: finds every account). Click an actor, action or subject in the table to filter by it.',
  },
  'audit.empty': { zh: '暂无审计记录', en: 'No audit entries' },
  'audit.tabEntries': { zh: '审计日志', en: 'Audit log' },
  'audit.tabSecurity': { zh: '安全事件', en: 'Security events' },
  'audit.securityNote': {
    zh: '登录与登录失败、退出、验证码、越权与频率限制拒绝、政策测算和批量查询，记在另一条哈希链上，校验方式相同；手机号等个人信息均已脱敏。',
    en: 'Sign-ins and failed ones, sign-outs, one-time codes, refusals (permission, scope, rate limits), reform simulations and bulk reads, in a hash chain of their own, verified the same way; mobile numbers and other personal data are masked.',
  },
  'audit.securityEmpty': { zh: '暂无安全事件', en: 'No security events' },
  'security.verifyOk': { zh: '安全事件链完整', en: 'The security chain is intact' },
  'security.verifyBroken': {
    zh: '安全事件链在第 {sequence} 条记录处断裂',
    en: 'The security chain breaks at entry {sequence}',
  },
  'audit.publish': { zh: '发布链头声明', en: 'Publish a statement' },
  'audit.downloadLatest': { zh: '下载最新声明', en: 'Download the latest statement' },
  'audit.statementTitle': { zh: '链头声明已签署', en: 'Statement of the chains’ heads' },
  'audit.statementDetail': {
    zh: '签发时间 {time}（北京时间）；审计链第 {audit} 条，安全事件链第 {security} 条；签名密钥 {keyId}',
    en: 'Issued {time} (Beijing time); audit chain at entry {audit}, security chain at entry {security}; signing key {keyId}',
  },
  'audit.statementNote': {
    zh: '请下载声明并保存到数据库和服务器管理员都无法改写的地方（如审计部门的邮箱或档案系统）；日后用 huimin audit verify --against 文件 核对，可发现连同链头一起被改写的记录。',
    en: 'Download it and keep it where neither the database’s nor the server’s administrators can write (the auditors’ mailbox or archive); checking against it later with huimin audit verify --against FILE catches entries rewritten together with the head.',
  },
  'audit.download': { zh: '下载', en: 'Download' },
} as const satisfies MessageTable;

export type AuditKey = SharedKey | keyof typeof auditMessages;
export type AuditTranslate = Translate<AuditKey>;
export type AuditI18n = I18n<AuditKey>;

/** The language, and `t` over this feature's labels and the shared ones. */
export function useAuditI18n(): AuditI18n {
  return useI18n(auditMessages);
}
