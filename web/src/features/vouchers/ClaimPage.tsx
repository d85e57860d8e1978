/**
 * 领消费券 (vouchers.claim), phone-width: the rounds open now and upcoming, each with its pack (满X减Y),
 * packs left and its time; the button says what a claim would get before it is pressed (未开始, 已抢完,
 * 已达上限, 已领取, from GET /api/v1/vouchers/rounds) and, once pressed, the server's answer at once: 201
 * 已领取, or 409 VOUCHER_SOLD_OUT 已抢完 / VOUCHER_LIMIT_REACHED 已达上限 / ROUND_NOT_OPEN 未开始, never a
 * spinner left turning. A retry of the same press (a lost answer) reuses its Idempotency-Key.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Empty, Space, Tag, Typography } from 'antd';
import { useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import { newIdempotencyKey } from '../budget/idempotency';
import { ApiError } from '../../lib/api/client';
import { formatShanghai } from '../../lib/datetime';
import { Loaded } from '../../lib/ui/Loaded';
import { ErrorAlert } from '../../lib/ui/ErrorAlert';
import { usePageTitle } from '../../lib/ui/PageHeader';
import { voucherQueries, vouchersApi, voucherKeys, type ClaimableRound } from './api';
import { denominationText } from './format';
import { categoryLabel, useVouchersI18n } from './messages';
import { LABEL, standingOf, standingOfCode, type Standing } from './standing';

function RoundCard({ round }: { round: ClaimableRound }) {
  const { t } = useVouchersI18n();
  const client = useQueryClient();
  const key = useRef<string | null>(null);
  const [answer, setAnswer] = useState<{ standing: Standing; vouchers?: number; entryHash?: string } | null>(null);
  const claim = useMutation({
    mutationFn: async (): Promise<{ standing: Standing; vouchers?: number; entryHash?: string }> => {
      key.current ??= newIdempotencyKey();
      if (round.mode === 'lottery') {
        const entry = await vouchersApi.register(round.id, key.current);
        return { standing: 'registered', entryHash: entry.entryHash };
      }
      const pack = await vouchersApi.claim(round.id, key.current);
      return { standing: 'claimed', vouchers: pack.vouchers.length };
    },
    onSuccess: (outcome) => {
      key.current = null;
      setAnswer(outcome);
      void client.invalidateQueries({ queryKey: voucherKeys.all });
    },
    onError: (error) => {
      const standing = standingOfCode(error instanceof ApiError ? error.code : undefined);
      // an answer (not a lost one): the next press is a new claim
      if (error instanceof ApiError && error.status > 0) key.current = null;
      if (standing) setAnswer({ standing });
      void client.invalidateQueries({ queryKey: voucherKeys.all });
    },
  });
  const listed = standingOf(round);
  // The claim's own answer first; once the list knows more (another pack allowed), the list's.
  const standing = answer?.standing === 'claimed' && listed === 'claim' ? 'claim' : (answer?.standing ?? listed);
  const known = claim.error && standingOfCode(claim.error instanceof ApiError ? claim.error.code : undefined);
  return (
    <Card size="small" data-testid="voucher-round-card" data-round={round.id}>
      <Space direction="vertical" style={{ width: '100%' }} size={6}>
        <Typography.Text strong data-testid="voucher-round-name">
          {round.campaignName}
        </Typography.Text>
        <Space wrap size={[4, 4]}>
          {round.packs.map((d, index) => (
            <Tag color="red" key={index}>
              {denominationText(t, d)}
              {d.count > 1 ? ` ${t('vo.pack.count', { n: d.count })}` : ''}
            </Tag>
          ))}
          <Tag>{t(`vo.funder.${round.funderKind}`)}</Tag>
        </Space>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {round.state === 'scheduled'
            ? t('vo.claim.opensAt', { time: formatShanghai(round.releaseAt) })
            : t('vo.claim.remaining', { n: round.remaining, total: round.quantity })}
          {' · '}
          {t('vo.claim.validUntil', { time: formatShanghai(round.endsAt) })}
        </Typography.Text>
        {round.mode === 'lottery' && (
          <Typography.Text type="secondary" style={{ fontSize: 12, wordBreak: 'break-all' }}>
            {t('vo.mode.lottery')}
            {round.registrationClosesAt &&
              ` · ${t('vo.claim.registrationCloses', { time: formatShanghai(round.registrationClosesAt) })}`}
            {round.commitment && ` · ${t('vo.campaign.commitment')} ${round.commitment.slice(0, 16)}…`}
          </Typography.Text>
        )}
        {(round.categories.length > 0 || round.excludedCategories.length > 0) && (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {round.categories.length > 0 && round.categories.map((c) => categoryLabel(t, c)).join('、')}
            {round.excludedCategories.length > 0 &&
              ` ✕ ${round.excludedCategories.map((c) => categoryLabel(t, c)).join('、')}`}
          </Typography.Text>
        )}
        <Button
          type="primary"
          block
          size="large"
          disabled={standing !== 'claim' && standing !== 'register'}
          loading={claim.isPending}
          onClick={() => claim.mutate()}
          data-testid="voucher-claim"
          data-standing={standing}
        >
          {t(LABEL[standing])}
        </Button>
        {answer?.standing === 'claimed' && (
          <Alert
            type="success"
            showIcon
            data-testid="voucher-claimed"
            title={t('vo.claim.got', { n: answer.vouchers ?? 0 })}
            action={<Link to="/vouchers/mine">{t('vo.claim.toMine')}</Link>}
          />
        )}
        {answer?.entryHash && (
          <Alert
            type="info"
            showIcon
            data-testid="voucher-registered"
            title={t('vo.claim.registered')}
            description={
              <span style={{ wordBreak: 'break-all' }}>{t('vo.claim.entry', { hash: answer.entryHash })}</span>
            }
          />
        )}
        {claim.error && !known ? <ErrorAlert error={claim.error} testId="voucher-claim-error" /> : null}
      </Space>
    </Card>
  );
}

export default function ClaimPage() {
  const { t } = useVouchersI18n();
  usePageTitle(t('vo.claim.title'));
  const rounds = useQuery(voucherQueries.claimable());
  return (
    <div style={{ maxWidth: 480, margin: '0 auto' }} data-testid="voucher-claim-page">
      <Typography.Title level={3}>{t('vo.claim.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('vo.claim.intro')}</Typography.Paragraph>
      <Loaded query={rounds}>
        {(items) =>
          items.length === 0 ? (
            <Empty description={t('vo.claim.empty')} />
          ) : (
            <Space direction="vertical" style={{ width: '100%' }}>
              {items.map((round) => (
                <RoundCard key={round.id} round={round} />
              ))}
            </Space>
          )
        }
      </Loaded>
    </div>
  );
}
