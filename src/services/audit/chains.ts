/**
 * Both chains verified together (`huimin audit verify`, GET /api/v1/audit/verification). The audit
 * chain's report keeps its original top-level fields, so existing clients read it as before; the
 * security chain's sits beside it, and `allOk` says whether both are intact.
 */
import type { AuditLog, AuditVerificationReport } from './audit-log.js';
import type { SecurityLog } from './security-log.js';

export interface ChainsVerificationReport extends AuditVerificationReport {
  readonly security: AuditVerificationReport;
  readonly allOk: boolean;
}

export async function verifyChains(audit: AuditLog, security: SecurityLog): Promise<ChainsVerificationReport> {
  const auditReport = await audit.verify();
  const securityReport = await security.verify();
  return { ...auditReport, security: securityReport, allOk: auditReport.ok && securityReport.ok };
}
