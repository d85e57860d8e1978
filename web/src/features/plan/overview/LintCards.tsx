import { Card, Col, Flex, Row, Statistic, Typography } from 'antd';
import { CloseCircleOutlined, ExclamationCircleOutlined, InfoCircleOutlined, RightOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import type { LintSeverity, PlanOverview } from '../../../../../src/contract/plan';
import { planQueries } from '../api';
import { MeasureLink, RuleTag } from '../components/tags';
import { usePlanI18n } from '../messages';

const cards: {
  severity: LintSeverity;
  key: keyof PlanOverview['lintSummary'];
  color: string;
  icon: React.ReactNode;
}[] = [
  { severity: 'error', key: 'errors', color: '#cf1322', icon: <CloseCircleOutlined /> },
  { severity: 'warning', key: 'warnings', color: '#d46b08', icon: <ExclamationCircleOutlined /> },
  { severity: 'info', key: 'infos', color: '#1d5fa6', icon: <InfoCircleOutlined /> },
];

const SHOWN = 4;

/** The first few findings, worst first, each with the measures it concerns. */
function TopFindings() {
  const { pick } = usePlanI18n();
  const { data } = useQuery(planQueries.lint());
  const rank = (s: LintSeverity) => cards.findIndex((c) => c.severity === s);
  const findings = [...(data?.findings ?? [])].sort((a, b) => rank(a.severity) - rank(b.severity)).slice(0, SHOWN);
  return (
    <Flex vertical>
      {findings.map((f, i) => (
        <Flex key={i} vertical gap={4} className="list-row">
          <Flex gap={6} align="center" wrap>
            <RuleTag rule={f.rule} />
            {f.measures.map((n) => (
              <MeasureLink key={n} n={n} />
            ))}
          </Flex>
          <Typography.Text type="secondary" ellipsis={{ tooltip: pick(f.message, f.messageEn) }}>
            {pick(f.message, f.messageEn)}
          </Typography.Text>
        </Flex>
      ))}
    </Flex>
  );
}

export function LintCards({ summary }: { summary: PlanOverview['lintSummary'] }) {
  const { t } = usePlanI18n();
  return (
    <Card
      variant="borderless"
      title={t('overview.lintTitle')}
      extra={
        <Link to="/plan/lint">
          {t('overview.viewAll')} <RightOutlined />
        </Link>
      }
      style={{ height: '100%' }}
      data-testid="overview-lint"
    >
      <Typography.Paragraph type="secondary">{t('overview.lintHint')}</Typography.Paragraph>
      <Row gutter={[12, 12]} style={{ marginBottom: 16 }}>
        {cards.map((c) => (
          <Col key={c.severity} span={8}>
            <Link to={`/plan/lint?severity=${c.severity}`}>
              <Card size="small" className="stat-card" style={{ borderTop: `3px solid ${c.color}` }}>
                <Flex vertical align="center">
                  <Statistic
                    value={summary[c.key]}
                    prefix={<span style={{ color: c.color }}>{c.icon}</span>}
                    styles={{ content: { color: c.color } }}
                  />
                  <Typography.Text type="secondary">{t(`severity.${c.severity}`)}</Typography.Text>
                </Flex>
              </Card>
            </Link>
          </Col>
        ))}
      </Row>
      <TopFindings />
    </Card>
  );
}
