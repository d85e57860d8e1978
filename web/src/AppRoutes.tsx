import { lazy, type ReactNode } from 'react';
import { Route, Routes } from 'react-router-dom';
import type { Permission } from './api/accessTypes';
import { RequirePermission } from './auth/RequirePermission';
import { AppLayout } from './components/AppLayout';

// each page is its own chunk, loaded on first visit
const OverviewPage = lazy(() => import('./pages/OverviewPage'));
const MeasuresPage = lazy(() => import('./pages/MeasuresPage'));
const MeasurePage = lazy(() => import('./pages/MeasurePage'));
const TargetsPage = lazy(() => import('./pages/TargetsPage'));
const ParametersPage = lazy(() => import('./pages/ParametersPage'));
const DepartmentsPage = lazy(() => import('./pages/DepartmentsPage'));
const DepartmentPage = lazy(() => import('./pages/DepartmentPage'));
const UnitsPage = lazy(() => import('./pages/UnitsPage'));
const UnitPage = lazy(() => import('./pages/UnitPage'));
const LintPage = lazy(() => import('./pages/LintPage'));
const CalculatorPage = lazy(() => import('./pages/CalculatorPage'));
const SearchPage = lazy(() => import('./pages/SearchPage'));
const SignInPage = lazy(() => import('./pages/SignInPage'));
const RegisterPage = lazy(() => import('./pages/RegisterPage'));
const AccountPage = lazy(() => import('./pages/AccountPage'));
const AccountsPage = lazy(() => import('./pages/AccountsPage'));
const MerchantsPage = lazy(() => import('./pages/MerchantsPage'));
const MyMerchantPage = lazy(() => import('./pages/MyMerchantPage'));
const AuditPage = lazy(() => import('./pages/AuditPage'));
const BudgetPage = lazy(() => import('./pages/budget/BudgetPage'));
const PoolPage = lazy(() => import('./pages/budget/PoolPage'));
const NotFoundPage = lazy(() => import('./pages/NotFoundPage'));

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
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
