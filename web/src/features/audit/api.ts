/**
 * The audit trail and the security log: entries newest first, paged by sequence; verification of both
 * hash chains; signed statements of their heads.
 */
import { queryOptions } from '@tanstack/react-query';
import type { Static } from 'typebox';
import type {
  AuditEntryList as AuditEntryListSchema,
  AuditEntryView as AuditEntryViewSchema,
  AuditListQuery,
  AuditStatementView,
  AuditVerification as AuditVerificationSchema,
} from '../../../../src/contract/audit';
import { getJson, sendJson } from '../../lib/api/client';

// The contract has these schemas without a type of their own: their types, derived, not retyped.
export type AuditEntryView = Static<typeof AuditEntryViewSchema>;
export type AuditEntryList = Static<typeof AuditEntryListSchema>;
export type AuditVerification = Static<typeof AuditVerificationSchema>;
/** One chain's report: the audit chain's at the top of AuditVerification, the security chain's in `security`. */
export type ChainReport = Omit<AuditVerification, 'security' | 'allOk'>;

const base = '/api/v1/audit';

/** Which log a table shows. */
export type AuditLogName = 'entries' | 'security-events';

export const auditQueries = {
  entries: (query: AuditListQuery, log: AuditLogName = 'entries') =>
    queryOptions({
      queryKey: ['audit', log, query],
      queryFn: ({ signal }) => getJson<AuditEntryList>(`${base}/${log}`, { ...query }, signal),
      staleTime: 5_000,
      placeholderData: (previous) => previous,
    }),
};

export function verifyAuditChain(): Promise<AuditVerification> {
  return getJson<AuditVerification>(`${base}/verification`);
}

/** Signs a statement of both chains' heads now (auditors); the server keeps a copy too. */
export function publishStatement(): Promise<AuditStatementView> {
  return sendJson<AuditStatementView>('POST', `${base}/statements`);
}

export function latestStatement(): Promise<AuditStatementView> {
  return getJson<AuditStatementView>(`${base}/statements/latest`);
}
