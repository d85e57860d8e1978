import { lazy } from 'react';
import { Route, Routes } from 'react-router-dom';
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
const NotFoundPage = lazy(() => import('./pages/NotFoundPage'));

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
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
