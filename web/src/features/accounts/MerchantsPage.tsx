/** 商户: the merchant register, filtered in the page; admins register new merchants. */
import { useMemo, useState } from 'react';
import { Button, Flex, Input, Select, Table, Typography, type TableColumnsType } from 'antd';
import { ShopOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import type { MerchantView } from '../../../../src/contract/accounts';
import { useUnitIndex } from '../plan/lookups';
import { merchantQueries } from './api/merchants';
import { useSession } from './session';
import { FilterBar } from '../../lib/ui/FilterBar';
import { Loaded } from '../../lib/ui/Loaded';
import { PageHeader, usePageTitle } from '../../lib/ui/PageHeader';
import { downloadCsv } from '../../lib/csv';
import { formatMoment } from '../../lib/datetime';
import { useUrlFilters } from '../../lib/hooks';
import { useAccountsI18n } from './messages';
import { CreateMerchantDrawer } from './merchants/CreateMerchantDrawer';
import { CreditCodeStatusTag } from './merchants/CreditCodeStatusTag';
import { withFeedback } from '../../lib/ui/withFeedback';

const FILTERS = ['q', 'unit'] as const;

export default withFeedback(MerchantsPage);

function MerchantsPage() {
  const { t, pick, lang } = useAccountsI18n();
  usePageTitle(t('merchants.title'));
  const { can } = useSession();
  const merchants = useQuery(merchantQueries.list());
  const units = useUnitIndex();
  const filters = useUrlFilters(FILTERS);
  const [creating, setCreating] = useState(false);
  const unitName = (id: string) => {
    const unit = units.get(id);
    return unit ? pick(unit.name, unit.nameEn) : id;
  };

  const rows = useMemo(() => {
    const needle = filters.values.q?.trim().toLowerCase();
    return (merchants.data?.items ?? []).filter(
      (m) =>
        (!needle || m.name.toLowerCase().includes(needle) || m.creditCode.toLowerCase().includes(needle)) &&
        (!filters.values.unit || m.unitId === filters.values.unit),
    );
  }, [merchants.data, filters.values.q, filters.values.unit]);

  const columns: TableColumnsType<MerchantView> = [
    {
      key: 'name',
      title: t('merchants.name'),
      sorter: (a, b) => a.name.localeCompare(b.name, 'zh-CN'),
      render: (_, m) => <Typography.Text strong>{m.name}</Typography.Text>,
    },
    {
      key: 'creditCode',
      title: t('merchants.creditCode'),
      width: 200,
      render: (_, m) => (
        <Typography.Text copyable className="hash">
          {m.creditCode}
        </Typography.Text>
      ),
    },
    {
      key: 'status',
      title: t('merchants.creditCodeStatus'),
      width: 140,
      filters: [
        { text: t('creditCodeStatus.verified'), value: 'verified' },
        { text: t('creditCodeStatus.needs_manual_verification'), value: 'needs_manual_verification' },
      ],
      onFilter: (value, m) => m.creditCodeStatus === value,
      render: (_, m) => <CreditCodeStatusTag status={m.creditCodeStatus} />,
    },
    {
      key: 'unit',
      title: t('merchants.unit'),
      width: 200,
      render: (_, m) => <Link to={`/plan/units/${encodeURIComponent(m.unitId)}`}>{unitName(m.unitId)}</Link>,
    },
    {
      key: 'createdAt',
      title: t('merchants.createdAt'),
      width: 180,
      defaultSortOrder: 'descend',
      sorter: (a, b) => a.createdAt.localeCompare(b.createdAt),
      render: (_, m) => formatMoment(m.createdAt),
    },
  ];

  const exportRows = () =>
    downloadCsv(
      lang === 'en' ? 'huimin-merchants.csv' : '惠民-商户.csv',
      [
        t('merchants.name'),
        t('merchants.creditCode'),
        t('merchants.creditCodeStatus'),
        t('merchants.unit'),
        t('merchants.createdAt'),
        'id',
      ],
      rows.map((m) => [
        m.name,
        m.creditCode,
        t(`creditCodeStatus.${m.creditCodeStatus}`),
        unitName(m.unitId),
        formatMoment(m.createdAt),
        m.id,
      ]),
    );

  return (
    <Flex vertical gap={16} data-testid="merchants-page">
      <PageHeader
        title={t('merchants.title')}
        subtitle={t('merchants.subtitle')}
        extra={
          can('merchants.manage') && (
            <Button
              type="primary"
              icon={<ShopOutlined />}
              onClick={() => setCreating(true)}
              data-testid="create-merchant"
            >
              {t('merchants.create')}
            </Button>
          )
        }
      />
      <FilterBar count={rows.length} active={filters.active} onClear={filters.clear} onExport={exportRows}>
        <Input.Search
          key={filters.values.q ?? ''}
          defaultValue={filters.values.q}
          allowClear
          placeholder={t('merchants.search')}
          onSearch={(value) => filters.set('q', value.trim())}
          style={{ width: 240 }}
        />
        <Select<string>
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t('merchants.anyUnit')}
          value={filters.values.unit}
          onChange={(value) => filters.set('unit', value)}
          options={[...units.values()].map((u) => ({ value: u.id, label: pick(u.name, u.nameEn) }))}
          style={{ width: 200 }}
        />
      </FilterBar>
      <Loaded query={merchants}>
        {() => (
          <Table<MerchantView>
            rowKey="id"
            columns={columns}
            dataSource={rows}
            scroll={{ x: 900 }}
            pagination={{ pageSize: 20, hideOnSinglePage: true, showTotal: (total) => t('common.total', { n: total }) }}
            data-testid="merchants-table"
          />
        )}
      </Loaded>
      <CreateMerchantDrawer open={creating} onClose={() => setCreating(false)} onCreated={() => setCreating(false)} />
    </Flex>
  );
}
