import { lazy, type ReactNode } from 'react';
import { Route, Routes } from 'react-router-dom';
import type { Permission } from '../../../src/domain/access/permissions';
import { AppLayout } from './AppLayout';

// each page is its own chunk, loaded on first visit; so is the guard of the pages that need a
// permission (its 403 pages are not needed on the landing page)
const RequirePermission = lazy(() => import('./RequirePermission').then((m) => ({ default: m.RequirePermission })));
const OverviewPage = lazy(() => import('../features/plan/OverviewPage'));
const MeasuresPage = lazy(() => import('../features/plan/MeasuresPage'));
const MeasurePage = lazy(() => import('../features/plan/MeasurePage'));
const TargetsPage = lazy(() => import('../features/plan/TargetsPage'));
const ParametersPage = lazy(() => import('../features/plan/ParametersPage'));
const DepartmentsPage = lazy(() => import('../features/plan/DepartmentsPage'));
const DepartmentPage = lazy(() => import('../features/plan/DepartmentPage'));
const UnitsPage = lazy(() => import('../features/plan/UnitsPage'));
const UnitPage = lazy(() => import('../features/plan/UnitPage'));
const LintPage = lazy(() => import('../features/plan/LintPage'));
const CalculatorPage = lazy(() => import('../features/subsidy/CalculatorPage'));
const SearchPage = lazy(() => import('../features/plan/SearchPage'));
const SignInPage = lazy(() => import('../features/accounts/SignInPage'));
const RegisterPage = lazy(() => import('../features/accounts/RegisterPage'));
const AccountPage = lazy(() => import('../features/accounts/AccountPage'));
const AccountsPage = lazy(() => import('../features/accounts/AccountsPage'));
const MerchantsPage = lazy(() => import('../features/accounts/MerchantsPage'));
const MyMerchantPage = lazy(() => import('../features/accounts/MyMerchantPage'));
const AuditPage = lazy(() => import('../features/audit/AuditPage'));
const BudgetPage = lazy(() => import('../features/budget/BudgetPage'));
const PoolPage = lazy(() => import('../features/budget/PoolPage'));
const SupervisionBoardPage = lazy(() => import('../features/supervision/SupervisionBoardPage'));
const SupervisionTargetsPage = lazy(() => import('../features/supervision/SupervisionTargetsPage'));
const DepartmentSupervisionPage = lazy(() =>
  import('../features/supervision/SupervisionTargetsPage').then((m) => ({ default: m.DepartmentSupervisionPage })),
);
const UnitSupervisionPage = lazy(() =>
  import('../features/supervision/SupervisionTargetsPage').then((m) => ({ default: m.UnitSupervisionPage })),
);
const SupervisionTargetPage = lazy(() => import('../features/supervision/SupervisionTargetPage'));
const SupervisionReportPage = lazy(() => import('../features/supervision/SupervisionReportPage'));
const SupervisionPrintPage = lazy(() => import('../features/supervision/SupervisionPrintPage'));
const TradeInPage = lazy(() => import('../features/trade-in/TradeInPage'));
const TillPage = lazy(() => import('../features/trade-in/TillPage'));
const SettlementsPage = lazy(() => import('../features/settlement/SettlementsPage'));
const RedemptionsPage = lazy(() => import('../features/trade-in/merchant/RedemptionsPage'));
const MembershipPage = lazy(() => import('../features/trade-in/merchant/MembershipPage'));
const StatementsPage = lazy(() => import('../features/settlement/StatementsPage'));
const MembershipReviewPage = lazy(() => import('../features/trade-in/staff/MembershipReviewPage'));
const CreditListingsPage = lazy(() => import('../features/trade-in/staff/CreditListingsPage'));
const TradeInFiguresPage = lazy(() => import('../features/trade-in/FiguresPage'));
const ClaimApplyPage = lazy(() => import('../features/claims/ApplyPage'));
const MyClaimsPage = lazy(() => import('../features/claims/MyClaimsPage'));
const MyClaimPage = lazy(() => import('../features/claims/MyClaimPage'));
const ClaimReviewQueuePage = lazy(() => import('../features/claims/ReviewQueuePage'));
const ClaimReviewPage = lazy(() => import('../features/claims/ReviewPage'));
const ClaimPayoutsPage = lazy(() => import('../features/claims/PayoutsPage'));
const VoucherCampaignsPage = lazy(() => import('../features/vouchers/CampaignsPage'));
const VoucherCampaignPage = lazy(() => import('../features/vouchers/CampaignPage'));
const VoucherClaimPage = lazy(() => import('../features/vouchers/ClaimPage'));
const MyVouchersPage = lazy(() => import('../features/vouchers/MyVouchersPage'));
const VoucherRedeemPage = lazy(() => import('../features/vouchers/RedeemPage'));
const NotFoundPage = lazy(() => import('./NotFoundPage'));

