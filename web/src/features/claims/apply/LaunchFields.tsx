/**
 * The facts of 首发经济: the company (a merchant the caller owns, from the own-merchants API), the
 * launch event and its costs. Choosing the company fills its county and the payee's name (the company's).
 */
import { Alert, Button, Card, Flex, Form, Input, Select } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { merchantQueries } from '../../accounts/api/merchants';
import { todayInShanghai } from '../../accounts/forms/today';
import { useSession } from '../../accounts/session';
import type { ApplyValues } from '../form';
import { useClaimsI18n } from '../messages';
import { claimRules, fieldId } from './rules';

/** The merchants the caller owns (merchant_owner), as the own-merchants API lists them. */
export function useOwnedMerchants() {
  const { session } = useSession();
  const mine = useQuery(merchantQueries.mine());
  const owned = new Set(
    (session?.account.roles ?? [])
      .filter((r) => r.role === 'merchant_owner' && r.organisation?.kind === 'merchant')
      .map((r) => r.organisation?.id),
  );
  return { query: mine, merchants: (mine.data?.items ?? []).filter((m) => owned.has(m.id)) };
}

export function LaunchFields() {
  const { t } = useClaimsI18n();
  const rules = claimRules(t);
  const form = Form.useFormInstance<ApplyValues>();
  const { query, merchants } = useOwnedMerchants();
  const today = todayInShanghai();
  const choose = (id: string) => {
    const merchant = merchants.find((m) => m.id === id);
    if (!merchant) return;
    const payee = form.getFieldValue('payee') as ApplyValues['payee'];
    form.setFieldsValue({
      unitId: merchant.unitId,
      payee: { bankName: payee?.bankName ?? '', bankAccount: payee?.bankAccount ?? '', name: merchant.name },
    });
  };
  return (
    <>
      <Card size="small" title={t('cl.section.event')}>
        {query.isSuccess && merchants.length === 0 && (
          <Alert type="warning" showIcon title={t('cl.f.noMerchant')} style={{ marginBottom: 12 }} />
        )}
        <Form.Item name="merchantId" label={t('cl.f.merchantId')} rules={rules.required}>
          <Select
            data-testid={fieldId(['merchantId'])}
            loading={query.isPending}
            onChange={choose}
            options={merchants.map((m) => ({ value: m.id, label: m.name }))}
          />
        </Form.Item>
        <Form.Item name={['event', 'name']} label={t('cl.f.eventName')} rules={rules.text(200)}>
          <Input data-testid={fieldId(['event', 'name'])} />
        </Form.Item>
        <Form.Item name={['event', 'date']} label={t('cl.f.eventDate')} rules={rules.date}>
          <Input type="date" max={today} data-testid={fieldId(['event', 'date'])} />
        </Form.Item>
        <Form.Item name={['event', 'venue']} label={t('cl.f.venue')} rules={rules.text(200)}>
          <Input data-testid={fieldId(['event', 'venue'])} />
        </Form.Item>
      </Card>
      <Card size="small" title={t('cl.section.costs')} style={{ marginTop: 12 }}>
        <Form.List name="costs">
          {(fields, { add, remove }) => (
            <Flex vertical gap={4}>
              {fields.map((field, index) => (
                <Flex key={field.key} gap={8} wrap align="start" data-testid={`claim-cost-${index}`}>
                  <Form.Item
                    name={[field.name, 'item']}
                    label={t('cl.f.costItem')}
                    rules={rules.text(200)}
                    style={{ flex: '2 1 200px' }}
                  >
                    <Input data-testid={fieldId(['costs', index, 'item'])} />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'amountYuan']}
                    label={t('cl.f.amount')}
                    rules={rules.money()}
                    style={{ flex: '1 1 120px' }}
                  >
                    <Input inputMode="decimal" data-testid={fieldId(['costs', index, 'amountYuan'])} />
                  </Form.Item>
                  {fields.length > 1 && (
                    <Button
                      type="text"
                      danger
                      icon={<DeleteOutlined />}
                      aria-label={t('cl.f.remove')}
                      onClick={() => remove(field.name)}
                      style={{ marginTop: 30 }}
                    />
                  )}
                </Flex>
              ))}
              <Button
                icon={<PlusOutlined />}
                onClick={() => add({ item: '', amountYuan: '' })}
                disabled={fields.length >= 100}
                data-testid="claim-add-cost"
              >
                {t('cl.f.addCost')}
              </Button>
            </Flex>
          )}
        </Form.List>
      </Card>
    </>
  );
}
