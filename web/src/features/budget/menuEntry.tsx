/** The side menu's entry for the dashboard: 资金池, for callers holding budget.read. */
import type { ReactNode } from 'react';
import { FundOutlined } from '@ant-design/icons';
import type { SessionView } from '../../../../src/contract/accounts';
import { hasPermission } from '../accounts/access';
import { useI18n } from '../../lib/i18n/useI18n';
import { budgetText } from './messages';

export const BUDGET_PATH = '/budget';

function BudgetMenuLabel() {
  const { lang } = useI18n();
  return <>{budgetText(lang, 'budget.menu')}</>;
}

export interface BudgetMenuEntry {
  path: string;
  label: ReactNode;
  icon: ReactNode;
  testId: string;
}

/** The entry, or none when the caller may not read budget pools. */
export function budgetMenuEntries(session: SessionView | null | undefined): BudgetMenuEntry[] {
  if (!hasPermission(session, 'budget.read')) return [];
  return [{ path: BUDGET_PATH, label: <BudgetMenuLabel />, icon: <FundOutlined />, testId: 'nav-budget' }];
}
