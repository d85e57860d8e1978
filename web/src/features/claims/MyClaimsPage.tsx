/** 我的申请 (claims.apply), phone first: the caller's claims with their state, amount and deadline. */
import { Button, Card, Empty, Flex, Typography } from 'antd';
import { PlusOutlined, RightOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { formatMoment } from '../../lib/datetime';
import { formatFen } from '../../lib/money';
import { Loaded } from '../../lib/ui/Loaded';
import { PageHeader, usePageTitle } from '../../lib/ui/PageHeader';
import { claimQueries } from './api';
import { claimLineLabel } from './labels';
import { useClaimsI18n } from './messages';
import { DeadlineTag, StateTag } from './ui';

export default function MyClaimsPage() {
  const { t, lang, pick } = useClaimsI18n();
  usePageTitle(t('cl.mine.title'));
  const mine = useQuery(claimQueries.mine());
  return (
    <div style={{ maxWidth: 640, margin: '0 auto' }} data-testid="my-claims-page">
      <PageHeader
        title={t('cl.mine.title')}
        subtitle={t('cl.mine.intro')}
        extra={
          <Link to="/claims/apply">
            <Button type="primary" icon={<PlusOutlined />} data-testid="my-claims-apply">
              {t('cl.apply.title')}
            </Button>
          </Link>
        }
      />
      <Loaded query={mine}>
        {(list) =>
          list.items.length === 0 ? (
            <Empty description={t('cl.mine.empty')} style={{ marginTop: 32 }} />
          ) : (
            <Flex vertical gap={8} data-testid="my-claims" style={{ marginTop: 12 }}>
              {list.items.map((claim) => (
                <Link key={claim.id} to={`/claims/mine/${encodeURIComponent(claim.id)}`}>
                  <Card size="small" hoverable data-testid={`claim-row-${claim.reference}`}>
                    <Flex justify="space-between" align="center" gap={8}>
                      <Flex vertical gap={4} style={{ minWidth: 0 }}>
                        <Typography.Text strong>{claimLineLabel(claim, pick)}</Typography.Text>
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                          {claim.reference} · {formatMoment(claim.submittedAt ?? claim.createdAt)}
                        </Typography.Text>
                        <Flex gap={4} wrap align="center">
                          <StateTag state={claim.state} />
                          {claim.stage && (
                            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                              {pick(claim.stage.label, claim.stage.labelEn)}
                            </Typography.Text>
                          )}
                          {claim.dueOn && <DeadlineTag claim={claim} />}
                        </Flex>
                      </Flex>
                      <Flex align="center" gap={8}>
                        <Typography.Text strong data-testid="claim-amount" data-fen={claim.subsidyFen}>
                          {formatFen(claim.subsidyFen, lang)}
                        </Typography.Text>
                        <RightOutlined />
                      </Flex>
                    </Flex>
                  </Card>
                </Link>
              ))}
            </Flex>
          )
        }
      </Loaded>
    </div>
  );
}
