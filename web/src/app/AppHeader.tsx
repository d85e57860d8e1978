import { Button, Dropdown, Flex, Grid, Input, Tag, Tooltip, Typography } from 'antd';
import {
  ApiOutlined,
  DownOutlined,
  IdcardOutlined,
  LoginOutlined,
  LogoutOutlined,
  MenuFoldOutlined,
  MenuUnfoldOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useNavigate, useSearchParams, useLocation } from 'react-router-dom';
import { planQueries } from '../features/plan/api';
import { signInPath } from '../features/accounts/redirect';
import { roleNames } from '../features/accounts/RoleTags';
import { useSession, useSignOut } from '../features/accounts/session';
import { useI18n } from '../lib/i18n/useI18n';
import { shortHash } from '../features/plan/format';

function VersionTag() {
  const { t, pick } = useI18n();
  const { data } = useQuery(planQueries.overview());
  if (!data) return null;
  const { metadata, version } = data;
  const status =
    metadata.status === 'draft' ? pick(metadata.statusLabel, t('status.draft')) : t(`status.${metadata.status}`);
  return (
    <Flex align="center" gap={8} style={{ minWidth: 0 }}>
      <Typography.Text className="header-title" ellipsis>
        {pick(metadata.title, metadata.titleEn)}
      </Typography.Text>
      <Tag color="gold" className="header-tag">
        {status}
      </Tag>
      <Tooltip
        title={
          <>
            {t('shell.contentHash')}: {version.contentHash}
            <br />
            {t('shell.importedAt')}: {new Date(version.importedAt).toLocaleString()}
          </>
        }
      >
        <Tag className="header-tag header-version" data-testid="version-hash">
          {t('shell.version')} {shortHash(version.contentHash)}
        </Tag>
      </Tooltip>
    </Flex>
  );
}

function GlobalSearch() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const [params] = useSearchParams();
  const current = pathname === '/search' ? (params.get('q') ?? '') : '';
  return (
    <Input.Search
      key={current}
      defaultValue={current}
      placeholder={t('shell.searchPlaceholder')}
      allowClear
      className="header-search"
      data-testid="global-search"
      onSearch={(value) => {
        const q = value.trim();
        if (q) void navigate(`/search?q=${encodeURIComponent(q)}`);
      }}
    />
  );
}

/** "登录" when signed out; the name, the roles and a menu (my account, sign out) when signed in. */
function UserArea() {
  const { t } = useI18n();
  const screens = Grid.useBreakpoint();
  const navigate = useNavigate();
  const location = useLocation();
  const { session, loading } = useSession();
  const signOut = useSignOut();
  if (loading) return null;
  if (!session) {
    if (location.pathname === '/sign-in') return null;
    return (
      <Button
        className="header-button header-outline"
        icon={<LoginOutlined />}
        data-testid="sign-in-link"
        onClick={() => void navigate(signInPath(`${location.pathname}${location.search}`))}
      >
        {screens.sm && t('shell.signIn')}
      </Button>
    );
  }
  const { account } = session;
  const roles = roleNames(account.roles, t);
  const onSignOut = async () => {
    try {
      await signOut();
    } finally {
      // signed out either way: the session and the caller's data are gone from the page
      void navigate('/');
    }
  };
  return (
    <Dropdown
      trigger={['click']}
      placement="bottomRight"
      menu={{
        items: [
          {
            key: 'account',
            icon: <IdcardOutlined />,
            label: <span data-testid="user-menu-account">{t('nav.account')}</span>,
            onClick: () => void navigate('/account'),
          },
          { type: 'divider' },
          {
            key: 'sign-out',
            icon: <LogoutOutlined />,
            danger: true,
            label: <span data-testid="sign-out">{t('shell.signOut')}</span>,
            onClick: () => void onSignOut(),
          },
        ],
      }}
    >
      <Button className="header-button header-outline header-user" data-testid="user-menu" title={t('shell.userMenu')}>
        <UserOutlined />
        {screens.sm && (
          <span className="header-user-name" data-testid="user-name">
            {account.name}
          </span>
        )}
        {screens.md && roles && (
          <span className="header-user-roles" data-testid="user-roles">
            {roles}
          </span>
        )}
        <DownOutlined style={{ fontSize: 10 }} />
      </Button>
    </Dropdown>
  );
}

export function AppHeader({ collapsed, onToggle }: { collapsed: boolean; onToggle: () => void }) {
  const { t, lang, toggle } = useI18n();
  const screens = Grid.useBreakpoint();
  return (
    <Flex align="center" justify="space-between" gap={16} style={{ height: '100%' }}>
      <Flex align="center" gap={12} style={{ minWidth: 0, flex: 1 }}>
        <Button
          type="text"
          className="header-button"
          icon={collapsed ? <MenuUnfoldOutlined /> : <MenuFoldOutlined />}
          onClick={onToggle}
          aria-label="menu"
        />
        {screens.md && <VersionTag />}
      </Flex>
      <Flex align="center" gap={8}>
        <GlobalSearch />
        <Tooltip title={t('shell.switchLanguage')}>
          <Button className="header-button header-outline" data-testid="language-switch" onClick={toggle}>
            {lang === 'en' ? '中文' : 'EN'}
          </Button>
        </Tooltip>
        <Button
          className="header-button header-outline"
          icon={<ApiOutlined />}
          href="/docs"
          target="_blank"
          rel="noopener"
        >
          {screens.lg && t('shell.apiDocs')}
        </Button>
        <UserArea />
      </Flex>
    </Flex>
  );
}
