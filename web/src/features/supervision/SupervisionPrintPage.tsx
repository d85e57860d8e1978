/**
 * The printable monthly report (督办月报): the status counts and every target and task in the
 * supervision office's columns, laid out for A4 landscape by print CSS (supervision-print.css).
 */
import { Button, Flex, Typography } from 'antd';
import { PrinterOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router-dom';
import { usePageTitle } from '../../lib/ui/PageHeader';
import { SUPERVISION_STATUSES } from './api';
import { percent, useSupervisionQueries, useSupervisionText } from './useSupervision';
import './supervision-print.css';

function SupervisionPrintPage() {
  const { st } = useSupervisionText();
  usePageTitle(st('sv.print.title'));
  const [params] = useSearchParams();
  const period = params.get('period') ?? undefined;
  const queries = useSupervisionQueries();
  const list = useQuery(queries.targets(period === undefined ? {} : { period }));
  const board = useQuery(queries.board(period));
  const data = list.data;
  return (
    <div className="supervision-print" data-testid="supervision-print">
      <Flex justify="space-between" align="center" className="no-print">
        <Typography.Text type="secondary">{data?.planVersionId}</Typography.Text>
        <Button icon={<PrinterOutlined />} onClick={() => window.print()}>
          {st('sv.print.button')}
        </Button>
      </Flex>
      <h1>{st('sv.print.title')}</h1>
      {data && <p className="as-of">{st('sv.asOf', { date: data.asOf })}</p>}
      {board.data && (
        <p>
          {st('sv.summary', { n: data?.targets.length ?? 0 })}
          {SUPERVISION_STATUSES.map((s) => `${st(`sv.status.${s}`)} ${board.data.counts[s] ?? 0}`).join('，')}
        </p>
      )}
      <table>
        <thead>
          <tr>
            {['序号', '任务', '牵头单位', '目标', '完成情况', '进度', '状态', '存在问题'].map((h) => (
              <th key={h}>{h}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {data?.targets.map((t, i) => (
            <tr key={t.id} className={`status-${t.status}`}>
              <td>{i + 1}</td>
              <td>
                措施{t.measure}：{t.metric}
              </td>
              <td>{t.leadName}</td>
              <td>
                {t.value.toLocaleString('zh-CN')}（{t.deadline}）
              </td>
              <td>
                {t.reported === null ? '未报送' : `累计 ${t.reported.toLocaleString('zh-CN')}`}
                {t.narrative ? `；${t.narrative}` : ''}
              </td>
              <td>{percent(t.progressBp)}</td>
              <td>{st(`sv.status.${t.status}`)}</td>
              <td>{t.problems}</td>
            </tr>
          ))}
          {data?.tasks.map((t, i) => (
            <tr key={t.id}>
              <td>{data.targets.length + i + 1}</td>
              <td>
                措施{t.measure}：{t.quote}
              </td>
              <td>{t.leadName}</td>
              <td>（定性任务）</td>
              <td>{t.narrative ?? '未报送'}</td>
              <td>—</td>
              <td>{t.stage === null ? st('sv.status.not_reported') : st(`sv.stage.${t.stage}`)}</td>
              <td>{t.problems}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export default SupervisionPrintPage;
