/**
 * 审计日志: the hash-chained log, newest first, paged by sequence (nextBefore), filtered by actor,
 * action and subject, each entry expandable to its before/after summary; the security log (sign-ins,
 * refusals, bulk reads) in a second tab, the same way; 校验审计链 for both chains; and signed
 * statements of their heads to publish and download (docs/access.md).
 */
import { useEffect, useMemo, useState } from 'react';
import {
  Button,
  Card,
  Col,
  Flex,
  Form,
  Input,
  Row,
  Space,
  Table,
  Tabs,
  Tag,
  Tooltip,
  Typography,
  type TableColumnsType,
} from 'antd';
import {
  DownloadOutlined,
  FileProtectOutlined,
  LeftOutlined,
  RightOutlined,
  SafetyCertificateOutlined,
  VerticalRightOutlined,
} from '@ant-design/icons';
import { useMutation, useQuery } from '@tanstack/react-query';
import { ROLES } from '../../../../src/domain/access/permissions';
import type { AuditEntryView } from './api';
import { auditQueries, latestStatement, publishStatement, verifyAuditChain, type AuditLogName } from './api';
import { PageHeader, usePageTitle } from '../../lib/ui/PageHeader';
import { formatShanghai } from '../../lib/datetime';
import { shortHash } from '../plan/format';
import { useUrlFilters } from '../../lib/hooks';
import { useAuditI18n } from './messages';
import { ActorName, useActorNames } from './Actors';
import { ChainVerification } from './ChainVerification';
import { prettyJson } from './json';
import { downloadStatement } from './statement';
import { StatementCard } from './StatementCard';
import { ErrorAlert } from '../../lib/ui/ErrorAlert';

const FILTERS = ['actor', 'action', 'subject'] as const;
const PAGE_SIZE = 50;

type FilterValues = Partial<Record<(typeof FILTERS)[number], string>>;

/** An entry's summary: before and after for a change; for a security event, its details (kept as `after`). */
function SummaryPanel({ entry, log }: { entry: AuditEntryView; log: AuditLogName }) {
  const { t } = useAuditI18n();
  const before = prettyJson(entry.summary.before);
  const after = prettyJson(entry.summary.after);
  const block = (label: string, text: string | undefined, testId: string) => (
    <Col xs={24} md={12}>
      <Typography.Text type="secondary">{label}</Typography.Text>
      {text === undefined ? (
        <div>
          <Typography.Text type="secondary">—</Typography.Text>
        </div>
      ) : (
        <pre className="json-block" data-testid={testId}>
          {text}
        </pre>
      )}
    </Col>
  );
  return (
    <Flex vertical gap={8} data-testid="audit-summary">
      {before === undefined && after === undefined ? (
        <Typography.Text type="secondary">{t('audit.noSummary')}</Typography.Text>
      ) : (
        <Row gutter={[16, 8]}>
          {log === 'entries' && block(t('audit.before'), before, 'audit-before')}
          {block(t(log === 'entries' ? 'audit.after' : 'audit.details'), after, 'audit-after')}
        </Row>
      )}
      <Typography.Text type="secondary" style={{ fontSize: 12, wordBreak: 'break-all' }}>
        {t('audit.previousHash')}: <span className="hash">{entry.previousHash}</span>
        <br />
        {t('audit.hash')}: <span className="hash">{entry.hash}</span>
      </Typography.Text>
    </Flex>
  );
}

