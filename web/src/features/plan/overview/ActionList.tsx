import { Card, Col, Flex, Row, Typography } from 'antd';
import { Link } from 'react-router-dom';
import type { ActionSummary, PlanMeasure } from '../../../../../src/domain/plan/schema';
import { actionRef, measureRef } from '../format';
import { usePlanI18n } from '../messages';

/** The actions with their measures' titles, each linking to its measure. */
export function ActionList({ actions, measures }: { actions: ActionSummary[]; measures: PlanMeasure[] }) {
  const { t, pick, lang } = usePlanI18n();
  const byNumber = new Map(measures.map((m) => [m.number, m]));
  return (
    <Card variant="borderless" title={t('overview.actionList')} data-testid="overview-actions">
      <Row gutter={[16, 16]}>
        {actions.map((action) => (
          <Col key={action.number} xs={24} md={12}>
            <Card
              size="small"
              className="action-card"
              style={{ height: '100%' }}
              title={
                <Link to={`/plan/measures#action-${action.number}`}>
                  {actionRef(action.number, lang)}
                  {pick(action.title, action.titleEn)}
                </Link>
              }
            >
              <Flex vertical gap={4}>
                {action.measureNumbers.map((n) => (
                  <Link key={n} to={`/plan/measures/${n}`}>
                    <Typography.Text ellipsis style={{ color: 'inherit', width: '100%' }}>
                      {measureRef(n, lang)}
                      {pick(byNumber.get(n)?.title ?? '', byNumber.get(n)?.titleEn)}
                    </Typography.Text>
                  </Link>
                ))}
              </Flex>
            </Card>
          </Col>
        ))}
      </Row>
    </Card>
  );
}
