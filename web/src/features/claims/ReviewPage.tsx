/**
 * One claim under review (claims.read): the facts, the amount and the engine's explanation, the
 * progress with every review on one side; the evidence viewer on the other; the decision (claims.review)
 * when the claim waits at a stage the caller decides (the stage's role, of its department or of the
 * claim's unit where the stage says so), else who decides it.
 */
import { Alert, Card, Col, Flex, Row, Typography } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import type { ClaimReview, ClaimView } from '../../../../src/contract/claims';
import { useSession } from '../accounts/session';
import { useUnitIndex } from '../plan/lookups';
import { Loaded } from '../../lib/ui/Loaded';
import { usePageTitle } from '../../lib/ui/PageHeader';
import { withFeedback } from '../../lib/ui/withFeedback';
import { claimQueries } from './api';
import { AmountCard, FactsCard } from './ClaimSummary';
import { ClaimTimeline } from './ClaimTimeline';
import { EvidenceViewer } from './EvidenceViewer';
import { claimLineLabel } from './labels';
import { useClaimsI18n } from './messages';
import { DecisionPanel } from './review/DecisionPanel';
import { decisionAccess } from './review/queue';
import { WhoDecides } from './review/WhoDecides';
import { DeadlineTag, StateTag } from './ui';

function Review({ claim }: { claim: ClaimView }) {
  const { t, pick } = useClaimsI18n();
  usePageTitle(`${claim.reference} · ${t('cl.review.title')}`);
  const { session } = useSession();
  const units = useUnitIndex();
  const unit = units.get(claim.unitId);
  const [decided, setDecided] = useState<ClaimReview['decision'] | null>(null);
  const access = decisionAccess(session, claim);
  return (
    <Flex vertical gap={12} data-testid="claim-review" data-reference={claim.reference}>
      <Link to="/claims/review">
        <ArrowLeftOutlined /> {t('cl.review.back')}
      </Link>
      <Card size="small">
        <Flex justify="space-between" align="center" wrap gap={8}>
          <Flex vertical gap={4}>
            <Typography.Title level={4} style={{ margin: 0 }}>
              {claimLineLabel(claim, pick)} · <span data-testid="claim-reference">{claim.reference}</span>
            </Typography.Title>
            <Typography.Text type="secondary">
              {claim.applicantName} · {unit ? pick(unit.name, unit.nameEn) : claim.unitId}
            </Typography.Text>
          </Flex>
          <Flex gap={6} align="center" wrap>
            <StateTag state={claim.state} />
            {claim.stage && <Typography.Text>{pick(claim.stage.label, claim.stage.labelEn)}</Typography.Text>}
            <DeadlineTag claim={claim} />
          </Flex>
        </Flex>
      </Card>
      {decided && (
        <Alert
          type="success"
          showIcon
          data-testid="review-done"
          title={t('cl.review.done', { decision: t(`cl.decision.${decided}`) })}
          action={<Link to="/claims/review">{t('cl.review.back')}</Link>}
        />
      )}
      <Row gutter={[12, 12]}>
        <Col xs={24} lg={11}>
          <Flex vertical gap={12}>
            <AmountCard claim={claim} title={t('cl.col.amount')} />
            <FactsCard claim={claim} />
            {decided === null && access === 'decide' && <DecisionPanel claim={claim} onDecided={setDecided} />}
            {decided === null && (access === 'own' || access === 'elsewhere') && (
              <WhoDecides claim={claim} own={access === 'own'} />
            )}
            <Card size="small" title={t('cl.review.history')}>
              <ClaimTimeline claim={claim} />
            </Card>
          </Flex>
        </Col>
        <Col xs={24} lg={13}>
          <div style={{ position: 'sticky', top: 12 }}>
            <EvidenceViewer claim={claim} />
          </div>
        </Col>
      </Row>
    </Flex>
  );
}

function ReviewPage() {
  const { id = '' } = useParams();
  const claim = useQuery(claimQueries.one(id));
  return <Loaded query={claim}>{(c) => <Review claim={c} />}</Loaded>;
}

export default withFeedback(ReviewPage);
