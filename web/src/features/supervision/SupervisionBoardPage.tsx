/**
 * 督办看板, the mayor's board: every target by action with its status colour, the trend of statuses by
 * month, departments and units ranked by on-time reporting and progress, the newest alerts; the
 * period's .xlsx and the printable monthly report.
 */
import { Button, Card, Col, Flex, List, Row, Select, Statistic, Table, Tag, Typography } from 'antd';
import { DownloadOutlined, PrinterOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import type { ReporterRanking } from '../../../../src/contract/supervision';
import { ErrorAlert } from '../../lib/ui/ErrorAlert';
import { PageHeader, usePageTitle } from '../../lib/ui/PageHeader';
import { exportUrl, planPeriods, SUPERVISION_STATUSES } from './api';
import { ActionStatusChart, StatusTrendChart } from './SupervisionCharts';
import { percent, STATUS_COLOURS, useSupervisionQueries, useSupervisionText } from './useSupervision';

function RankingTable({ rows, kind }: { rows: readonly ReporterRanking[]; kind: 'department' | 'unit' }) {
  const { st } = useSupervisionText();
  return (
    <Table<ReporterRanking>
      size="small"
      rowKey="id"
      pagination={{ pageSize: 10, hideOnSinglePage: true }}
      dataSource={[...rows]}
      data-testid={`ranking-${kind}`}
      columns={[
        { title: '#', key: 'rank', width: 40, render: (_v, _r, index) => index + 1 },
        {
          title: st('sv.rank.name'),
          dataIndex: 'name',
          render: (name: string, row) => (
            <Link to={`/supervision/${kind === 'department' ? 'departments' : 'units'}/${row.id}`}>{name}</Link>
          ),
        },
        { title: st('sv.rank.onTime'), dataIndex: 'onTimeBp', width: 100, render: (bp: number) => percent(bp) },
        { title: st('sv.rank.late'), dataIndex: 'late', width: 70 },
        {
          title: st('sv.rank.progress'),
          dataIndex: 'progressBp',
          width: 90,
          render: (bp: number | null) => percent(bp),
        },
      ]}
    />
  );
}

function SupervisionBoardPage() {
  const { st, lang } = useSupervisionText();
  usePageTitle(st('sv.board.title'));
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const period = params.get('period') ?? undefined;
  const queries = useSupervisionQueries();
  const board = useQuery(queries.board(period));
  const shown = board.data?.period ?? period ?? '';
  const names = new Map([...(board.data?.departments ?? []), ...(board.data?.units ?? [])].map((r) => [r.id, r.name]));

  return (
    <Flex vertical gap={16} data-testid="supervision-board">
      <PageHeader
        title={st('sv.board.title')}
        subtitle={st('sv.board.subtitle')}
        extra={
          <Flex gap={8} wrap align="center">
            <Typography.Text type="secondary">{st('sv.period')}</Typography.Text>
            <Select<string>
              value={shown || undefined}
              onChange={(value) => setParams({ period: value })}
              options={planPeriods().map((p) => ({ value: p, label: p }))}
              style={{ width: 110 }}
              data-testid="board-period"
            />
            <Button icon={<DownloadOutlined />} href={shown ? exportUrl(shown) : undefined} data-testid="board-export">
              {st('sv.export')}
            </Button>
            <Button icon={<PrinterOutlined />} onClick={() => void navigate(`/supervision/print?period=${shown}`)}>
              {st('sv.print')}
            </Button>
          </Flex>
        }
      />
      {board.isError && <ErrorAlert error={board.error} onRetry={() => void board.refetch()} />}
      {board.data && (
        <>
          <Typography.Text type="secondary" data-testid="board-as-of">
            {st('sv.asOf', { date: board.data.asOf })} · {board.data.planVersionId}
          </Typography.Text>
          <Row gutter={[12, 12]}>
            {SUPERVISION_STATUSES.map((status) => (
              <Col key={status} xs={12} sm={8} lg={4}>
                <Card size="small" data-testid={`count-${status}`}>
                  <Statistic
                    title={st(`sv.status.${status}`)}
                    value={board.data.counts[status] ?? 0}
                    valueStyle={{ color: STATUS_COLOURS[status] }}
                  />
                </Card>
              </Col>
            ))}
          </Row>
          <Row gutter={[16, 16]}>
            <Col xs={24} xl={14}>
              <Card title={st('sv.byAction')} size="small">
                <ActionStatusChart board={board.data} />
                <Flex wrap gap={4} style={{ marginTop: 8 }} data-testid="board-targets">
                  {board.data.actions.flatMap((action) =>
                    action.targets.map((target) => (
                      <Link
                        key={target.id}
                        to={`/supervision/targets/${target.id}`}
                        data-testid={`board-target-${target.id}`}
                      >
                        <Tag color={STATUS_COLOURS[target.status]} data-status={target.status}>
                          {action.number}·{target.metric} {percent(target.progressBp)}
                        </Tag>
                      </Link>
                    )),
                  )}
                </Flex>
              </Card>
            </Col>
            <Col xs={24} xl={10}>
              <Card title={st('sv.trend')} size="small">
                <StatusTrendChart board={board.data} />
                <Typography.Text type="secondary">{st('sv.tasks', { n: board.data.tasks.total })}</Typography.Text>
              </Card>
            </Col>
          </Row>
          <Row gutter={[16, 16]}>
            <Col xs={24} lg={12}>
              <Card title={st('sv.rank.departments')} size="small">
                <RankingTable rows={board.data.departments} kind="department" />
              </Card>
            </Col>
            <Col xs={24} lg={12}>
              <Card title={st('sv.rank.units')} size="small">
                <RankingTable rows={board.data.units} kind="unit" />
              </Card>
            </Col>
          </Row>
          <Card title={st('sv.alerts')} size="small">
            <List
              size="small"
              dataSource={board.data.alerts}
              locale={{ emptyText: st('sv.noAlerts') }}
              renderItem={(alert) => (
                <List.Item>
                  <Typography.Text type="secondary">{alert.createdAt.slice(0, 10)}</Typography.Text>{' '}
                  <Tag>{names.get(alert.ownerId) ?? alert.ownerId}</Tag>
                  <Link
                    to={
                      alert.subjectKind === 'target'
                        ? `/supervision/targets/${alert.subjectId}`
                        : '/supervision/targets'
                    }
                  >
                    {alert.subjectId}
                  </Link>{' '}
                  {lang === 'en' ? alert.messageEn : alert.message}
                </List.Item>
              )}
            />
          </Card>
        </>
      )}
    </Flex>
  );
}

export default SupervisionBoardPage;
