/**
 * 填报与审核: a department's or unit's officer reports a target's cumulative value or a task's stage
 * for a month, with narrative, problems and evidence files; the organisation's leader sees the reports
 * waiting for approval and approves them (the server refuses one's own report).
 */
import { useMemo, useState } from 'react';
import { Alert, App, Button, Card, Flex, Form, Input, InputNumber, Select, Upload } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ReportInput } from '../../../../src/contract/supervision';
import { PageHeader, usePageTitle } from '../../lib/ui/PageHeader';
import { withFeedback } from '../../lib/ui/withFeedback';
import { useSession } from '../accounts/session';
import { planPeriods, submitReport, supervisionKeys, TASK_STAGES, uploadEvidence, type TaskStage } from './api';
import { ReportsTable } from './SupervisionTargetPage';
import { useSupervisionQueries, useSupervisionText } from './useSupervision';

interface FormValues {
  subject: string;
  period: string;
  value?: number;
  stage?: TaskStage;
  narrative: string;
  problems?: string;
  reason?: string;
}

function ReportForm() {
  const { st, lang } = useSupervisionText();
  const { session } = useSession();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<FormValues>();
  const [evidence, setEvidence] = useState<{ sha256: string; name: string }[]>([]);
  const organisation = session?.account.roles.find(
    (role) => (role.role === 'department_officer' || role.role === 'county_officer') && role.organisation !== null,
  )?.organisation;
  const queries = useSupervisionQueries();
  const list = useQuery({
    ...queries.targets(
      organisation?.kind === 'unit' ? { unit: organisation.id } : { department: organisation?.id ?? '' },
    ),
    enabled: organisation !== undefined && organisation !== null,
  });
  const options = useMemo(() => {
    const data = list.data;
    if (data === undefined || !organisation) return [];
    const targets = data.targets
      .filter((t) => organisation.kind === 'unit' || t.lead === organisation.id)
      .map((t) => ({ value: `target:${t.id}`, label: `${t.measure} · ${lang === 'en' ? t.metricEn : t.metric}` }));
    const tasks = data.tasks.map((t) => ({ value: `task:${t.id}`, label: `${t.measure} · ${t.quote.slice(0, 40)}` }));
    return [
      { label: st('sv.col.target'), options: targets },
      { label: st('sv.col.task'), options: tasks },
    ];
  }, [list.data, organisation, lang, st]);
  const subject = Form.useWatch('subject', form);
  const isTask = typeof subject === 'string' && subject.startsWith('task:');
  const submit = useMutation({
    mutationFn: (values: FormValues) => {
      const [kind, id] = values.subject.split(':') as ['target' | 'task', string];
      const input: ReportInput = {
        subjectKind: kind,
        subjectId: id,
        period: values.period,
        narrative: values.narrative,
        ...(kind === 'target' ? { value: values.value ?? 0 } : { stage: values.stage ?? 'in_progress' }),
        ...(values.problems ? { problems: values.problems } : {}),
        ...(values.reason ? { reason: values.reason } : {}),
        ...(evidence.length > 0 ? { evidence: evidence.map((e) => e.sha256) } : {}),
      };
      return submitReport(input);
    },
    onSuccess: () => {
      void message.success(st('sv.report.submitted'));
      form.resetFields(['value', 'narrative', 'problems', 'reason']);
      setEvidence([]);
      void client.invalidateQueries({ queryKey: supervisionKeys.all });
    },
    onError: (error) => void message.error(error.message),
  });

  return (
    <Card size="small" title={st('sv.report.form')}>
      {submit.isError && (
        <Alert
          type="error"
          showIcon
          title={submit.error.message}
          style={{ marginBottom: 12 }}
          data-testid="report-error"
        />
      )}
      <Form<FormValues>
        form={form}
        layout="vertical"
        onFinish={(values) => submit.mutate(values)}
        initialValues={{ period: planPeriods().at(6) }}
        data-testid="report-form"
      >
        <Flex gap={12} wrap>
          <Form.Item
            name="subject"
            label={st('sv.report.subject')}
            rules={[{ required: true }]}
            style={{ minWidth: 360, flex: 2 }}
          >
            <Select showSearch={{ optionFilterProp: 'label' }} options={options} data-testid="report-subject" />
          </Form.Item>
          <Form.Item name="period" label={st('sv.period')} rules={[{ required: true }]} style={{ width: 120 }}>
            <Select options={planPeriods().map((p) => ({ value: p, label: p }))} data-testid="report-period" />
          </Form.Item>
          {isTask ? (
            <Form.Item name="stage" label={st('sv.report.stage')} rules={[{ required: true }]} style={{ width: 140 }}>
              <Select options={TASK_STAGES.map((s) => ({ value: s, label: st(`sv.stage.${s}`) }))} />
            </Form.Item>
          ) : (
            <Form.Item name="value" label={st('sv.report.value')} rules={[{ required: true }]} style={{ width: 160 }}>
              <InputNumber min={0} style={{ width: '100%' }} data-testid="report-value" />
            </Form.Item>
          )}
        </Flex>
        <Form.Item name="narrative" label={st('sv.report.narrative')} rules={[{ required: true, max: 4000 }]}>
          <Input.TextArea autoSize={{ minRows: 2 }} data-testid="report-narrative" />
        </Form.Item>
        <Form.Item name="problems" label={st('sv.report.problems')} rules={[{ max: 4000 }]}>
          <Input.TextArea autoSize={{ minRows: 1 }} data-testid="report-problems" />
        </Form.Item>
        <Form.Item label={st('sv.report.evidence')}>
          <Upload
            accept=".pdf,.jpg,.jpeg,.png"
            showUploadList={false}
            customRequest={({ file, onSuccess, onError }) => {
              uploadEvidence(file as File).then(
                (view) => {
                  setEvidence((list) => [...list, { sha256: view.sha256, name: view.fileName }]);
                  void message.success(st('sv.report.uploaded', { name: view.fileName }));
                  onSuccess?.(view);
                },
                (error: Error) => {
                  void message.error(error.message);
                  onError?.(error);
                },
              );
            }}
          >
            <Button icon={<UploadOutlined />} data-testid="report-upload">
              {st('sv.report.evidence')}
            </Button>
          </Upload>
          <Flex gap={4} wrap style={{ marginTop: 6 }} data-testid="report-evidence">
            {evidence.map((e) => (
              <span key={e.sha256}>📎 {e.name}</span>
            ))}
          </Flex>
        </Form.Item>
        <Form.Item name="reason" label={st('sv.report.reason')} rules={[{ max: 1000 }]}>
          <Input />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={submit.isPending} data-testid="report-submit">
          {st('sv.report.submit')}
        </Button>
      </Form>
    </Card>
  );
}

