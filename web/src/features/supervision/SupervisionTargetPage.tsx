/**
 * One target's history: month by month the reported, platform and due figures, every report with its
 * approval (the organisation's leader approves here), and the leaders' instructions with their answers.
 */
import { useState } from 'react';
import { App, Button, Card, Descriptions, Flex, Input, List, Table, Tag, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useParams } from 'react-router-dom';
import { ErrorAlert } from '../../lib/ui/ErrorAlert';
import { PageHeader, usePageTitle } from '../../lib/ui/PageHeader';
import { withFeedback } from '../../lib/ui/withFeedback';
import { useSession } from '../accounts/session';
import {
  answerInstruction,
  approveReport,
  evidenceUrl,
  giveInstruction,
  supervisionKeys,
  type ReportView,
} from './api';
import { HistoryChart } from './SupervisionCharts';
import { StatusTag } from './StatusTag';
import { percent, useSupervisionQueries, useSupervisionText } from './useSupervision';

export function ReportsTable({ reports, testId }: { reports: readonly ReportView[]; testId: string }) {
  const { st } = useSupervisionText();
  const { can } = useSession();
  const client = useQueryClient();
  const { message } = App.useApp();
  const approve = useMutation({
    mutationFn: approveReport,
    onSuccess: () => {
      void message.success(st('sv.approved'));
      void client.invalidateQueries({ queryKey: supervisionKeys.all });
    },
    onError: (error) => void message.error(error.message),
  });
  return (
    <Table<ReportView>
      size="small"
      rowKey="id"
      dataSource={[...reports]}
      pagination={{ pageSize: 12, hideOnSinglePage: true }}
      scroll={{ x: 900 }}
      data-testid={testId}
      columns={[
        { title: st('sv.col.period'), dataIndex: 'period', width: 80 },
        { title: st('sv.col.reporter'), dataIndex: 'reporterName', width: 150 },
        { title: st('sv.col.target'), dataIndex: 'subjectId', width: 160 },
        {
          title: st('sv.col.reported'),
          key: 'figure',
          width: 110,
          render: (_v, row) =>
            row.value === null
              ? row.stage === null
                ? '—'
                : st(`sv.stage.${row.stage}`)
              : row.value.toLocaleString('zh-CN'),
        },
        {
          title: st('sv.col.narrative'),
          dataIndex: 'narrative',
          render: (text: string, row) => (
            <>
              {text}
              {row.evidence.map((hash) => (
                <a key={hash} href={evidenceUrl(hash)} style={{ marginLeft: 6 }}>
                  📎
                </a>
              ))}
            </>
          ),
        },
        { title: st('sv.col.problems'), dataIndex: 'problems', width: 160 },
        {
          title: st('sv.col.state'),
          key: 'state',
          width: 170,
          render: (_v, row) => (
            <Flex gap={4} wrap>
              <Tag color={row.state === 'approved' ? 'green' : 'gold'} data-testid={`report-state-${row.id}`}>
                {st(`sv.state.${row.state}`)}
              </Tag>
              {row.late && <Tag color="red">{st('sv.late')}</Tag>}
              {row.state === 'submitted' && can('supervision.approve') && (
                <Button
                  size="small"
                  type="primary"
                  loading={approve.isPending && approve.variables === row.id}
                  onClick={() => approve.mutate(row.id)}
                  data-testid={`approve-${row.id}`}
                >
                  {st('sv.approve')}
                </Button>
              )}
            </Flex>
          ),
        },
      ]}
    />
  );
}

