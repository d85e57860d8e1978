/**
 * 用户与角色: every account with its roles, personal data masked, searched and paged by the server.
 * Admins create staff accounts and change roles and states; reviewers may reveal one value with a
 * reason (audited); auditors read.
 */
import { useMemo, useState } from 'react';
import {
  Alert,
  App,
  Button,
  Dropdown,
  Flex,
  Input,
  Select,
  Space,
  Table,
  Tag,
  Tooltip,
  Typography,
  type TableColumnsType,
} from 'antd';
import { DownOutlined, EyeOutlined, LockOutlined, UserAddOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type Role, ROLES } from '../../../../src/domain/access/permissions';
import type { AccountView } from '../../../../src/contract/accounts';
import type { AccountStatus } from './api/accounts';
import { accountAction, accountQueries, type AccountAction } from './api/accounts';
import { RoleTags } from './RoleTags';
import { useSession } from './session';
import { FilterBar } from '../../lib/ui/FilterBar';
import { PageHeader, usePageTitle } from '../../lib/ui/PageHeader';
import { formatMoment, isFuture } from '../../lib/datetime';
import { useUrlFilters } from '../../lib/hooks';
import { useAccountsI18n } from './messages';
import { CreateAccountDrawer } from './admin/CreateAccountDrawer';
import { EditRolesModal } from './admin/EditRolesModal';
import { exportAccounts } from './admin/exportAccounts';
import { ResetPasswordModal } from './admin/ResetPasswordModal';
import { RevealModal } from './admin/RevealModal';
import { withFeedback } from '../../lib/ui/withFeedback';
import { ErrorAlert } from '../../lib/ui/ErrorAlert';

const FILTERS = ['q', 'role', 'status', 'page', 'size'] as const;
const PAGE_SIZES = [10, 20, 50, 100];
const STATUSES: AccountStatus[] = ['active', 'disabled'];

type Dialog = { kind: 'roles' | 'password' | 'reveal'; account: AccountView } | null;

function asRole(value: string | undefined): Role | undefined {
  return ROLES.find((role) => role === value);
}

function asStatus(value: string | undefined): AccountStatus | undefined {
  return STATUSES.find((status) => status === value);
}

