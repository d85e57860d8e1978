/**
 * One campaign (vouchers.read): its terms, its rounds (quantity, claimed, redeemed, expired, held and spent,
 * state, what expiry carried into the next round or gave back), a new round (vouchers.manage: its whole budget
 * held at once), ending a round once it is due, and the dashboard: voucher money against the sales it came
 * with by round, category and merchant, the gross leverage labelled as such, and the .xlsx report.
 */
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Descriptions, Space, Table, Tag, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { Link, useParams } from 'react-router-dom';
import { useSession } from '../accounts/session';
import { formatShanghai } from '../../lib/datetime';
import { formatFen } from '../../lib/money';
import { Loaded } from '../../lib/ui/Loaded';
import { PageHeader, usePageTitle } from '../../lib/ui/PageHeader';
import { voucherQueries, vouchersApi, type CampaignDetail, type RoundView } from './api';
import { CampaignDashboard } from './CampaignDashboard';
import { CreateRound } from './CreateRound';
import { ExpireRound } from './ExpireRound';
import { packText, poolText } from './format';
import { usePoolNaming } from '../budget/useBudget';
import { categoryLabel, useVouchersI18n } from './messages';

const STATE_COLOUR: Partial<Record<RoundView['state'], string>> = {
  open: 'green',
  scheduled: 'blue',
  registration: 'cyan',
  closed: 'orange',
  expired: 'default',
};

function Rounds({ detail }: { detail: CampaignDetail }) {
  const { t, lang } = useVouchersI18n();
  const { can } = useSession();
  const order = new Map(detail.rounds.map((r, index) => [r.id, index + 1]));
  return (
    <Table
      data-testid="voucher-rounds"
      rowKey="id"
      size="small"
      pagination={false}
      scroll={{ x: 'max-content' }}
      dataSource={detail.rounds}
      onRow={(r) => ({ 'data-testid': `voucher-round-${order.get(r.id) ?? 0}` }) as React.HTMLAttributes<HTMLElement>}
      columns={[
        { title: '#', render: (_, r) => t('vo.campaign.roundN', { n: order.get(r.id) ?? 0 }) },
        { title: t('vo.field.releaseAt'), render: (_, r) => formatShanghai(r.releaseAt) },
        { title: t('vo.field.endsAt'), render: (_, r) => formatShanghai(r.endsAt) },
        {
          title: t('vo.field.quantity'),
          render: (_, r) => (
            <span data-testid="round-quantity">
              {r.quantity}
              {r.rereleasedPacks > 0 && (
                <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
                  {t('vo.campaign.rereleasedIn', { n: r.rereleasedPacks })}
                </Typography.Text>
              )}
            </span>
          ),
        },
        { title: t('vo.field.issued'), render: (_, r) => <span data-testid="round-issued">{r.issued}</span> },
        { title: t('vo.field.redeemed'), render: (_, r) => <span data-testid="round-redeemed">{r.redeemed}</span> },
        { title: t('vo.field.expired'), render: (_, r) => <span data-testid="round-expired">{r.expired}</span> },
        { title: t('vo.field.held'), render: (_, r) => formatFen(r.heldFen, lang) },
        { title: t('vo.field.spent'), render: (_, r) => formatFen(r.spentFen, lang) },
        {
          title: t('vo.field.state'),
          render: (_, r) => (
            <Space direction="vertical" size={0}>
              <Tag color={STATE_COLOUR[r.state]} data-testid="round-state">
                {t(`vo.round.${r.state}`)}
              </Tag>
              {r.rereleasedInto !== null && (
                <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="round-rereleased">
                  {t('vo.campaign.rereleased', {
                    n: detail.rounds.find((next) => next.id === r.rereleasedInto)?.rereleasedPacks ?? 0,
                  })}
                </Typography.Text>
              )}
              {r.returnedFen > 0 && (
                <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="round-returned">
                  {t('vo.campaign.returned', { amount: formatFen(r.returnedFen, lang) })}
                </Typography.Text>
              )}
            </Space>
          ),
        },
        ...(can('vouchers.manage')
          ? [
              {
                title: '',
                render: (_: unknown, r: RoundView) =>
                  r.state !== 'expired' && Date.parse(r.endsAt) <= Date.parse(detail.now) ? (
                    <ExpireRound round={r} />
                  ) : r.mode === 'lottery' &&
                    r.state === 'registration' &&
                    r.registrationClosesAt !== null &&
                    Date.parse(r.registrationClosesAt) <= Date.parse(detail.now) ? (
                    <ExpireRound round={r} action="draw" />
                  ) : null,
              },
            ]
          : []),
      ]}
    />
  );
}