function SupervisionTargetPage() {
  const { st, lang } = useSupervisionText();
  const { id = '' } = useParams();
  const { can } = useSession();
  const queries = useSupervisionQueries();
  const history = useQuery(queries.history(id));
  const client = useQueryClient();
  const { message } = App.useApp();
  const [instruction, setInstruction] = useState('');
  const [answers, setAnswers] = useState<Record<string, string>>({});
  const refresh = () => void client.invalidateQueries({ queryKey: supervisionKeys.all });
  const instruct = useMutation({
    mutationFn: () => giveInstruction({ subjectKind: 'target', subjectId: id, text: instruction }),
    onSuccess: () => {
      setInstruction('');
      refresh();
    },
    onError: (error) => void message.error(error.message),
  });
  const answer = useMutation({
    mutationFn: (instructionId: string) => answerInstruction(instructionId, { answer: answers[instructionId] ?? '' }),
    onSuccess: refresh,
    onError: (error) => void message.error(error.message),
  });
  const target = history.data?.target;
  usePageTitle(target?.metric);

  return (
    <Flex vertical gap={16} data-testid="supervision-target">
      <PageHeader title={target ? (lang === 'en' ? target.metricEn : target.metric) : id} subtitle={target?.quote} />
      {history.isError && <ErrorAlert error={history.error} onRetry={() => void history.refetch()} />}
      {history.data && target && (
        <>
          <Descriptions size="small" bordered column={{ xs: 1, md: 3 }}>
            <Descriptions.Item label={st('sv.col.status')}>
              <StatusTag status={target.status} />
            </Descriptions.Item>
            <Descriptions.Item label={st('sv.col.value')}>
              {target.value.toLocaleString('zh-CN')} · {target.deadline}
            </Descriptions.Item>
            <Descriptions.Item label={st('sv.col.progress')}>{percent(target.progressBp)}</Descriptions.Item>
            <Descriptions.Item label={st('sv.col.reported')}>
              <span data-testid="target-reported">{target.reported?.toLocaleString('zh-CN') ?? '—'}</span>
            </Descriptions.Item>
            <Descriptions.Item label={st('sv.col.platform')}>
              {target.platform === null ? '—' : (target.platform.value?.toLocaleString('zh-CN') ?? '—')}
              {target.platform?.gap && (
                <Tag color="red" style={{ marginLeft: 6 }}>
                  {st('sv.gap')}
                </Tag>
              )}
            </Descriptions.Item>
            <Descriptions.Item label={st('sv.col.lead')}>{target.leadName}</Descriptions.Item>
            <Descriptions.Item label={st('sv.col.problems')} span={3}>
              {target.problems ?? '—'}
            </Descriptions.Item>
          </Descriptions>
          <Card size="small" title={st('sv.history')}>
            <HistoryChart history={history.data} />
          </Card>
          <Card size="small" title={st('sv.reports')}>
            <ReportsTable reports={history.data.reports} testId="target-reports" />
          </Card>
          <Card size="small" title={st('sv.instructions')}>
            {can('supervision.instruct') && (
              <Flex gap={8} style={{ marginBottom: 12 }}>
                <Input.TextArea
                  value={instruction}
                  onChange={(event) => setInstruction(event.target.value)}
                  placeholder={st('sv.instruct.placeholder')}
                  autoSize={{ minRows: 1, maxRows: 4 }}
                  maxLength={2000}
                  data-testid="instruction-text"
                />
                <Button
                  type="primary"
                  disabled={instruction.trim() === ''}
                  loading={instruct.isPending}
                  onClick={() => instruct.mutate()}
                >
                  {st('sv.instruct')}
                </Button>
              </Flex>
            )}
            <List
              size="small"
              dataSource={history.data.instructions}
              locale={{ emptyText: st('sv.noInstructions') }}
              renderItem={(item) => (
                <List.Item>
                  <Flex vertical gap={4} style={{ width: '100%' }}>
                    <Typography.Text strong>{item.text}</Typography.Text>
                    <Typography.Text type="secondary">
                      {item.givenBy} · {item.givenAt.slice(0, 10)}
                    </Typography.Text>
                    {item.answer !== null ? (
                      <Typography.Text>
                        {st('sv.answer')}：{item.answer}
                      </Typography.Text>
                    ) : (
                      (can('supervision.report') || can('supervision.approve')) && (
                        <Flex gap={8}>
                          <Input
                            value={answers[item.id] ?? ''}
                            onChange={(event) => setAnswers({ ...answers, [item.id]: event.target.value })}
                            placeholder={st('sv.answer.placeholder')}
                            maxLength={4000}
                          />
                          <Button
                            disabled={(answers[item.id] ?? '').trim() === ''}
                            onClick={() => answer.mutate(item.id)}
                          >
                            {st('sv.answer')}
                          </Button>
                        </Flex>
                      )
                    )}
                  </Flex>
                </List.Item>
              )}
            />
          </Card>
        </>
      )}
    </Flex>
  );
}

export default withFeedback(SupervisionTargetPage);