/** One filtered view of the log; the pages already visited are a stack of `before` cursors. */
function AuditTable({
  log,
  filters,
  onFilter,
}: {
  log: AuditLogName;
  filters: FilterValues;
  onFilter: (patch: FilterValues) => void;
}) {
  const { t } = useAuditI18n();
  const [cursors, setCursors] = useState<number[]>([]);
  const before = cursors[cursors.length - 1];
  const entries = useQuery(auditQueries.entries({ ...filters, before, limit: PAGE_SIZE }, log));
  const data = entries.data;
  const actorNames = useActorNames(useMemo(() => (data?.items ?? []).map((e) => e.actor), [data]));
  const roleLabel = (role: string) =>
    role
      .split('+')
      .map((part) => {
        const known = ROLES.find((r) => r === part);
        if (known) return t(`role.${known}`);
        return part === 'system' ? t('audit.system') : part === 'none' ? '—' : part;
      })
      .join('、');

  const columns: TableColumnsType<AuditEntryView> = [
    // a fixed column keeps expanded rows to the visible width on narrow screens
    { key: 'sequence', title: t('audit.sequence'), dataIndex: 'sequence', width: 80, align: 'right', fixed: 'left' },
    {
      key: 'at',
      title: t('audit.at'),
      width: 170,
      render: (_, e) => <span style={{ whiteSpace: 'nowrap' }}>{formatShanghai(e.at)}</span>,
    },
    {
      key: 'actor',
      title: t('audit.actor'),
      width: 170,
      render: (_, e) => (
        <Typography.Link onClick={() => onFilter({ actor: e.actor })} title={t('audit.filterBy')}>
          <ActorName actor={e.actor} name={actorNames.get(e.actor)} />
        </Typography.Link>
      ),
    },
    { key: 'role', title: t('audit.role'), width: 110, render: (_, e) => roleLabel(e.role) },
    {
      key: 'action',
      title: t('audit.action'),
      width: 190,
      render: (_, e) => (
        <Tag onClick={() => onFilter({ action: e.action })} title={t('audit.filterBy')} style={{ cursor: 'pointer' }}>
          {e.action}
        </Tag>
      ),
    },
    {
      key: 'subject',
      title: t('audit.subject'),
      render: (_, e) => (
        <Typography.Link
          onClick={() => onFilter({ subject: e.subject })}
          title={t('audit.filterBy')}
          style={{ wordBreak: 'break-all' }}
        >
          {e.subject}
        </Typography.Link>
      ),
    },
    {
      key: 'requestId',
      title: t('audit.requestId'),
      width: 150,
      render: (_, e) => (
        <Typography.Text copyable={{ text: e.requestId }} className="hash" ellipsis style={{ maxWidth: 130 }}>
          {e.requestId}
        </Typography.Text>
      ),
    },
    {
      key: 'hash',
      title: t('audit.hash'),
      width: 110,
      render: (_, e) => (
        <Tooltip title={<span className="hash">{e.hash}</span>}>
          <span className="hash">{shortHash(e.hash)}</span>
        </Tooltip>
      ),
    },
  ];

  if (entries.isError) return <ErrorAlert error={entries.error} onRetry={() => void entries.refetch()} />;
  return (
    <Card variant="borderless" size="small">
      <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 12 }}>
        <Typography.Text type="secondary" data-testid="audit-head">
          {data ? (
            <>
              {t('audit.head', { sequence: data.head.sequence })} ·{' '}
              <Tooltip title={<span className="hash">{data.head.hash}</span>}>
                <span className="hash">{shortHash(data.head.hash)}</span>
              </Tooltip>
            </>
          ) : null}
        </Typography.Text>
        <Space>
          <Button icon={<VerticalRightOutlined />} disabled={cursors.length === 0} onClick={() => setCursors([])}>
            {t('audit.newest')}
          </Button>
          <Button
            icon={<LeftOutlined />}
            disabled={cursors.length === 0}
            onClick={() => setCursors(cursors.slice(0, -1))}
          >
            {t('audit.newer')}
          </Button>
          <Button
            disabled={data?.nextBefore === null || data?.nextBefore === undefined}
            onClick={() => {
              if (data?.nextBefore !== null && data?.nextBefore !== undefined)
                setCursors([...cursors, data.nextBefore]);
            }}
            data-testid="audit-older"
          >
            {t('audit.older')} <RightOutlined />
          </Button>
        </Space>
      </Flex>
      <Table<AuditEntryView>
        rowKey="sequence"
        columns={columns}
        dataSource={data?.items ?? []}
        loading={entries.isFetching}
        pagination={false}
        size="small"
        scroll={{ x: 1200 }}
        locale={{ emptyText: t(log === 'entries' ? 'audit.empty' : 'audit.securityEmpty') }}
        expandable={{ expandedRowRender: (entry) => <SummaryPanel entry={entry} log={log} /> }}
        data-testid={log === 'entries' ? 'audit-table' : 'security-table'}
      />
    </Card>
  );
}

