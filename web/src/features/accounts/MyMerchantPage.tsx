/** 我的商户: the merchants the caller works for, with the role they hold at each. */
import { Card, Col, Descriptions, Empty, Flex, Row, Typography } from 'antd';
import { ShopOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import type { MerchantView } from '../../../../src/contract/accounts';
import { useUnitIndex } from '../plan/lookups';
import { merchantQueries } from './api/merchants';
import { RoleTags } from './RoleTags';
import { useSession } from './session';
import { Loaded } from '../../lib/ui/Loaded';
import { PageHeader, usePageTitle } from '../../lib/ui/PageHeader';
import { formatMoment } from '../../lib/datetime';
import { useAccountsI18n } from './messages';
import { CreditCodeStatusTag } from './merchants/CreditCodeStatusTag';

function MerchantCard({ merchant }: { merchant: MerchantView }) {
  const { t, pick } = useAccountsI18n();
  const units = useUnitIndex();
  const { session } = useSession();
  const unit = units.get(merchant.unitId);
  const roles = (session?.account.roles ?? []).filter(
    (r) => r.organisation?.kind === 'merchant' && r.organisation.id === merchant.id,
  );
  return (
    <Card
      variant="borderless"
      title={
        <Flex align="center" gap={8}>
          <ShopOutlined />
          <span data-testid="my-merchant-name">{merchant.name}</span>
        </Flex>
      }
      data-testid="my-merchant"
    >
      <Descriptions
        column={{ xs: 1, md: 2 }}
        items={[
          {
            key: 'creditCode',
            label: t('merchants.creditCode'),
            children: (
              <Typography.Text copyable className="hash">
                {merchant.creditCode}
              </Typography.Text>
            ),
          },
          {
            key: 'status',
            label: t('merchants.creditCodeStatus'),
            children: <CreditCodeStatusTag status={merchant.creditCodeStatus} />,
          },
          {
            key: 'unit',
            label: t('merchants.unit'),
            children: (
              <Link to={`/plan/units/${encodeURIComponent(merchant.unitId)}`}>
                {unit ? pick(unit.name, unit.nameEn) : merchant.unitId}
              </Link>
            ),
          },
          { key: 'createdAt', label: t('merchants.createdAt'), children: formatMoment(merchant.createdAt) },
          { key: 'roles', label: t('merchant.yourRoles'), span: 'filled', children: <RoleTags roles={roles} /> },
        ]}
      />
    </Card>
  );
}

export default function MyMerchantPage() {
  const { t } = useAccountsI18n();
  usePageTitle(t('merchant.title'));
  const mine = useQuery(merchantQueries.mine());
  return (
    <Flex vertical gap={16} data-testid="my-merchant-page">
      <PageHeader title={t('merchant.title')} subtitle={t('merchant.subtitle')} />
      <Loaded query={mine}>
        {(data) =>
          data.items.length === 0 ? (
            <Card variant="borderless">
              <Empty description={t('merchant.none')} />
            </Card>
          ) : (
            <Row gutter={[16, 16]}>
              {data.items.map((merchant) => (
                <Col key={merchant.id} xs={24} xl={12}>
                  <MerchantCard merchant={merchant} />
                </Col>
              ))}
            </Row>
          )
        }
      </Loaded>
    </Flex>
  );
}
