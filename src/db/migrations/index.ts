/**
 * Every migration, in order. Names are dated so that the order is the history; the list is
 * explicit (not a folder scan) so the compiled build and the TypeScript sources behave alike.
 */
import type { Migration } from 'kysely';
import * as planVersions from './2026-11-28T0900-plan-versions.js';
import * as budgetLedger from './2026-11-28T1200-budget-ledger.js';
import * as accountsAudit from './2026-11-28T1500-accounts-audit.js';
import * as subsidyGrants from './2026-11-28T1800-subsidy-grants.js';
import * as grantMerchantIdempotency from './2026-12-01T0900-grant-merchant-idempotency.js';
import * as oneNamePerConcept from './2026-12-01T1200-one-name-per-concept.js';
import * as oneTimeCodePurpose from './2026-12-01T2100-one-time-code-purpose.js';
import * as securityEvents from './2026-12-01T2200-security-events.js';
import * as poolSlices from './2026-12-02T0800-pool-slices.js';
import * as supervision from './2026-12-02T0900-supervision.js';
import * as tradeIn from './2026-12-02T1000-trade-in.js';
import * as countyFinanceRole from './2026-12-02T1001-county-finance-role.js';
import * as claims from './2026-12-03T0900-claims.js';
import * as vouchers from './2026-12-03T1200-vouchers.js';
import * as voucherRoundLife from './2026-12-03T1500-voucher-round-life.js';
import * as voucherBudgetLine from './2026-12-03T1501-voucher-budget-line.js';
import * as voucherSettlement from './2026-12-03T1502-voucher-settlement.js';
import * as voucherReportSums from './2026-12-03T1800-voucher-report-sums.js';
import * as voucherPacksOwnerIndex from './2026-12-04T0100-voucher-packs-owner-index.js';
import * as commitSet from './2026-12-04T0900-commit-set.js';
import * as settlementLineCounts from './2026-12-04T1200-settlement-line-counts.js';
import * as redemptionSettlementState from './2026-12-06T2100-redemption-settlement-state.js';
import * as holdsPoolIndex from './2026-12-06T2101-holds-pool-index.js';

export const migrations: Record<string, Migration> = {
  '2026-11-28T0900-plan-versions': planVersions,
  '2026-11-28T1200-budget-ledger': budgetLedger,
  '2026-11-28T1500-accounts-audit': accountsAudit,
  '2026-11-28T1800-subsidy-grants': subsidyGrants,
  '2026-12-01T0900-grant-merchant-idempotency': grantMerchantIdempotency,
  '2026-12-01T1200-one-name-per-concept': oneNamePerConcept,
  '2026-12-01T2100-one-time-code-purpose': oneTimeCodePurpose,
  '2026-12-01T2200-security-events': securityEvents,
  '2026-12-02T0800-pool-slices': poolSlices,
  '2026-12-02T0900-supervision': supervision,
  '2026-12-02T1000-trade-in': tradeIn,
  '2026-12-02T1001-county-finance-role': countyFinanceRole,
  '2026-12-03T0900-claims': claims,
  '2026-12-03T1200-vouchers': vouchers,
  '2026-12-03T1500-voucher-round-life': voucherRoundLife,
  '2026-12-03T1501-voucher-budget-line': voucherBudgetLine,
  '2026-12-03T1502-voucher-settlement': voucherSettlement,
  '2026-12-03T1800-voucher-report-sums': voucherReportSums,
  '2026-12-04T0100-voucher-packs-owner-index': voucherPacksOwnerIndex,
  '2026-12-04T0900-commit-set': commitSet,
  '2026-12-04T1200-settlement-line-counts': settlementLineCounts,
  '2026-12-06T2100-redemption-settlement-state': redemptionSettlementState,
  '2026-12-06T2101-holds-pool-index': holdsPoolIndex,
};
