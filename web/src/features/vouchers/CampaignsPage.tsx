/**
 * 消费券活动 (vouchers.read): the campaigns newest first with their rounds' totals; finance (vouchers.manage)
 * creates one here. A row opens the campaign's rounds and dashboard.
 */
import { useQuery } from '@tanstack/react-query';
import { Button, Table, Tag } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { useSession } from '../accounts/session';
import { formatShanghai } from '../../lib/datetime';
import { formatFen } from '../../lib/money';
import { Loaded } from '../../lib/ui/Loaded';
import { PageHeader, usePageTitle } from '../../lib/ui/PageHeader';
import { voucherQueries } from './api';
import { CreateCampaign } from './CreateCampaign';
import { packText, poolText } from './format';
import { usePoolNaming } from '../budget/useBudget';
import { useVouchersI18n } from './messages';

export default function CampaignsPage() {
  const { t, lang } = useVouchersI18n();
  usePageTitle(t('vo.campaigns.title'));
  const { can } = useSession();
  const navigate = useNavigate();
  const [creating, setCreating] = useState(false);
  const naming = usePoolNaming();
  const campaigns = useQuery(voucherQueries.campaigns());
  return (
    <div data-testid="voucher-campaigns-page">
      <PageHeader
        title={t('vo.campaigns.title')}
        subtitle={t('vo.campaigns.intro')}
        extra={
          can('vouchers.manage') && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setCreating(true)}
              data-testid="voucher-campaign-new"
            >
              {t('vo.campaigns.new')}
            </Button>
          )
        }
      />
      <Loaded query={campaigns}>
        {(list) => (
          <Table
            data-testid="voucher-campaigns"
            rowKey="id"
            size="middle"
            pagination={false}
            scroll={{ x: 'max-content' }}
            dataSource={list.items}
            locale={{ emptyText: t('vo.campaigns.empty') }}
            columns={[
              {
                title: t('vo.field.name'),
                render: (_, c) => (
                  <Link to={`/vouchers/campaigns/${c.id}`} data-testid="voucher-campaign-link">
                    {c.name}
                  </Link>
                ),
              },
              {
                title: t('vo.field.funder'),
                render: (_, c) => (
                  <span>
                    <Tag color={c.funder.kind === 'union' ? 'purple' : 'blue'}>{t(`vo.funder.${c.funder.kind}`)}</Tag>
                    {c.funder.unionName ?? poolText(naming, c.funder.poolId)}
                  </span>
                ),
              },
              { title: t('vo.field.packs'), render: (_, c) => packText(t, c.packs) },
              { title: t('vo.field.rounds'), render: (_, c) => c.summary.rounds },
              {
                title: `${t('vo.field.issued')} / ${t('vo.field.quantity')}`,
                render: (_, c) => `${c.summary.issued} / ${c.summary.quantity}`,
              },
              { title: t('vo.field.budget'), render: (_, c) => formatFen(c.summary.budgetFen, lang) },
              { title: t('vo.field.spent'), render: (_, c) => formatFen(c.summary.spentFen, lang) },
              { title: t('vo.field.createdAt'), render: (_, c) => formatShanghai(c.createdAt) },
            ]}
            onRow={(c) => ({ onDoubleClick: () => void navigate(`/vouchers/campaigns/${c.id}`) })}
          />
        )}
      </Loaded>
      {creating && (
        <CreateCampaign
          onClose={() => setCreating(false)}
          onCreated={(id) => {
            setCreating(false);
            void navigate(`/vouchers/campaigns/${id}`);
          }}
        />
      )}
    </div>
  );
}
