/**
 * The reviewer's decision at the claim's stage: approve, return for more evidence, or reject, with
 * reason templates (the settings' codes and their words) and a comment the applicant reads. Return and
 * reject need a reason; rejecting asks for confirmation (the claim closes and its money is released).
 */
import { App, Button, Card, Checkbox, Flex, Input, Typography } from 'antd';
import { CheckOutlined, CloseOutlined, RollbackOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { ClaimReasonCode, ClaimReview, ClaimView } from '../../../../../src/contract/claims';
import { claimQueries, claimsApi, refreshClaims } from '../api';
import { useAttemptKeys } from '../keys';
import { useClaimsI18n } from '../messages';
import { ClaimError } from '../ui';

export function DecisionPanel({
  claim,
  onDecided,
}: {
  claim: ClaimView;
  onDecided: (decision: ClaimReview['decision']) => void;
}) {
  const { t, pick } = useClaimsI18n();
  const { modal } = App.useApp();
  const client = useQueryClient();
  const keys = useAttemptKeys();
  const settings = useQuery(claimQueries.settings());
  const [codes, setCodes] = useState<ClaimReasonCode[]>([]);
  const [comment, setComment] = useState('');
  const decide = useMutation({
    mutationFn: (review: ClaimReview) => claimsApi.review(claim.id, review, keys.keyFor(['review', claim.id, review])),
    onSuccess: (view, review) => {
      keys.done(['review', claim.id, review]);
      refreshClaims(client, view);
      onDecided(review.decision);
    },
  });
  const send = (decision: ClaimReview['decision']) => {
    const text = comment.trim();
    decide.mutate({
      decision,
      ...(decision === 'approve' ? {} : { reasonCodes: codes }),
      ...(text ? { comment: text } : {}),
    });
  };
  const withReasons = codes.length > 0;
  return (
    <Card size="small" title={t('cl.review.decide')} data-testid="review-panel">
      <Flex vertical gap={12}>
        <div>
          <Typography.Text strong>{t('cl.review.reasons')}</Typography.Text>
          <Checkbox.Group
            value={codes}
            onChange={(values) => setCodes(values)}
            style={{ display: 'flex', flexDirection: 'column', gap: 6, marginTop: 6 }}
          >
            {(settings.data?.reasons ?? []).map((reason) => (
              <Checkbox key={reason.code} value={reason.code} data-testid={`reason-${reason.code}`}>
                {pick(reason.label, reason.labelEn)}
              </Checkbox>
            ))}
          </Checkbox.Group>
        </div>
        <div>
          <Typography.Text strong>{t('cl.review.comment')}</Typography.Text>
          <Input.TextArea
            value={comment}
            onChange={(e) => setComment(e.target.value)}
            maxLength={500}
            showCount
            autoSize={{ minRows: 2, maxRows: 6 }}
            style={{ marginTop: 6 }}
            data-testid="review-comment"
          />
        </div>
        {decide.error ? <ClaimError error={decide.error} testId="review-error" /> : null}
        <Flex gap={8} wrap>
          <Button
            type="primary"
            icon={<CheckOutlined />}
            loading={decide.isPending && decide.variables.decision === 'approve'}
            disabled={decide.isPending}
            onClick={() => send('approve')}
            data-testid="review-approve"
          >
            {t('cl.review.approve')}
          </Button>
          <Button
            icon={<RollbackOutlined />}
            disabled={!withReasons || decide.isPending}
            loading={decide.isPending && decide.variables.decision === 'return'}
            onClick={() => send('return')}
            data-testid="review-return"
          >
            {t('cl.review.return')}
          </Button>
          <Button
            danger
            icon={<CloseOutlined />}
            disabled={!withReasons || decide.isPending}
            loading={decide.isPending && decide.variables.decision === 'reject'}
            onClick={() =>
              void modal.confirm({
                title: t('cl.review.reject'),
                content: t('cl.review.confirmReject'),
                okButtonProps: { danger: true, 'data-testid': 'review-reject-confirm' },
                okText: t('cl.review.reject'),
                cancelText: t('common.cancel'),
                onOk: () => send('reject'),
              })
            }
            data-testid="review-reject"
          >
            {t('cl.review.reject')}
          </Button>
        </Flex>
      </Flex>
    </Card>
  );
}