function positive(value: string | undefined, fallback: number): number {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

export default withFeedback(AccountsPage);

function AccountsPage() {
  const i18n = useAccountsI18n();
  const { t } = i18n;
  usePageTitle(t('accounts.title'));
  const { message, modal } = App.useApp();
  const client = useQueryClient();
  const { can } = useSession();
  const canManage = can('accounts.manage');
  const canReveal = can('personal_data.read');
  const filters = useUrlFilters(FILTERS);
  const page = positive(filters.values.page, 1);
  const requestedSize = positive(filters.values.size, 20);
  const size = PAGE_SIZES.includes(requestedSize) ? requestedSize : 20;
  const role = asRole(filters.values.role);
  const status = asStatus(filters.values.status);
  const query = useMemo(
    () => ({ q: filters.values.q, role, status, offset: (page - 1) * size, limit: size }),
    [filters.values.q, role, status, page, size],
  );
  const accounts = useQuery(accountQueries.list(query));
  const [creating, setCreating] = useState(false);
  const [dialog, setDialog] = useState<Dialog>(null);
  const rows = accounts.data?.items ?? [];

  const action = useMutation({
    mutationFn: ({ account, kind }: { account: AccountView; kind: AccountAction }) => accountAction(account.id, kind),
    onSuccess: (updated, { kind }) => {
      void client.invalidateQueries({ queryKey: accountQueries.all });
      const done = { disable: 'accounts.disabled', enable: 'accounts.enabled', unlock: 'accounts.unlocked' } as const;
      void message.success(t(done[kind], { name: updated.name }));
    },
    onError: (error) => void message.error(error instanceof Error ? error.message : String(error)),
  });

  const confirmAction = (account: AccountView, kind: 'disable' | 'enable') =>
    modal.confirm({
      title: t(kind === 'disable' ? 'accounts.disable' : 'accounts.enable'),
      content: t(kind === 'disable' ? 'accounts.disableConfirm' : 'accounts.enableConfirm', { name: account.name }),
      okText: t(kind === 'disable' ? 'accounts.disable' : 'accounts.enable'),
      okButtonProps: { danger: kind === 'disable' },
      cancelText: t('common.cancel'),
      onOk: () => action.mutateAsync({ account, kind }),
    });

  const columns: TableColumnsType<AccountView> = [
    {
      key: 'account',
      title: t('accounts.account'),
      fixed: 'left',
      width: 190,
      render: (_, a) => (
        <Flex vertical>
          <Space size={4} wrap>
            <Typography.Text strong>{a.name}</Typography.Text>
            {a.demo && <Tag color="orange">{t('common.demo')}</Tag>}
          </Space>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {a.username ?? t(`accountKind.${a.kind}`)}
            {a.username && ` · ${t(`accountKind.${a.kind}`)}`}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      key: 'mobile',
      title: t('account.mobile'),
      width: 130,
      render: (_, a) => a.mobile ?? '—',
    },
    {
      key: 'idNumber',
      title: t('account.idNumber'),
      width: 190,
      render: (_, a) => a.idNumber ?? '—',
    },
    {
      key: 'roles',
      title: t('account.roles'),
      width: 260,
      render: (_, a) => <RoleTags roles={a.roles} />,
    },
    {
      key: 'status',
      title: t('accounts.status'),
      width: 110,
      render: (_, a) => (
        <Space size={4} wrap>
          <Tag color={a.status === 'active' ? 'green' : 'default'}>{t(`accountStatus.${a.status}`)}</Tag>
          {isFuture(a.lockedUntil) && (
            <Tooltip title={`${t('accounts.lockedUntil')} ${formatMoment(a.lockedUntil)}`}>
              <Tag color="red" icon={<LockOutlined />}>
                {t('accountStatus.locked')}
              </Tag>
            </Tooltip>
          )}
        </Space>
      ),
    },
    {
      key: 'lockedUntil',
      title: t('accounts.lockedUntil'),
      width: 170,
      render: (_, a) => (isFuture(a.lockedUntil) ? formatMoment(a.lockedUntil) : '—'),
    },
    {
      key: 'lastSignInAt',
      title: t('account.lastSignInAt'),
      width: 170,
      render: (_, a) => (a.lastSignInAt ? formatMoment(a.lastSignInAt) : t('accounts.never')),
    },
  ];
  if (canManage || canReveal) {
    columns.push({
      key: 'actions',
      title: t('common.actions'),
      fixed: 'right',
      width: canManage && canReveal ? 260 : 180,
      render: (_, a) => (
        <Space size={4} wrap>
          {canManage && (
            <Button size="small" onClick={() => setDialog({ kind: 'roles', account: a })} data-testid="edit-roles">
              {t('accounts.editRoles')}
            </Button>
          )}
          {canManage && (
            <Dropdown
              trigger={['click']}
              menu={{
                items: [
                  a.status === 'active'
                    ? { key: 'disable', danger: true, label: t('accounts.disable') }
                    : { key: 'enable', label: t('accounts.enable') },
                  { key: 'unlock', label: t('accounts.unlock'), disabled: !isFuture(a.lockedUntil) },
                  { key: 'password', label: t('accounts.resetPassword') },
                ],
                onClick: ({ key }) => {
                  if (key === 'disable' || key === 'enable') confirmAction(a, key);
                  else if (key === 'unlock') action.mutate({ account: a, kind: 'unlock' });
                  else if (key === 'password') setDialog({ kind: 'password', account: a });
                },
              }}
            >
              <Button size="small">
                {t('common.more')} <DownOutlined />
              </Button>
            </Dropdown>
          )}
          {canReveal && (
            <Button
              size="small"
              icon={<EyeOutlined />}
              disabled={!a.idNumber && !a.mobile && !a.bankAccount}
              onClick={() => setDialog({ kind: 'reveal', account: a })}
              data-testid="reveal"
            >
              {t('accounts.reveal')}
            </Button>
          )}
        </Space>
      ),
    });
  }

  return (
    <Flex vertical gap={16} data-testid="accounts-page">
      <PageHeader
        title={t('accounts.title')}
        subtitle={t('accounts.subtitle')}
        extra={
          canManage && (
            <Button
              type="primary"
              icon={<UserAddOutlined />}
              onClick={() => setCreating(true)}
              data-testid="create-account"
            >
              {t('accounts.create')}
            </Button>
          )
        }
      />
      {!canManage && <Alert type="info" showIcon title={t('accounts.readOnly')} />}
      <FilterBar
        count={accounts.data?.total ?? 0}
        active={filters.active}
        onClear={filters.clear}
        onExport={() => exportAccounts(rows, i18n)}
      >
        <Input.Search
          key={filters.values.q ?? ''}
          defaultValue={filters.values.q}
          allowClear
          placeholder={t('accounts.search')}
          onSearch={(value) => filters.update({ q: value.trim(), page: undefined })}
          style={{ width: 240 }}
          data-testid="accounts-search"
        />
        <Select<Role>
          allowClear
          placeholder={t('accounts.anyRole')}
          value={role}
          onChange={(value) => filters.update({ role: value, page: undefined })}
          options={ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))}
          style={{ width: 150 }}
          data-testid="accounts-role-filter"
        />
        <Select<AccountStatus>
          allowClear
          placeholder={t('accounts.anyStatus')}
          value={status}
          onChange={(value) => filters.update({ status: value, page: undefined })}
          options={STATUSES.map((s) => ({ value: s, label: t(`accountStatus.${s}`) }))}
          style={{ width: 130 }}
        />
      </FilterBar>
      {accounts.isError ? (
        <ErrorAlert error={accounts.error} onRetry={() => void accounts.refetch()} />
      ) : (
        <Table<AccountView>
          rowKey="id"
          columns={columns}
          dataSource={rows}
          loading={accounts.isFetching}
          scroll={{ x: 1300 }}
          data-testid="accounts-table"
          pagination={{
            current: page,
            pageSize: size,
            total: accounts.data?.total ?? 0,
            showSizeChanger: true,
            pageSizeOptions: PAGE_SIZES,
            showTotal: (total) => t('common.total', { n: total }),
            onChange: (nextPage, nextSize) =>
              filters.update({
                page: nextPage === 1 ? undefined : nextPage,
                size: nextSize === 20 ? undefined : nextSize,
              }),
          }}
        />
      )}
      <CreateAccountDrawer
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(account) => {
          setCreating(false);
          // show the new account: search for it
          filters.update({ q: account.username ?? account.name, page: undefined });
        }}
      />
      {dialog?.kind === 'roles' && <EditRolesModal account={dialog.account} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'password' && <ResetPasswordModal account={dialog.account} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'reveal' && <RevealModal account={dialog.account} onClose={() => setDialog(null)} />}
    </Flex>
  );
}
