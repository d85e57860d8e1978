import { Card, Col, Flex, Row, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import type { ActionSummary, PlanMeasure } from '../../../../src/domain/plan/schema';
import type { LintFinding } from '../../../../src/contract/plan';
import { planQueries } from './api';
import { useFindingsByMeasure } from './lookups';
import { Loaded } from '../../lib/ui/Loaded';
import { LintBadge } from './components/LintBadge';
import { PageHeader, usePageTitle } from '../../lib/ui/PageHeader';
import { DepartmentTags, MeasureNumber } from './components/tags';
import { actionRef } from './format';
import { useScrollToHash } from '../../lib/hooks';
import { usePlanI18n } from './messages';

function CountTag({ n, label, color }: { n: number; label: string; color: string }) {
  return <Tag color={n > 0 ? color : undefined}>{label}</Tag>;
}

function MeasureCard({ measure, findings }: { measure: PlanMeasure; findings: readonly LintFinding[] }) {
  const { t, pick, lang } = usePlanI18n();
  return (
    <Link to={`/plan/measures/${measure.number}`} className="card-link" data-testid={`measure-card-${measure.number}`}>
      <Card size="small" className="stat-card measure-card">
        <Flex vertical gap={8} style={{ height: '100%' }}>
          <Flex align="center" gap={6}>
            <MeasureNumber n={measure.number} />
            <Typography.Text strong className="measure-card-title">
              {pick(measure.title, measure.titleEn)}
            </Typography.Text>
          </Flex>
          {lang === 'en' && <Typography.Text type="secondary">{measure.title}</Typography.Text>}
          <div style={{ flex: 1 }}>
            <DepartmentTags ids={measure.departments} max={4} linked={false} />
          </div>
          <Flex gap={4} wrap>
            <CountTag
              n={measure.targets.length}
              color="gold"
              label={t('measures.targets', { n: measure.targets.length })}
            />
            <CountTag
              n={measure.parameters.length}
              color="volcano"
              label={t('measures.parameters', { n: measure.parameters.length })}
            />
            <LintBadge findings={findings} />
          </Flex>
        </Flex>
      </Card>
    </Link>
  );
}

function ActionCard({
  action,
  measures,
  findings,
}: {
  action: ActionSummary;
  measures: PlanMeasure[];
  findings: Map<number, LintFinding[]>;
}) {
  const { pick, lang } = usePlanI18n();
  return (
    <Card
      id={`action-${action.number}`}
      variant="borderless"
      className="action-card"
      title={
        <span>
          {actionRef(action.number, lang)}
          {pick(action.title, action.titleEn)}
          {lang === 'en' && (
            <Typography.Text type="secondary" style={{ marginInlineStart: 8, fontWeight: 400 }}>
              {action.title}
            </Typography.Text>
          )}
        </span>
      }
      style={{ scrollMarginTop: 76 }}
    >
      <Row gutter={[12, 12]}>
        {measures.map((m) => (
          <Col key={m.number} xs={24} md={12} xl={8}>
            <MeasureCard measure={m} findings={findings.get(m.number) ?? []} />
          </Col>
        ))}
      </Row>
    </Card>
  );
}

export default function MeasuresPage() {
  const { t } = usePlanI18n();
  usePageTitle(t('measures.title'));
  const overview = useQuery(planQueries.overview());
  const measures = useQuery(planQueries.measures());
  const findings = useFindingsByMeasure();
  useScrollToHash(overview.isSuccess && measures.isSuccess);

  return (
    <div data-testid="measures-page">
      <PageHeader
        title={t('measures.title')}
        subtitle={
          overview.data &&
          t('measures.subtitle', { actions: overview.data.counts.actions, measures: overview.data.counts.measures })
        }
      />
      <Loaded query={overview}>
        {({ actions }) => (
          <Loaded query={measures}>
            {(list) => (
              <Flex vertical gap={16}>
                {actions.map((action) => (
                  <ActionCard
                    key={action.number}
                    action={action}
                    measures={list.filter((m) => m.action === action.number)}
                    findings={findings}
                  />
                ))}
              </Flex>
            )}
          </Loaded>
        )}
      </Loaded>
    </div>
  );
}