export default function CampaignPage() {
  const { id = '' } = useParams();
  const { t, lang } = useVouchersI18n();
  const { can } = useSession();
  const detail = useQuery(voucherQueries.campaign(id));
  const naming = usePoolNaming();
  usePageTitle(detail.data?.campaign.name ?? t('vo.campaigns.title'));
  return (
    <div data-testid="voucher-campaign-page">
      <Loaded query={detail}>
        {(d) => {
          const c = d.campaign;
          return (
            <>
              <PageHeader
                title={<span data-testid="voucher-campaign-title">{c.name}</span>}
                breadcrumb={[
                  { title: <Link to="/vouchers/campaigns">{t('vo.campaigns.title')}</Link> },
                  { title: c.name },
                ]}
                extra={
                  <Button
                    icon={<DownloadOutlined />}
                    href={vouchersApi.reportXlsxUrl(c.id)}
                    data-testid="voucher-report-xlsx"
                  >
                    {t('vo.campaign.xlsx')}
                  </Button>
                }
              />
              <Card size="small" style={{ marginBottom: 16 }}>
                <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }}>
                  <Descriptions.Item label={t('vo.field.funder')}>
                    {t(`vo.funder.${c.funder.kind}`)}
                    {c.funder.unionName ? ` · ${c.funder.unionName}` : ''}
                    {c.funder.creditCode ? ` · ${c.funder.creditCode}` : ''}
                  </Descriptions.Item>
                  <Descriptions.Item label={t('vo.field.pool')}>{poolText(naming, c.funder.poolId)}</Descriptions.Item>
                  <Descriptions.Item label={t('vo.field.packs')}>
                    <span data-testid="voucher-campaign-pack">{packText(t, c.packs)}</span>
                  </Descriptions.Item>
                  <Descriptions.Item label={t('vo.field.packFace')}>{formatFen(c.packFaceFen, lang)}</Descriptions.Item>
                  <Descriptions.Item label={t('vo.field.categories')}>
                    {c.categories.length === 0 ? '—' : c.categories.map((x) => categoryLabel(t, x)).join('、')}
                  </Descriptions.Item>
                  <Descriptions.Item label={t('vo.field.excluded')}>
                    {c.excludedCategories.length === 0
                      ? '—'
                      : c.excludedCategories.map((x) => categoryLabel(t, x)).join('、')}
                  </Descriptions.Item>
                  <Descriptions.Item label={t('vo.field.perRound')}>
                    {c.limits.perRound.maxPacks ?? '—'}
                  </Descriptions.Item>
                  <Descriptions.Item label={t('vo.field.perCampaign')}>
                    {c.limits.perCampaign.maxPacks ?? '—'}
                  </Descriptions.Item>
                  <Descriptions.Item label={t('vo.field.perYearYuan')}>
                    {c.limits.perFunderYear.maxFaceFen === null
                      ? '—'
                      : formatFen(c.limits.perFunderYear.maxFaceFen, lang)}
                  </Descriptions.Item>
                </Descriptions>
              </Card>
              <Card
                title={t('vo.campaign.rounds')}
                size="small"
                extra={can('vouchers.manage') && <CreateRound campaign={c} now={d.now} />}
                style={{ marginBottom: 16 }}
              >
                <Rounds detail={d} />
              </Card>
              <CampaignDashboard campaignId={c.id} rounds={d.rounds} />
            </>
          );
        }}
      </Loaded>
    </div>
  );
}
