/**
 * The audit trail and the security log: entries newest first, paged by sequence; verification of both
 * hash chains; signed statements of their heads.
 */
import { queryOptions } from '@tanstack/react-query';
import type { AuditPage, AuditQuery, AuditStatement, AuditVerification } from '../../api/accessTypes';
import { getJson, sendJson } from '../../lib/api/client';

const base = '/api/v1/audit';

/** Which log a table shows. */
export type AuditLogName = 'entries' | 'security-events';

export const auditQueries = {
  entries: (query: AuditQuery, log: AuditLogName = 'entries') =>
    queryOptions({
      queryKey: ['audit', log, query],
      queryFn: ({ signal }) => getJson<AuditPage>(`${base}/${log}`, { ...query }, signal),
      staleTime: 5_000,
      placeholderData: (previous) => previous,
    }),
};

export function verifyAuditChain(): Promise<AuditVerification> {
  return getJson<AuditVerification>(`${base}/verification`);
}

/** Signs a statement of both chains' heads now (auditors); the server keeps a copy too. */
export function publishStatement(): Promise<AuditStatement> {
  return sendJson<AuditStatement>('POST', `${base}/statements`);
}

export function latestStatement(): Promise<AuditStatement> {
  return getJson<AuditStatement>(`${base}/statements/latest`);
}
