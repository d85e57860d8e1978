/** 提交申请 (a draft) or 重新提交 (a returned claim): enabled once every required kind has a file. */
import { Button, Flex, Typography } from 'antd';
import { SendOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ClaimView } from '../../../../src/contract/claims';
import { claimsApi, refreshClaims } from './api';
import { missingKinds } from './EvidenceUploads';
import { useAttemptKeys } from './keys';
import { evidenceLabel } from './labels';
import { useClaimsI18n } from './messages';
import { ClaimError } from './ui';

export function SubmitClaim({ claim, onSubmitted }: { claim: ClaimView; onSubmitted?: (claim: ClaimView) => void }) {
  const { t } = useClaimsI18n();
  const client = useQueryClient();
  const keys = useAttemptKeys();
  const resubmit = claim.state === 'returned';
  const signature = ['submit', claim.id, claim.evidence.length];
  const submit = useMutation({
    mutationFn: () => claimsApi.submit(claim.id, keys.keyFor(signature)),
    onSuccess: (view) => {
      keys.done(signature);
      refreshClaims(client, view);
      onSubmitted?.(view);
    },
  });
  const missing = missingKinds(claim);
  const blocked = missing.length > 0 || (claim.state === 'draft' && !claim.eligible);
  return (
    <Flex vertical gap={8} style={{ marginTop: 12 }}>
      {missing.length > 0 && (
        <Typography.Text type="warning" data-testid="claim-missing">
          {t('cl.submit.missing', { kinds: missing.map((kind) => evidenceLabel(t, kind)).join('、') })}
        </Typography.Text>
      )}
      {submit.error ? <ClaimError error={submit.error} testId="claim-submit-error" /> : null}
      <Button
        type="primary"
        size="large"
        block
        icon={<SendOutlined />}
        disabled={blocked}
        loading={submit.isPending}
        onClick={() => submit.mutate()}
        data-testid={resubmit ? 'claim-resubmit' : 'claim-submit'}
      >
        {t(resubmit ? 'cl.resubmit' : 'cl.submit')}
      </Button>
    </Flex>
  );
}