/** A page only callers with the permission may use (docs/access.md); the server checks again. */
function guarded(permission: Permission, page: ReactNode) {
  return <RequirePermission permission={permission}>{page}</RequirePermission>;
}

export function AppRoutes() {
  return (
    <Routes>
      <Route element={<AppLayout />}>
        <Route index element={<OverviewPage />} />
        <Route path="plan/measures" element={<MeasuresPage />} />
        <Route path="plan/measures/:number" element={<MeasurePage />} />
        <Route path="plan/targets" element={<TargetsPage />} />
        <Route path="plan/parameters" element={<ParametersPage />} />
        <Route path="plan/departments" element={<DepartmentsPage />} />
        <Route path="plan/departments/:id" element={<DepartmentPage />} />
        <Route path="plan/units" element={<UnitsPage />} />
        <Route path="plan/units/:id" element={<UnitPage />} />
        <Route path="plan/lint" element={<LintPage />} />
        <Route path="calculator" element={<CalculatorPage />} />
        <Route path="search" element={<SearchPage />} />
        <Route path="sign-in" element={<SignInPage />} />
        <Route path="register" element={<RegisterPage />} />
        <Route path="account" element={guarded('session', <AccountPage />)} />
        <Route path="merchant" element={guarded('merchants.own', <MyMerchantPage />)} />
        <Route path="admin/accounts" element={guarded('accounts.read', <AccountsPage />)} />
        <Route path="admin/merchants" element={guarded('merchants.read', <MerchantsPage />)} />
        <Route path="audit" element={guarded('audit.read', <AuditPage />)} />
        <Route path="budget" element={guarded('budget.read', <BudgetPage />)} />
        <Route path="budget/:poolId" element={guarded('budget.read', <PoolPage />)} />
        <Route path="supervision" element={guarded('supervision.read', <SupervisionBoardPage />)} />
        <Route path="supervision/targets" element={guarded('supervision.read', <SupervisionTargetsPage />)} />
        <Route path="supervision/targets/:id" element={guarded('supervision.read', <SupervisionTargetPage />)} />
        <Route
          path="supervision/departments/:id"
          element={guarded('supervision.read', <DepartmentSupervisionPage />)}
        />
        <Route path="supervision/units/:id" element={guarded('supervision.read', <UnitSupervisionPage />)} />
        <Route path="supervision/report" element={guarded('supervision.read', <SupervisionReportPage />)} />
        <Route path="supervision/print" element={guarded('supervision.read', <SupervisionPrintPage />)} />
        <Route path="trade-in" element={guarded('trade_in.claim', <TradeInPage />)} />
        <Route path="till" element={guarded('trade_in.redeem', <TillPage />)} />
        <Route path="settlements" element={guarded('settlement.read', <SettlementsPage />)} />
        <Route path="merchant/redemptions" element={guarded('trade_in.read', <RedemptionsPage />)} />
        <Route path="merchant/statements" element={guarded('settlement.read', <StatementsPage />)} />
        <Route path="merchant/membership" element={guarded('merchants.join', <MembershipPage />)} />
        <Route path="trade-in/memberships" element={guarded('merchants.approve', <MembershipReviewPage />)} />
        <Route path="trade-in/credit-listings" element={guarded('merchants.credit', <CreditListingsPage />)} />
        <Route path="trade-in/figures" element={<TradeInFiguresPage />} />
        <Route path="claims/apply" element={guarded('claims.apply', <ClaimApplyPage />)} />
        <Route path="claims/mine" element={guarded('claims.apply', <MyClaimsPage />)} />
        <Route path="claims/mine/:id" element={guarded('claims.apply', <MyClaimPage />)} />
        <Route path="claims/review" element={guarded('claims.read', <ClaimReviewQueuePage />)} />
        <Route path="claims/review/:id" element={guarded('claims.read', <ClaimReviewPage />)} />
        <Route path="claims/payouts" element={guarded('claims.pay', <ClaimPayoutsPage />)} />
        <Route path="vouchers/campaigns" element={guarded('vouchers.read', <VoucherCampaignsPage />)} />
        <Route path="vouchers/campaigns/:id" element={guarded('vouchers.read', <VoucherCampaignPage />)} />
        <Route path="vouchers/claim" element={guarded('vouchers.claim', <VoucherClaimPage />)} />
        <Route path="vouchers/mine" element={guarded('vouchers.claim', <MyVouchersPage />)} />
        <Route path="vouchers/redeem" element={guarded('vouchers.redeem', <VoucherRedeemPage />)} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
