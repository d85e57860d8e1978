import { Col, Flex, Row, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import type { PlanMeasure } from '../../../../../src/contract/plan';
import { usePlanI18n } from '../messages';
import { MeasureNumber } from './tags';

/** Measures as a compact two-column list: number, title, counts of targets and parameters. */
export function MeasureList({ measures }: { measures: readonly PlanMeasure[] }) {
  const { t, pick } = usePlanI18n();
  return (
    <Row gutter={[24, 0]} data-testid="measure-list">
      {measures.map((m) => (
        <Col key={m.number} xs={24} lg={12}>
          <Flex className="measure-row" align="center" gap={8}>
            <MeasureNumber n={m.number} />
            <Link to={`/plan/measures/${m.number}`} style={{ flex: 1, minWidth: 0 }}>
              <Typography.Text ellipsis style={{ color: 'inherit' }}>
                {pick(m.title, m.titleEn)}
              </Typography.Text>
            </Link>
            {m.targets.length > 0 && <Tag color="gold">{t('measures.targets', { n: m.targets.length })}</Tag>}
            {m.parameters.length > 0 && (
              <Tag color="volcano">{t('measures.parameters', { n: m.parameters.length })}</Tag>
            )}
          </Flex>
        </Col>
      ))}
    </Row>
  );
}
