import { Alert, Card, Collapse, Descriptions, Flex, Tag, Typography } from 'antd';
import { CheckCircleOutlined, CloseCircleOutlined } from '@ant-design/icons';
import type { QuoteResult } from '../../../../src/contract/subsidy';
import { useSubsidyI18n } from './messages';
import { fenToYuanText } from '../../lib/money';

/** The answer of the quote: eligibility, the amount, why, and the plan's own words. */
export function QuoteResultCard({ result }: { result: QuoteResult }) {
  const { t, pick } = useSubsidyI18n();
  return (
    <Card variant="borderless" data-testid="calculator-result" className="calculator-result">
      <Flex vertical gap={16}>
        <Flex justify="space-between" align="center" gap={12} wrap>
          {result.eligible ? (
            <Tag color="success" icon={<CheckCircleOutlined />} data-testid="calculator-eligible">
              {t('calc.eligible')}
            </Tag>
          ) : (
            <Tag color="error" icon={<CloseCircleOutlined />} data-testid="calculator-eligible">
              {t('calc.notEligible')}
            </Tag>
          )}
          {result.ruleDate && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('calc.ruleDate')}: {result.ruleDate}
            </Typography.Text>
          )}
        </Flex>
        <div>
          <Typography.Text type="secondary">{t('calc.subsidy')}</Typography.Text>
          <div className="calculator-amount">
            <span data-testid="calculator-subsidy">{fenToYuanText(result.subsidyFen)}</span>
            <span className="calculator-amount-unit">{t('calc.yuan')}</span>
          </div>
        </div>
        <Typography.Paragraph data-testid="calculator-explanation" style={{ margin: 0, fontSize: 15 }}>
          {pick(result.explanation, result.explanationEn)}
        </Typography.Paragraph>
        {result.reasons.length > 0 && (
          <Flex vertical gap={8} data-testid="calculator-reasons">
            <Typography.Text strong>{t('calc.reasons')}</Typography.Text>
            {result.reasons.map((reason, index) => (
              <Alert
                key={`${reason.code}-${index}`}
                type="warning"
                showIcon
                data-testid={`calculator-reason-${reason.code}`}
                title={pick(reason.message, reason.messageEn)}
                description={
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    <Typography.Text code>{reason.code}</Typography.Text>
                    {reason.field && ` · ${t('error.field')}: ${reason.field}`}
                  </Typography.Text>
                }
              />
            ))}
          </Flex>
        )}
        {result.uncheckedConditions.length > 0 && (
          <Alert
            type="info"
            showIcon
            title={t('calc.unchecked')}
            description={
              <ul style={{ margin: 0, paddingInlineStart: 18 }}>
                {result.uncheckedConditions.map((condition) => (
                  <li key={condition.code}>{pick(condition.message, condition.messageEn)}</li>
                ))}
              </ul>
            }
          />
        )}
        {result.clauses.length > 0 && (
          <div data-testid="calculator-clauses">
            <Typography.Text strong>{t('common.quote')}</Typography.Text>
            {result.clauses.map((clause) => (
              <blockquote key={clause.parameterId} className="calculator-quote">
                {clause.quote}
                <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12, marginTop: 4 }}>
                  {clause.measure !== null ? `${t('common.measure')} ${clause.measure} · ` : ''}
                  {clause.parameterId}
                </Typography.Text>
              </blockquote>
            ))}
          </div>
        )}
        <Descriptions
          size="small"
          column={1}
          items={[
            {
              key: 'version',
              label: t('calc.parameterVersion'),
              children: (
                <Typography.Text code copyable style={{ wordBreak: 'break-all' }} data-testid="calculator-version">
                  {result.parameterVersion}
                </Typography.Text>
              ),
            },
          ]}
        />
        {result.trace.length > 0 && (
          <Collapse
            size="small"
            data-testid="calculator-trace"
            items={[
              {
                key: 'trace',
                label: t('calc.trace'),
                children: (
                  <ol style={{ margin: 0, paddingInlineStart: 20 }}>
                    {result.trace.map((step, index) => (
                      <li key={`${step.step}-${index}`}>
                        {pick(step.message, step.messageEn)}
                        {step.amountFen !== undefined && (
                          <Typography.Text type="secondary">
                            {' '}
                            ({fenToYuanText(step.amountFen)} {t('calc.yuan')})
                          </Typography.Text>
                        )}
                      </li>
                    ))}
                  </ol>
                ),
              },
            ]}
          />
        )}
      </Flex>
    </Card>
  );
}
