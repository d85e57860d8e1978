/**
 * A claim's amount and why (the engine's explanation and reasons), and its facts as shown (masked):
 * the priced draft, the applicant's detail and the reviewer's left side.
 */
import { Alert, Card, Descriptions, Flex, Tag, Typography } from 'antd';
import { CheckCircleOutlined, CloseCircleOutlined } from '@ant-design/icons';
import type { ClaimView } from '../../../../src/contract/claims';
import { fenToYuanText } from '../../lib/money';
import { useClaimsI18n } from './messages';

/** The amount priced (or held), eligibility, the explanation and the engine's reasons. */
export function AmountCard({ claim, title }: { claim: ClaimView; title?: string }) {
  const { t, pick } = useClaimsI18n();
  return (
    <Card size="small" title={title ?? t('cl.priced.title')} data-testid="claim-priced">
      <Flex vertical gap={12}>
        <Flex justify="space-between" align="center" wrap gap={8}>
          <div>
            <Typography.Text type="secondary">{t('cl.priced.amount')}</Typography.Text>
            <div style={{ fontSize: 28, fontWeight: 600, lineHeight: 1.2 }}>
              <span data-testid="claim-amount" data-fen={claim.subsidyFen}>
                {fenToYuanText(claim.subsidyFen)}
              </span>{' '}
              <span style={{ fontSize: 14 }}>{t('cl.yuan')}</span>
            </div>
          </div>
          {claim.eligible ? (
            <Tag color="success" icon={<CheckCircleOutlined />} data-testid="claim-eligible" data-eligible="true">
              {t('cl.priced.eligible')}
            </Tag>
          ) : (
            <Tag color="error" icon={<CloseCircleOutlined />} data-testid="claim-eligible" data-eligible="false">
              {t('cl.priced.notEligible')}
            </Tag>
          )}
        </Flex>
        {claim.topUpOf && <Tag color="purple">{t('cl.detail.topUp')}</Tag>}
        <div>
          <Typography.Text type="secondary">{t('cl.detail.explanation')}</Typography.Text>
          <Typography.Paragraph data-testid="claim-explanation" style={{ margin: 0 }}>
            {pick(claim.explanation, claim.explanationEn)}
          </Typography.Paragraph>
        </div>
        {claim.reasons.length > 0 && (
          <Flex vertical gap={8} data-testid="claim-reasons">
            <Typography.Text strong>{t('cl.priced.reasons')}</Typography.Text>
            {claim.reasons.map((reason, index) => (
              <Alert
                key={`${reason.code}-${index}`}
                type="warning"
                showIcon
                data-testid={`claim-reason-${reason.code}`}
                title={pick(reason.message, reason.messageEn)}
                description={<Typography.Text code>{reason.code}</Typography.Text>}
              />
            ))}
          </Flex>
        )}
      </Flex>
    </Card>
  );
}

/** The facts as the server shows them (label/value rows, personal data masked) and the payee. */
export function FactsCard({ claim, extra }: { claim: ClaimView; extra?: { label: string; value: string }[] }) {
  const { t, pick } = useClaimsI18n();
  const rows = [
    ...(extra ?? []),
    ...claim.facts.summary.map((row) => ({ label: pick(row.label, row.labelEn), value: row.value })),
  ];
  return (
    <Card size="small" title={t('cl.detail.facts')} data-testid="claim-facts">
      <Descriptions
        size="small"
        column={1}
        items={rows.map((row, index) => ({ key: `${index}`, label: row.label, children: row.value }))}
      />
      {claim.payee && (
        <Descriptions
          size="small"
          column={1}
          style={{ marginTop: 12 }}
          title={<span style={{ fontSize: 14 }}>{t('cl.detail.payee')}</span>}
          data-testid="claim-payee"
          items={[
            { key: 'name', label: t('cl.f.payeeName'), children: claim.payee.name },
            { key: 'bank', label: t('cl.f.bankName'), children: claim.payee.bankName },
            { key: 'account', label: t('cl.f.bankAccount'), children: claim.payee.bankAccount },
          ]}
        />
      )}
    </Card>
  );
}
