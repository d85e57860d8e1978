/**
 * A claim's progress as a timeline: the draft, the submission, every review with its stage, time,
 * reviewer, reasons and comment (late ones marked), the stage it waits at with its deadline, the
 * stages still to come with their working days, and the payout (or the applicant's withdrawal).
 */
import { Flex, Tag, Timeline, Typography, type TimelineProps } from 'antd';
import type { ClaimView } from '../../../../src/contract/claims';
import { formatMoment } from '../../lib/datetime';
import { stageLabel } from './labels';
import { useClaimsI18n } from './messages';
import { DeadlineTag } from './ui';

const DECISION_COLOURS = { approve: 'green', reject: 'red', return: 'orange' } as const;

/** The stages not yet decided: after the one it waits at, or (draft, returned) those never approved. */
export function stagesToCome(claim: Pick<ClaimView, 'state' | 'stage' | 'stages' | 'reviews'>) {
  if (claim.state === 'reviewing' && claim.stage) {
    const index = claim.stages.findIndex((s) => s.id === claim.stage?.id);
    return claim.stages.slice(index + 1);
  }
  if (claim.state === 'draft' || claim.state === 'returned') {
    const approved = new Set(claim.reviews.filter((r) => r.decision === 'approve').map((r) => r.stage));
    return claim.stages.filter((s) => !approved.has(s.id));
  }
  return [];
}

export function ClaimTimeline({ claim }: { claim: ClaimView }) {
  const { t, pick } = useClaimsI18n();
  const items: NonNullable<TimelineProps['items']> = [
    {
      color: 'gray',
      content: (
        <>
          {t('cl.tl.created')} · {formatMoment(claim.createdAt)}
        </>
      ),
    },
  ];
  if (claim.submittedAt) {
    items.push({ color: 'blue', content: `${t('cl.tl.submitted')} · ${formatMoment(claim.submittedAt)}` });
  }
  claim.reviews.forEach((review, index) => {
    items.push({
      color: DECISION_COLOURS[review.decision],
      content: (
        <Flex vertical gap={2} data-testid={`claim-review-${index}`} data-decision={review.decision}>
          <span>
            <Typography.Text strong>{stageLabel(claim, review.stage, pick)}</Typography.Text>
            {' · '}
            <Tag color={DECISION_COLOURS[review.decision]}>{t(`cl.decision.${review.decision}`)}</Tag>
            {review.late && <Tag color="red">{t('cl.tl.late')}</Tag>}
          </span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {formatMoment(review.at)} · {review.reviewerName}
            {review.dueOn ? ` · ${t('cl.col.dueOn')} ${review.dueOn}` : ''}
          </Typography.Text>
          {review.reasons.map((reason) => (
            <Typography.Text key={reason.code} data-testid={`claim-review-reason-${reason.code}`}>
              • {pick(reason.label, reason.labelEn)}
            </Typography.Text>
          ))}
          {review.comment && (
            <Typography.Text italic>{t('cl.detail.comment', { comment: review.comment })}</Typography.Text>
          )}
        </Flex>
      ),
    });
  });
  if (claim.state === 'reviewing' && claim.stage) {
    items.push({
      color: 'blue',
      loading: true,
      content: (
        <Flex vertical gap={2} data-testid="claim-current-stage">
          <Typography.Text strong>{pick(claim.stage.label, claim.stage.labelEn)}</Typography.Text>
          <span>
            <DeadlineTag claim={claim} />
          </span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('cl.detail.deadlineRule', { days: claim.stage.deadlineWorkingDays, source: claim.stage.deadlineSource })}
          </Typography.Text>
        </Flex>
      ),
    });
  }
  for (const stage of stagesToCome(claim)) {
    items.push({
      color: 'gray',
      content: (
        <Typography.Text type="secondary">
          {pick(stage.label, stage.labelEn)} · {t('cl.tl.notYet', { days: stage.deadlineWorkingDays })}
        </Typography.Text>
      ),
    });
  }
  if (['approved', 'in_payout', 'paid', 'payout_failed'].includes(claim.state)) {
    const colour = claim.state === 'paid' ? 'green' : claim.state === 'payout_failed' ? 'red' : 'blue';
    items.push({
      color: colour,
      content: (
        <span data-testid="claim-payout-step">
          {t('cl.tl.payout')} · {t(`cl.state.${claim.state}`)}
          {claim.payoutFailure ? ` · ${t('cl.detail.payoutFailure', { reason: claim.payoutFailure })}` : ''}
        </span>
      ),
    });
  }
  if (claim.state === 'withdrawn') {
    items.push({
      color: 'purple',
      content: (
        <span data-testid="claim-withdrawn-step">
          {t('cl.tl.withdrawn')}
          {claim.decidedAt ? ` · ${formatMoment(claim.decidedAt)}` : ''}
        </span>
      ),
    });
  }
  return <Timeline items={items} data-testid="claim-timeline" />;
}
