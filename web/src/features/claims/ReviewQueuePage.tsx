/**
 * 申请审核 (claims.read; deciding needs claims.review): the queue by stage (待我审核, each stage of the
 * settings, all), deadline colours (overdue red, due today or tomorrow orange), filters kept in the
 * address (line, county, overdue only, state), ticking clean cases for 批量通过, a row opens the review.
 */
import { Card, Flex, Select, Switch, Table, Tabs, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import type { ClaimView } from '../../../../src/contract/claims';
import { CLAIM_LINES, CLAIM_STATES } from '../../../../src/domain/claims/vocabulary';
import { useSession } from '../accounts/session';
import { useUnitIndex } from '../plan/lookups';
import { formatMoment } from '../../lib/datetime';
import { useUrlFilters } from '../../lib/hooks';
import { fenToYuanText, yuanPlain } from '../../lib/money';
import { ErrorAlert } from '../../lib/ui/ErrorAlert';
import { FilterBar } from '../../lib/ui/FilterBar';
import { PageHeader, usePageTitle } from '../../lib/ui/PageHeader';
import { downloadXlsx } from '../../lib/xlsx';
import { claimQueries } from './api';
import { isClean } from './deadline';
import { claimLineLabel, stateLabel, useLineLabel } from './labels';
import { useClaimsI18n } from './messages';
import { BulkApprove } from './review/BulkApprove';
import { currentTab, PAGE_SIZE, QUEUE_FILTERS, queueQuery, stagesOf } from './review/queue';
import { DeadlineTag, StateTag } from './ui';

export default function ReviewQueuePage() {
  const { t, pick } = useClaimsI18n();
  usePageTitle(t('cl.review.title'));
  const { can } = useSession();
  const reviewer = can('claims.review');
  const navigate = useNavigate();
  const lineLabel = useLineLabel();
  const units = useUnitIndex();
  const filters = useUrlFilters(QUEUE_FILTERS);
  const settings = useQuery(claimQueries.settings());
  const tab = currentTab(filters.values, reviewer);
  const query = queueQuery(filters.values, reviewer);
  const list = useQuery(claimQueries.queue(query));
  const [selected, setSelected] = useState<ClaimView[]>([]);
  const rows = list.data?.items ?? [];
  const unitName = (id: string) => {
    const unit = units.get(id);
    return unit ? pick(unit.name, unit.nameEn) : id;
  };
  const tabs = [
    ...(reviewer ? [{ key: 'awaiting', label: t('cl.review.awaiting') }] : []),
    ...stagesOf(settings.data).map((s) => ({ key: s.id, label: pick(s.label, s.labelEn) })),
    { key: 'all', label: t('cl.review.all') },
  ];
  const header = [
    t('cl.col.reference'),
    t('cl.col.line'),
    t('cl.col.unit'),
    t('cl.col.applicant'),
    t('cl.col.amount'),
    t('cl.col.state'),
    t('cl.col.stage'),
    t('cl.col.dueOn'),
    t('cl.col.submittedAt'),
  ];
  const exportRows = () =>
    void downloadXlsx(
      'claims.xlsx',
      t('cl.review.title'),
      header,
      rows.map((c) => [
        c.reference,
        claimLineLabel(c, pick),
        unitName(c.unitId),
        c.applicantName,
        Number(yuanPlain(c.subsidyFen)),
        stateLabel(t, c.state),
        c.stage ? pick(c.stage.label, c.stage.labelEn) : '',
        c.dueOn ?? '',
        c.submittedAt ? formatMoment(c.submittedAt) : '',
      ]),
    );

  return (
    <div data-testid="claim-review-page">
      <PageHeader title={t('cl.review.title')} subtitle={t('cl.review.intro')} />
      <Tabs
        activeKey={tab}
        onChange={(key) => {
          setSelected([]);
          filters.update({ tab: key, page: undefined, state: key === 'all' ? filters.values.state : undefined });
        }}
        items={tabs.map((item) => ({
          key: item.key,
          label: <span data-testid={`review-tab-${item.key}`}>{item.label}</span>,
        }))}
      />
      <FilterBar
        count={list.data?.total ?? 0}
        active={filters.active}
        onClear={() => {
          setSelected([]);
          filters.clear();
        }}
        onExport={exportRows}
      >
        <Select
          allowClear
          placeholder={t('cl.col.line')}
          value={filters.values.line}
          onChange={(v: string | undefined) => filters.update({ line: v, page: undefined })}
          options={CLAIM_LINES.map((l) => ({ value: l, label: lineLabel(l) }))}
          style={{ width: 160 }}
          data-testid="review-filter-line"
        />
        <Select
          allowClear
          showSearch
          optionFilterProp="label"
          placeholder={t('cl.col.unit')}
          value={filters.values.unit}
          onChange={(v: string | undefined) => filters.update({ unit: v, page: undefined })}
          options={[...units.values()].map((u) => ({ value: u.id, label: pick(u.name, u.nameEn) }))}
          style={{ width: 160 }}
          data-testid="review-filter-unit"
        />
        {tab === 'all' && (
          <Select
            allowClear
            placeholder={t('cl.col.state')}
            value={filters.values.state}
            onChange={(v: string | undefined) => filters.update({ state: v, page: undefined })}
            options={CLAIM_STATES.map((s) => ({ value: s, label: stateLabel(t, s) }))}
            style={{ width: 160 }}
            data-testid="review-filter-state"
          />
        )}
        <Flex gap={6} align="center">
          <Switch
            checked={filters.values.overdue === '1'}
            onChange={(on) => filters.update({ overdue: on ? '1' : undefined, page: undefined })}
            data-testid="review-filter-overdue"
          />
          <Typography.Text>{t('cl.review.overdueOnly')}</Typography.Text>
        </Flex>
      </FilterBar>
      {reviewer && (
        <Card variant="borderless" size="small" style={{ marginTop: 8 }}>
          <BulkApprove selected={selected} onDone={() => setSelected([])} />
        </Card>
      )}
      {list.error ? <ErrorAlert error={list.error} onRetry={() => void list.refetch()} /> : null}
      <Table<ClaimView>
        style={{ marginTop: 8 }}
        data-testid="claim-queue"
        rowKey="id"
        size="small"
        loading={list.isFetching}
        dataSource={rows}
        scroll={{ x: 'max-content' }}
        rowSelection={
          reviewer
            ? {
                selectedRowKeys: selected.map((c) => c.id),
                onChange: (_, chosen) => setSelected(chosen),
                getCheckboxProps: (c) =>
                  ({ disabled: !isClean(c), 'data-testid': `bulk-select-${c.reference}` }) as object,
              }
            : undefined
        }
        pagination={{
          current: Math.floor((query.offset ?? 0) / PAGE_SIZE) + 1,
          pageSize: PAGE_SIZE,
          total: list.data?.total ?? 0,
          showSizeChanger: false,
          hideOnSinglePage: true,
          onChange: (page) => filters.update({ page: page === 1 ? undefined : page }),
        }}
        onRow={(c) =>
          ({
            'data-testid': `claim-row-${c.reference}`,
            style: { cursor: 'pointer' },
            onClick: (event: React.MouseEvent<HTMLElement>) => {
              if ((event.target as HTMLElement).closest('.ant-table-selection-column, a, button')) return;
              void navigate(`/claims/review/${encodeURIComponent(c.id)}`);
            },
          }) as React.HTMLAttributes<HTMLElement>
        }
        columns={[
          {
            title: t('cl.col.reference'),
            render: (_, c) => (
              <Link to={`/claims/review/${encodeURIComponent(c.id)}`} data-testid="claim-open">
                {c.reference}
              </Link>
            ),
          },
          { title: t('cl.col.line'), render: (_, c) => claimLineLabel(c, pick) },
          { title: t('cl.col.unit'), render: (_, c) => unitName(c.unitId) },
          { title: t('cl.col.applicant'), dataIndex: 'applicantName' },
          { title: t('cl.col.amount'), align: 'right', render: (_, c) => fenToYuanText(c.subsidyFen) },
          { title: t('cl.col.state'), render: (_, c) => <StateTag state={c.state} /> },
          { title: t('cl.col.stage'), render: (_, c) => (c.stage ? pick(c.stage.label, c.stage.labelEn) : '—') },
          { title: t('cl.col.dueOn'), render: (_, c) => <DeadlineTag claim={c} /> },
          { title: t('cl.col.submittedAt'), render: (_, c) => formatMoment(c.submittedAt) },
        ]}
      />
    </div>
  );
}
