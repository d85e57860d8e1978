/**
 * The accounts demo mode creates (docs/access.md, "Demo mode"), for the sign-in page's 演示账号
 * card. They exist only while the server runs with HUIMIN_DEMO=true.
 */
import type { Role } from '../../../../../src/domain/access/permissions';

export const DEMO_PASSWORD = 'huimin-demo-2025';

export interface DemoAccount {
  role: Role;
  login: string;
  organisation?: { zh: string; en: string };
}

export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  { role: 'citizen', login: '13800000001' },
  { role: 'merchant_owner', login: 'demo-merchant-owner' },
  { role: 'merchant_cashier', login: 'demo-cashier' },
  {
    role: 'department_officer',
    login: 'demo-commerce',
    organisation: { zh: '市商务局', en: 'Municipal Commerce Bureau' },
  },
  { role: 'county_officer', login: 'demo-hubin', organisation: { zh: '湖滨区', en: 'Hubin District' } },
  {
    role: 'county_finance_officer',
    login: 'demo-hubin-finance',
    organisation: { zh: '湖滨区', en: 'Hubin District' },
  },
  { role: 'reviewer', login: 'demo-reviewer' },
  { role: 'finance_officer', login: 'demo-finance', organisation: { zh: '市财政局', en: 'Municipal Finance Bureau' } },
  { role: 'auditor', login: 'demo-auditor' },
  { role: 'admin', login: 'demo-admin' },
  {
    role: 'department_leader',
    login: 'demo-commerce-leader',
    organisation: { zh: '市商务局', en: 'Municipal Commerce Bureau' },
  },
  { role: 'county_leader', login: 'demo-hubin-leader', organisation: { zh: '湖滨区', en: 'Hubin District' } },
  { role: 'city_leader', login: 'demo-mayor' },
];
