import { Menu, type MenuProps } from 'antd';
import {
  AimOutlined,
  BarChartOutlined,
  ApartmentOutlined,
  AuditOutlined,
  BankOutlined,
  CalculatorOutlined,
  DashboardOutlined,
  EnvironmentOutlined,
  FundOutlined,
  FileDoneOutlined,
  FileSearchOutlined,
  FormOutlined,
  GiftOutlined,
  IdcardOutlined,
  OrderedListOutlined,
  PayCircleOutlined,
  QrcodeOutlined,
  ScanOutlined,
  SafetyCertificateOutlined,
  ShopOutlined,
  SlidersOutlined,
  TagsOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import { Link, useLocation } from 'react-router-dom';
import { hasPermission, organisationLinks, WORK_PAGES, workPages, type WorkPage } from '../features/accounts/access';
import { useSession } from '../features/accounts/session';
import type { SharedKey } from '../lib/i18n/shared';
import { useI18n } from '../lib/i18n/useI18n';

interface Section {
  path: string;
  label: SharedKey;
  icon: React.ReactNode;
}

const sections: Section[] = [
  { path: '/', label: 'nav.overview', icon: <DashboardOutlined /> },
  { path: '/plan/measures', label: 'nav.measures', icon: <OrderedListOutlined /> },
  { path: '/plan/targets', label: 'nav.targets', icon: <AimOutlined /> },
  { path: '/plan/parameters', label: 'nav.parameters', icon: <SlidersOutlined /> },
  { path: '/plan/departments', label: 'nav.departments', icon: <ApartmentOutlined /> },
  { path: '/plan/units', label: 'nav.units', icon: <EnvironmentOutlined /> },
  { path: '/plan/lint', label: 'nav.lint', icon: <SafetyCertificateOutlined /> },
];

/** Public: the calculator and the programme's figures (no nav- test id: the role checks list role-bound entries). */
const subsidySections: Section[] = [
  { path: '/calculator', label: 'nav.calculator', icon: <CalculatorOutlined /> },
  { path: '/trade-in/figures', label: 'nav.tradeInFigures', icon: <BarChartOutlined /> },
];

/** The pages of a signed-in caller: in 我的 (own things) or in 管理与监督 (staff work). */
const workSections: Record<WorkPage, Section & { group: 'mine' | 'manage' }> = {
  account: { path: WORK_PAGES.account.path, label: 'nav.account', icon: <IdcardOutlined />, group: 'mine' },
  merchant: { path: WORK_PAGES.merchant.path, label: 'nav.myMerchant', icon: <ShopOutlined />, group: 'mine' },
  accounts: { path: WORK_PAGES.accounts.path, label: 'nav.accounts', icon: <TeamOutlined />, group: 'manage' },
  merchants: { path: WORK_PAGES.merchants.path, label: 'nav.merchants', icon: <BankOutlined />, group: 'manage' },
  audit: { path: WORK_PAGES.audit.path, label: 'nav.audit', icon: <FileSearchOutlined />, group: 'manage' },
};

/** 资金池, for callers holding budget.read: with the staff pages; its label is the menu's, not the budget feature's. */
const budgetSection: Section & { testId: string } = {
  path: '/budget',
  label: 'nav.budget',
  icon: <FundOutlined />,
  testId: 'nav-budget',
};

/** 督办 (supervision.read): the board for everyone who reads it; 填报与审核 for officers and leaders. */
const supervisionSections: (Section & { testId: string })[] = [
  { path: '/supervision', label: 'nav.supervisionBoard', icon: <AuditOutlined />, testId: 'nav-supervision' },
  {
    path: '/supervision/report',
    label: 'nav.supervisionReport',
    icon: <FileSearchOutlined />,
    testId: 'nav-supervision-report',
  },
];
/** 我的补贴 and the till (trade-in), and 清算审核 with the staff pages. */
const tradeInSection = {
  path: '/trade-in',
  label: 'nav.tradeIn',
  icon: <GiftOutlined />,
  testId: 'nav-trade-in',
} as const;
const tillSection = { path: '/till', label: 'nav.till', icon: <ShopOutlined />, testId: 'nav-till' } as const;
const settlementSection = {
  path: '/settlements',
  label: 'nav.settlements',
  icon: <AuditOutlined />,
  testId: 'nav-settlements',
} as const;

/**
 * The merchant's side of trade-in, in 我的: 核销记录 for merchant staff, 结算单 and 入驻申请 for its owner
 * (merchant staff are told apart by merchants.own: county and city staff read redemptions elsewhere).
 */
const merchantSections = [
  {
    path: '/merchant/redemptions',
    label: 'nav.redemptions',
    icon: <FileSearchOutlined />,
    testId: 'nav-redemptions',
    permission: 'trade_in.read',
  },
  {
    path: '/merchant/statements',
    label: 'nav.statements',
    icon: <AuditOutlined />,
    testId: 'nav-statements',
    permission: 'settlement.read',
  },
  {
    path: '/merchant/membership',
    label: 'nav.membership',
    icon: <ShopOutlined />,
    testId: 'nav-membership',
    permission: 'merchants.join',
  },
] as const;

/** Trade-in's staff pages: membership decisions (merchants.approve) and credit listings (merchants.credit). */
const tradeInStaffSections = [
  {
    path: '/trade-in/memberships',
    label: 'nav.membershipReview',
    icon: <SafetyCertificateOutlined />,
    testId: 'nav-membership-review',
    permission: 'merchants.approve',
  },
  {
    path: '/trade-in/credit-listings',
    label: 'nav.creditListings',
    icon: <FileSearchOutlined />,
    testId: 'nav-credit-listings',
    permission: 'merchants.credit',
  },
] as const;

/**
 * Reimbursement claims (issue 12): 我的申请 and 申请补贴 in 我的 for applicants (citizens, merchant
 * owners); 申请审核 for those who read claims (reviewers, auditors) and 补贴发放 for finance, with the staff pages.
 */
const claimApplicantSections = [
  { path: '/claims/mine', label: 'nav.claimsMine', icon: <FileDoneOutlined />, testId: 'nav-claims-mine' },
  { path: '/claims/apply', label: 'nav.claimsApply', icon: <FormOutlined />, testId: 'nav-claims-apply' },
] as const;
const claimStaffSections = [
  {
    path: '/claims/review',
    label: 'nav.claimsReview',
    icon: <AuditOutlined />,
    testId: 'nav-claims-review',
    permission: 'claims.read',
  },
  {
    path: '/claims/payouts',
    label: 'nav.claimsPayouts',
    icon: <PayCircleOutlined />,
    testId: 'nav-claims-payouts',
    permission: 'claims.pay',
  },
] as const;

/**
 * Consumption vouchers (issue 13): 领消费券 and 我的消费券 in 我的 for citizens (vouchers.claim), 核销消费券
 * for merchant staff (vouchers.redeem), 消费券活动 with the staff pages for those who read campaigns.
 */
const voucherCitizenSections = [
  { path: '/vouchers/claim', label: 'nav.vouchersClaim', icon: <TagsOutlined />, testId: 'nav-vouchers-claim' },
  { path: '/vouchers/mine', label: 'nav.vouchersMine', icon: <QrcodeOutlined />, testId: 'nav-vouchers-mine' },
] as const;
const voucherRedeemSection = {
  path: '/vouchers/redeem',
  label: 'nav.vouchersRedeem',
  icon: <ScanOutlined />,
  testId: 'nav-vouchers-redeem',
} as const;
const voucherStaffSection = {
  path: '/vouchers/campaigns',
  label: 'nav.vouchers',
  icon: <TagsOutlined />,
  testId: 'nav-vouchers',
} as const;

/** Whether pathname lies in the section at path (the path itself or below it). */
function within(pathname: string, path: string): boolean {
  return pathname === path || pathname.startsWith(`${path}/`);
}

export function SideMenu({ onNavigate }: { onNavigate?: () => void }) {
  const { t } = useI18n();
  const { pathname } = useLocation();
  const { session } = useSession();
  const pages = workPages(session);
  const orgLinks = organisationLinks(session?.account.roles ?? []);

  const item = (key: string, icon: React.ReactNode, label: React.ReactNode, path: string, testId?: string) => ({
    key,
    icon,
    label: (
      <Link to={path} data-testid={testId}>
        {label}
      </Link>
    ),
  });

  const workItem = (page: WorkPage) => {
    const s = workSections[page];
    return item(s.path, s.icon, t(s.label), s.path, `menu-${page}`);
  };

  const orgItems = orgLinks.map((link) => {
    const several = orgLinks.filter((other) => other.kind === link.kind).length > 1;
    const label = t(link.kind === 'department' ? 'nav.myDepartment' : 'nav.myUnit');
    return item(
      link.path,
      link.kind === 'department' ? <ApartmentOutlined /> : <EnvironmentOutlined />,
      <span title={link.name}>{several ? `${label} · ${link.name}` : label}</span>,
      link.path,
      link.kind === 'department' ? 'menu-my-department' : 'menu-my-unit',
    );
  });

  const merchantStaff = hasPermission(session, 'merchants.own');
  const tradeInEntries = [
    ...(hasPermission(session, 'trade_in.claim') ? [tradeInSection] : []),
    ...(hasPermission(session, 'trade_in.redeem') ? [tillSection] : []),
    ...(merchantStaff ? merchantSections.filter((s) => hasPermission(session, s.permission)) : []),
    ...(hasPermission(session, 'claims.apply') ? claimApplicantSections : []),
    ...(hasPermission(session, 'vouchers.claim') ? voucherCitizenSections : []),
    ...(hasPermission(session, 'vouchers.redeem') ? [voucherRedeemSection] : []),
  ];
  const mine = [
    ...pages.filter((p) => workSections[p].group === 'mine').map(workItem),
    ...orgItems,
    ...tradeInEntries.map((b) => item(b.path, b.icon, t(b.label), b.path, b.testId)),
  ];
  // 资金池 (budget.read) belongs with the staff pages
  const budgetEntries = [
    ...(hasPermission(session, 'budget.read') ? [budgetSection] : []),
    // 清算审核 is the staff's queue: merchant staff read their own batches in 结算单
    ...(hasPermission(session, 'settlement.read') && (!merchantStaff || hasPermission(session, 'settlement.review'))
      ? [settlementSection]
      : []),
    ...tradeInStaffSections.filter((s) => hasPermission(session, s.permission)),
    ...claimStaffSections.filter((s) => hasPermission(session, s.permission)),
    ...(hasPermission(session, 'vouchers.read') ? [voucherStaffSection] : []),
  ];
  const supervisionEntries = hasPermission(session, 'supervision.read')
    ? supervisionSections.filter(
        (s) =>
          s.path !== '/supervision/report' ||
          hasPermission(session, 'supervision.report') ||
          hasPermission(session, 'supervision.approve'),
      )
    : [];
  const manage = [
    ...pages.filter((p) => workSections[p].group === 'manage').map(workItem),
    ...budgetEntries.map((b) => item(b.path, b.icon, t(b.label), b.path, b.testId)),
    ...supervisionEntries.map((s) => item(s.path, s.icon, t(s.label), s.path, s.testId)),
  ];

  // an organisation link is the exact page; otherwise the deepest section the path lies in
  const selected =
    orgLinks.find((link) => link.path === pathname)?.path ??
    [
      ...sections,
      ...subsidySections,
      ...Object.values(workSections),
      ...budgetEntries,
      ...supervisionEntries,
      ...tradeInEntries,
    ]
      .filter((s) => (s.path === '/' ? pathname === '/' : within(pathname, s.path)))
      .sort((a, b) => b.path.length - a.path.length)[0]?.path ??
    '';

  const items: MenuProps['items'] = [
    {
      type: 'group',
      label: t('nav.plan'),
      children: sections.map((s) => item(s.path, s.icon, t(s.label), s.path)),
    },
    {
      type: 'group',
      label: t('nav.subsidy'),
      children: subsidySections.map((s) => item(s.path, s.icon, t(s.label), s.path)),
    },
    ...(mine.length > 0 ? [{ type: 'group' as const, label: t('nav.mine'), children: mine }] : []),
    ...(manage.length > 0 ? [{ type: 'group' as const, label: t('nav.manage'), children: manage }] : []),
    {
      type: 'group',
      label: t('nav.upcoming'),
      children: [{ key: 'programmes', icon: <GiftOutlined />, label: t('nav.programmes'), disabled: true }],
    },
  ];
  return (
    <Menu
      mode="inline"
      selectedKeys={[selected]}
      items={items}
      onClick={onNavigate}
      style={{ borderInlineEnd: 'none' }}
      data-testid="side-menu"
    />
  );
}