function SupervisionReportPage() {
  const { st } = useSupervisionText();
  usePageTitle(st('sv.report.title'));
  const { can, session } = useSession();
  const queries = useSupervisionQueries();
  // the leader's and the officer's own organisation: the supervising department would otherwise see everyone's
  const own = session?.account.roles.find(
    (role) =>
      role.role !== 'city_leader' && (role.organisation?.kind === 'department' || role.organisation?.kind === 'unit'),
  )?.organisation;
  const reporter = own ? { kind: own.kind as 'department' | 'unit', id: own.id } : undefined;
  const pending = useQuery({ ...queries.reports('submitted', reporter), enabled: can('supervision.approve') });
  const mine = useQuery({ ...queries.reports(undefined, reporter), enabled: can('supervision.report') });
  return (
    <Flex vertical gap={16} data-testid="supervision-report">
      <PageHeader title={st('sv.report.title')} subtitle={st('sv.report.subtitle')} />
      {can('supervision.report') && <ReportForm />}
      {can('supervision.approve') && (
        <Card size="small" title={st('sv.pending')}>
          <ReportsTable reports={pending.data?.items ?? []} testId="pending-reports" />
        </Card>
      )}
      {can('supervision.report') && (
        <Card size="small" title={st('sv.mine')}>
          <ReportsTable reports={mine.data?.items ?? []} testId="my-reports" />
        </Card>
      )}
    </Flex>
  );
}

export default withFeedback(SupervisionReportPage);
