/**
 * One of my claims (claims.apply): its state, the stage it waits at and the deadline, what to do now
 * (upload more and resubmit when returned, with the reviewer's reasons first; correct the account
 * after a failed payout; withdraw it while it is a draft, returned or in review), the amount and its
 * explanation, the progress, the facts and the evidence.
 */
import { Alert, Card, Flex, Typography } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router-dom';
import type { ClaimView } from '../../../../src/contract/claims';
import { Loaded } from '../../lib/ui/Loaded';
import { usePageTitle } from '../../lib/ui/PageHeader';
import { withFeedback } from '../../lib/ui/withFeedback';
import { claimQueries } from './api';
import { AmountCard, FactsCard } from './ClaimSummary';
import { ClaimTimeline } from './ClaimTimeline';
import { EvidenceUploads } from './EvidenceUploads';
import { EvidenceViewer } from './EvidenceViewer';
import { claimLineLabel, WITHDRAWABLE_STATES } from './labels';
import { useClaimsI18n } from './messages';
import { PayeeCorrection } from './PayeeCorrection';
import { SubmitClaim } from './SubmitClaim';
import { DeadlineTag, StateTag } from './ui';
import { WithdrawClaim } from './WithdrawClaim';

/** The review that decided the claim's present state (the last return or rejection). */
function lastDecision(claim: ClaimView, decision: 'return' | 'reject') {
  return [...claim.reviews].reverse().find((r) => r.decision === decision);
}

function Reasons({ claim, decision, testId }: { claim: ClaimView; decision: 'return' | 'reject'; testId: string }) {
  const { t, pick } = useClaimsI18n();
  const review = lastDecision(claim, decision);
  if (!review) return null;
  return (
    <Flex vertical gap={2} data-testid={testId}>
      {review.reasons.map((reason) => (
        <Typography.Text key={reason.code} strong data-testid={`claim-reason-code-${reason.code}`}>
          • {pick(reason.label, reason.labelEn)}
        </Typography.Text>
      ))}
      {review.comment && <Typography.Text>{t('cl.detail.comment', { comment: review.comment })}</Typography.Text>}
    </Flex>
  );
}

function StatusAlert({ claim }: { claim: ClaimView }) {
  const { t } = useClaimsI18n();
  switch (claim.state) {
    case 'draft':
      return <Alert type="info" showIcon title={t('cl.detail.draft')} />;
    case 'returned':
      return (
        <Alert
          type="warning"
          showIcon
          title={t('cl.detail.returned')}
          description={<Reasons claim={claim} decision="return" testId="claim-returned-reasons" />}
          data-testid="claim-returned"
        />
      );
    case 'rejected':
      return (
        <Alert
          type="error"
          showIcon
          title={t('cl.detail.rejected')}
          description={<Reasons claim={claim} decision="reject" testId="claim-rejected-reasons" />}
        />
      );
    case 'payout_failed':
      return (
        <Alert
          type="error"
          showIcon
          title={t('cl.detail.payoutFailed')}
          description={
            claim.payoutFailure ? (
              <span data-testid="claim-payout-failure">
                {t('cl.detail.payoutFailure', { reason: claim.payoutFailure })}
              </span>
            ) : undefined
          }
          data-testid="claim-payout-failed"
        />
      );
    case 'approved':
      return <Alert type="success" showIcon title={t('cl.detail.approved')} />;
    case 'withdrawn':
      return <Alert type="info" showIcon title={t('cl.detail.withdrawn')} data-testid="claim-withdrawn" />;
    case 'reviewing':
    case 'in_payout':
    case 'paid':
      return null;
  }
}

function ClaimDetail({ claim }: { claim: ClaimView }) {
  const { t, pick } = useClaimsI18n();
  usePageTitle(`${claim.reference} · ${t('cl.mine.title')}`);
  const open = claim.state === 'draft' || claim.state === 'returned';
  return (
    <Flex vertical gap={12} data-testid="my-claim" data-reference={claim.reference}>
      <Link to="/claims/mine">
        <ArrowLeftOutlined /> {t('cl.detail.back')}
      </Link>
      <Card size="small">
        <Flex vertical gap={6}>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {claimLineLabel(claim, pick)}
          </Typography.Title>
          <Typography.Text type="secondary" copyable={{ text: claim.reference }} data-testid="claim-reference">
            {claim.reference}
          </Typography.Text>
          <Flex gap={6} wrap align="center">
            <StateTag state={claim.state} />
            {claim.stage && <Typography.Text>{pick(claim.stage.label, claim.stage.labelEn)}</Typography.Text>}
            {claim.dueOn && (
              <span>
                {t('cl.col.dueOn')} <DeadlineTag claim={claim} />
              </span>
            )}
          </Flex>
        </Flex>
      </Card>
      <StatusAlert claim={claim} />
      {open && (
        <>
          <EvidenceUploads claim={claim} />
          {(claim.state === 'returned' || claim.eligible) && <SubmitClaim claim={claim} />}
        </>
      )}
      {claim.state === 'payout_failed' && <PayeeCorrection claim={claim} />}
      {WITHDRAWABLE_STATES.includes(claim.state) && <WithdrawClaim claim={claim} />}
      <AmountCard claim={claim} title={t('cl.col.amount')} />
      <Card size="small" title={t('cl.detail.timeline')}>
        <ClaimTimeline claim={claim} />
      </Card>
      <FactsCard claim={claim} />
      <EvidenceViewer claim={claim} />
    </Flex>
  );
}

function MyClaimPage() {
  const { id = '' } = useParams();
  const claim = useQuery(claimQueries.one(id));
  return (
    <div style={{ maxWidth: 640, margin: '0 auto' }}>
      <Loaded query={claim}>{(c) => <ClaimDetail claim={c} />}</Loaded>
    </div>
  );
}

export default withFeedback(MyClaimPage);
