/** The audit trail: entries newest first, paged by sequence, and verification of the hash chain. */
import { queryOptions } from '@tanstack/react-query';
import type { AuditPage, AuditQuery, AuditVerification } from './accessTypes';
import { getJson } from './client';

const base = '/api/v1/audit';

export const auditQueries = {
  entries: (query: AuditQuery) =>
    queryOptions({
      queryKey: ['audit', 'entries', query],
      queryFn: ({ signal }) => getJson<AuditPage>(`${base}/entries`, { ...query }, signal),
      staleTime: 5_000,
      placeholderData: (previous) => previous,
    }),
};

export function verifyAuditChain(): Promise<AuditVerification> {
  return getJson<AuditVerification>(`${base}/verification`);
}