export default function AuditPage() {
  const { t } = useAuditI18n();
  usePageTitle(t('audit.title'));
  const filters = useUrlFilters(FILTERS);
  const [form] = Form.useForm<FilterValues>();
  const verification = useMutation({ mutationFn: verifyAuditChain });
  const publication = useMutation({ mutationFn: publishStatement });
  const latest = useMutation({ mutationFn: latestStatement, onSuccess: downloadStatement });
  const [log, setLog] = useState<AuditLogName>('entries');
  const filterKey = FILTERS.map((k) => filters.values[k] ?? '').join('\u0000');
  // the form follows the address bar (a filter set by clicking a cell, back and forward)
  const { actor, action, subject } = filters.values;
  useEffect(() => form.setFieldsValue({ actor, action, subject }), [form, actor, action, subject]);

  return (
    <Flex vertical gap={16} data-testid="audit-page">
      <PageHeader
        title={t('audit.title')}
        subtitle={t('audit.subtitle')}
        extra={
          <>
            <Button
              icon={<DownloadOutlined />}
              loading={latest.isPending}
              onClick={() => latest.mutate()}
              data-testid="audit-download-latest"
            >
              {t('audit.downloadLatest')}
            </Button>
            <Button
              icon={<FileProtectOutlined />}
              loading={publication.isPending}
              onClick={() => publication.mutate()}
              data-testid="audit-publish"
            >
              {t('audit.publish')}
            </Button>
            <Button
              type="primary"
              icon={<SafetyCertificateOutlined />}
              loading={verification.isPending}
              onClick={() => verification.mutate()}
              data-testid="audit-verify"
            >
              {t('audit.verify')}
            </Button>
          </>
        }
      />
      {verification.isError && <ErrorAlert error={verification.error} />}
      {verification.data && (
        <>
          <ChainVerification result={verification.data} onClose={() => verification.reset()} />
          {verification.data.security && <ChainVerification result={verification.data.security} chain="security" />}
        </>
      )}
      {publication.isError && <ErrorAlert error={publication.error} testId="audit-publish-error" />}
      {latest.isError && <ErrorAlert error={latest.error} testId="audit-latest-error" />}
      {publication.data && <StatementCard statement={publication.data} onClose={() => publication.reset()} />}
      <Tabs
        activeKey={log}
        onChange={(key) => setLog(key === 'security-events' ? 'security-events' : 'entries')}
        items={[
          { key: 'entries', label: <span data-testid="audit-tab-entries">{t('audit.tabEntries')}</span> },
          { key: 'security-events', label: <span data-testid="audit-tab-security">{t('audit.tabSecurity')}</span> },
        ]}
        style={{ marginBottom: -16 }}
      />
      {log === 'security-events' && (
        <Typography.Text type="secondary" data-testid="security-note">
          {t('audit.securityNote')}
        </Typography.Text>
      )}
      <Card variant="borderless" size="small">
        <Form<FilterValues>
          form={form}
          layout="inline"
          onFinish={(values) =>
            filters.update({
              actor: values.actor?.trim(),
              action: values.action?.trim(),
              subject: values.subject?.trim(),
            })
          }
          style={{ rowGap: 8 }}
        >
          <Form.Item name="actor" label={t('audit.actor')}>
            <Input
              allowClear
              placeholder={t('audit.actorHint')}
              style={{ width: 180 }}
              data-testid="audit-filter-actor"
            />
          </Form.Item>
          <Form.Item name="action" label={t('audit.action')}>
            <Input
              allowClear
              placeholder={t('audit.actionHint')}
              style={{ width: 180 }}
              data-testid="audit-filter-action"
            />
          </Form.Item>
          <Form.Item name="subject" label={t('audit.subject')}>
            <Input
              allowClear
              placeholder={t('audit.subjectHint')}
              style={{ width: 200 }}
              data-testid="audit-filter-subject"
            />
          </Form.Item>
          <Space>
            <Button type="primary" htmlType="submit" data-testid="audit-search">
              {t('common.search')}
            </Button>
            {filters.active && <Button onClick={filters.clear}>{t('common.resetFilters')}</Button>}
          </Space>
        </Form>
      </Card>
      <Typography.Text type="secondary" style={{ fontSize: 12, marginTop: -8 }}>
        {t('audit.filterNote')}
      </Typography.Text>
      <AuditTable
        key={`${log}\u0000${filterKey}`}
        log={log}
        filters={filters.values}
        onFilter={(patch) => filters.update(patch)}
      />
    </Flex>
  );
}
