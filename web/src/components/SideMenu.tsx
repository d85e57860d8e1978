import { Menu, type MenuProps } from 'antd';
import {
  AimOutlined,
  ApartmentOutlined,
  AuditOutlined,
  CalculatorOutlined,
  DashboardOutlined,
  EnvironmentOutlined,
  GiftOutlined,
  OrderedListOutlined,
  SafetyCertificateOutlined,
  SlidersOutlined,
} from '@ant-design/icons';
import { Link, useLocation } from 'react-router-dom';
import type { MessageKey } from '../i18n/messages';
import { useI18n } from '../i18n/useI18n';

const sections: { path: string; label: MessageKey; icon: React.ReactNode }[] = [
  { path: '/', label: 'nav.overview', icon: <DashboardOutlined /> },
  { path: '/plan/measures', label: 'nav.measures', icon: <OrderedListOutlined /> },
  { path: '/plan/targets', label: 'nav.targets', icon: <AimOutlined /> },
  { path: '/plan/parameters', label: 'nav.parameters', icon: <SlidersOutlined /> },
  { path: '/plan/departments', label: 'nav.departments', icon: <ApartmentOutlined /> },
  { path: '/plan/units', label: 'nav.units', icon: <EnvironmentOutlined /> },
  { path: '/plan/lint', label: 'nav.lint', icon: <SafetyCertificateOutlined /> },
];

const subsidySections: typeof sections = [
  { path: '/calculator', label: 'nav.calculator', icon: <CalculatorOutlined /> },
];

/** The menu key of a path: the section it lies in. */
function sectionOf(pathname: string): string {
  const match = [...sections, ...subsidySections].find((s) => s.path !== '/' && pathname.startsWith(s.path));
  return match?.path ?? (pathname === '/' ? '/' : '');
}

export function SideMenu({ onNavigate }: { onNavigate?: () => void }) {
  const { t } = useI18n();
  const { pathname } = useLocation();
  const items: MenuProps['items'] = [
    {
      type: 'group',
      label: t('nav.plan'),
      children: sections.map((s) => ({
        key: s.path,
        icon: s.icon,
        label: <Link to={s.path}>{t(s.label)}</Link>,
      })),
    },
    {
      type: 'group',
      label: t('nav.subsidy'),
      children: subsidySections.map((s) => ({
        key: s.path,
        icon: s.icon,
        label: <Link to={s.path}>{t(s.label)}</Link>,
      })),
    },
    {
      type: 'group',
      label: t('nav.upcoming'),
      children: [
        { key: 'programmes', icon: <GiftOutlined />, label: t('nav.programmes'), disabled: true },
        { key: 'supervision', icon: <AuditOutlined />, label: t('nav.supervision'), disabled: true },
      ],
    },
  ];
  return (
    <Menu
      mode="inline"
      selectedKeys={[sectionOf(pathname)]}
      items={items}
      onClick={onNavigate}
      style={{ borderInlineEnd: 'none' }}
    />
  );
}
