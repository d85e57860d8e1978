/** 批量通过: the ticked clean cases approved at once; the server checks each and says which it refused and why. */
import { Alert, Button, Flex, Typography } from 'antd';
import { CheckOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ClaimView } from '../../../../../src/contract/claims';
import { claimsApi, refreshClaims } from '../api';
import { useAttemptKeys } from '../keys';
import { useClaimsI18n } from '../messages';
import { ClaimError } from '../ui';

export function BulkApprove({ selected, onDone }: { selected: ClaimView[]; onDone: () => void }) {
  const { t } = useClaimsI18n();
  const client = useQueryClient();
  const keys = useAttemptKeys();
  const bulk = useMutation({
    mutationFn: (claims: ClaimView[]) => {
      const ids = claims.map((c) => c.id);
      return claimsApi.bulkApprove(ids, keys.keyFor(['bulk', ids]));
    },
    onSuccess: (_, claims) => {
      keys.done(['bulk', claims.map((c) => c.id)]);
      refreshClaims(client);
      onDone();
    },
  });
  // the references of the claims sent (the selection is cleared once they are decided)
  const references = new Map((bulk.variables ?? selected).map((c) => [c.id, c.reference]));
  const result = bulk.data;
  return (
    <Flex vertical gap={8}>
      <Flex gap={8} align="center" wrap>
        <Button
          type="primary"
          icon={<CheckOutlined />}
          disabled={selected.length === 0}
          loading={bulk.isPending}
          onClick={() => bulk.mutate(selected)}
          data-testid="bulk-approve"
        >
          {t('cl.review.bulk', { n: selected.length })}
        </Button>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('cl.review.bulkHint')}
        </Typography.Text>
      </Flex>
      {bulk.error ? <ClaimError error={bulk.error} testId="bulk-error" /> : null}
      {result && (
        <Alert
          type={result.refused.length > 0 ? 'warning' : 'success'}
          showIcon
          closable
          data-testid="bulk-result"
          title={t('cl.review.bulkDone', { n: result.approved.length })}
          description={
            result.refused.length > 0 && (
              <Flex vertical gap={2}>
                <span>{t('cl.review.bulkRefused', { n: result.refused.length })}</span>
                {result.refused.map((r) => (
                  <span key={r.id} data-testid={`bulk-refused-${references.get(r.id) ?? r.id}`}>
                    {references.get(r.id) ?? r.id} · <Typography.Text code>{r.code}</Typography.Text> {r.message}
                  </span>
                ))}
              </Flex>
            )
          }
        />
      )}
    </Flex>
  );
}
