import { Card, Col, Flex, Row, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router-dom';
import type { PlanMeasure } from '../../../../src/contract/plan';
import { planQueries } from './api';
import { Loaded } from '../../lib/ui/Loaded';
import { PageHeader, usePageTitle } from '../../lib/ui/PageHeader';
import { ParametersTable } from './components/ParametersTable';
import { TargetsTable } from './components/TargetsTable';
import { DepartmentTags, MeasureNumber } from './components/tags';
import { actionRef, measureRef } from './format';
import { usePlanI18n } from './messages';
import { LintPanel } from './measure/LintPanel';
import { MarkLegend, MeasureText } from './measure/MeasureText';
import { MeasurePager } from './measure/MeasurePager';
import { UnitsCard } from './measure/UnitsCard';
import NotFoundPage from '../../app/NotFoundPage';

function MeasureTables({ number }: { number: number }) {
  const { t } = usePlanI18n();
  const ofMeasure = <T extends { measure: number | null }>(rows: T[]) => rows.filter((x) => x.measure === number);
  const targets = useQuery({ ...planQueries.targets(), select: ofMeasure });
  const parameters = useQuery({ ...planQueries.parameters(), select: ofMeasure });
  const count = (rows: unknown[] | undefined) => (rows ? `（${rows.length}）` : '');
  return (
    <>
      <Card variant="borderless" title={`${t('measure.targets')}${count(targets.data)}`}>
        <Loaded query={targets} rows={3}>
          {(rows) =>
            rows.length === 0 ? (
              <Typography.Text type="secondary">{t('measure.noTargets')}</Typography.Text>
            ) : (
              <TargetsTable rows={rows} showMeasure={false} testId="measure-targets" />
            )
          }
        </Loaded>
      </Card>
      <Card variant="borderless" title={`${t('measure.parameters')}${count(parameters.data)}`}>
        <Loaded query={parameters} rows={3}>
          {(rows) =>
            rows.length === 0 ? (
              <Typography.Text type="secondary">{t('measure.noParameters')}</Typography.Text>
            ) : (
              <ParametersTable rows={rows} showMeasure={false} testId="measure-parameters" />
            )
          }
        </Loaded>
      </Card>
    </>
  );
}

function MeasureView({ measure }: { measure: PlanMeasure }) {
  const { t, pick, lang } = usePlanI18n();
  const overview = useQuery(planQueries.overview());
  const action = overview.data?.actions.find((a) => a.number === measure.action);
  usePageTitle(`${measureRef(measure.number, lang)}${pick(measure.title, measure.titleEn)}`);

  return (
    <Flex vertical gap={16} data-testid="measure-page">
      <PageHeader
        breadcrumb={[
          { title: <Link to="/plan/measures">{t('nav.measures')}</Link> },
          {
            title: action && (
              <Link to={`/plan/measures#action-${action.number}`}>
                {actionRef(action.number, lang)}
                {pick(action.title, action.titleEn)}
              </Link>
            ),
          },
          { title: measureRef(measure.number, lang) },
        ]}
        title={
          <Flex align="center" gap={8} wrap>
            <MeasureNumber n={measure.number} />
            <span>{pick(measure.title, measure.titleEn)}</span>
          </Flex>
        }
        subtitle={lang === 'en' ? measure.title : undefined}
        extra={<MeasurePager number={measure.number} />}
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={16}>
          <Card variant="borderless" title={t('measure.text')} extra={<MarkLegend />} style={{ height: '100%' }}>
            <MeasureText measure={measure} />
            <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '12px 0 0' }}>
              {t('measure.textNote')}
            </Typography.Paragraph>
          </Card>
        </Col>
        <Col xs={24} xl={8}>
          <Flex vertical gap={16}>
            <LintPanel measure={measure.number} />
            <Card variant="borderless" size="small" title={t('measure.departments')}>
              <DepartmentTags ids={measure.departments} />
            </Card>
            <UnitsCard units={measure.units} />
          </Flex>
        </Col>
      </Row>
      <MeasureTables number={measure.number} />
    </Flex>
  );
}

export default function MeasurePage() {
  const { number } = useParams();
  const n = Number(number);
  const measure = useQuery({ ...planQueries.measure(n), enabled: Number.isInteger(n) });
  if (!Number.isInteger(n)) return <NotFoundPage />;
  return <Loaded query={measure}>{(data) => <MeasureView measure={data} />}</Loaded>;
}
