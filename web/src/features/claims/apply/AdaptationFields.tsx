/** The facts of 居家适老化改造: the dwelling and its older resident, the purchase date, the items (labour apart). */
import { Alert, Button, Card, Flex, Form, Input, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { todayInShanghai } from '../../accounts/forms/today';
import { formatFen } from '../../../lib/money';
import { itemTotals, type ItemValues } from '../form';
import { useClaimsI18n } from '../messages';
import { claimRules, fieldId } from './rules';

export function AdaptationFields() {
  const { t, lang } = useClaimsI18n();
  const rules = claimRules(t);
  const today = todayInShanghai();
  const items = Form.useWatch<Partial<ItemValues>[] | undefined>('items');
  const totals = itemTotals(items);
  return (
    <>
      <Card size="small" title={t('cl.section.dwelling')}>
        <Form.Item name={['dwelling', 'address']} label={t('cl.f.address')} rules={rules.text(200)}>
          <Input data-testid={fieldId(['dwelling', 'address'])} autoComplete="street-address" />
        </Form.Item>
        <Form.Item name={['dwelling', 'residentName']} label={t('cl.f.residentName')} rules={rules.text(40)}>
          <Input data-testid={fieldId(['dwelling', 'residentName'])} />
        </Form.Item>
        <Form.Item name={['dwelling', 'residentBirthDate']} label={t('cl.f.residentBirthDate')} rules={rules.date}>
          <Input type="date" max={today} data-testid={fieldId(['dwelling', 'residentBirthDate'])} />
        </Form.Item>
        <Form.Item name="purchaseDate" label={t('cl.f.purchaseDate')} rules={rules.date}>
          <Input type="date" max={today} data-testid={fieldId(['purchaseDate'])} />
        </Form.Item>
      </Card>
      <Card size="small" title={t('cl.section.items')} style={{ marginTop: 12 }}>
        <Alert
          type="warning"
          showIcon
          title={t('cl.f.labourNote')}
          style={{ marginBottom: 12 }}
          data-testid="labour-note"
        />
        <Form.List name="items">
          {(fields, { add, remove }) => (
            <Flex vertical gap={8}>
              {fields.map((field, index) => (
                <Card
                  key={field.key}
                  size="small"
                  type="inner"
                  data-testid={`claim-item-${index}`}
                  title={t('cl.f.itemNo', { n: index + 1 })}
                  extra={
                    fields.length > 1 && (
                      <Button
                        size="small"
                        type="text"
                        danger
                        icon={<DeleteOutlined />}
                        aria-label={t('cl.f.remove')}
                        onClick={() => remove(field.name)}
                      />
                    )
                  }
                >
                  <Form.Item name={[field.name, 'name']} label={t('cl.f.itemName')} rules={rules.text(100)}>
                    <Input data-testid={fieldId(['items', index, 'name'])} />
                  </Form.Item>
                  <Flex gap={8} wrap>
                    <Form.Item
                      name={[field.name, 'productCostYuan']}
                      label={t('cl.f.productCost')}
                      rules={rules.money(true)}
                      style={{ flex: '1 1 140px' }}
                    >
                      <Input inputMode="decimal" data-testid={fieldId(['items', index, 'productCostYuan'])} />
                    </Form.Item>
                    <Form.Item
                      name={[field.name, 'labourCostYuan']}
                      label={t('cl.f.labourCost')}
                      rules={rules.money(true, true)}
                      style={{ flex: '1 1 140px' }}
                    >
                      <Input inputMode="decimal" data-testid={fieldId(['items', index, 'labourCostYuan'])} />
                    </Form.Item>
                  </Flex>
                </Card>
              ))}
              <Button
                icon={<PlusOutlined />}
                onClick={() => add({ name: '', productCostYuan: '', labourCostYuan: '' })}
                disabled={fields.length >= 50}
                data-testid="claim-add-item"
              >
                {t('cl.f.addItem')}
              </Button>
            </Flex>
          )}
        </Form.List>
        <Typography.Paragraph
          type="secondary"
          style={{ marginTop: 12, marginBottom: 0 }}
          data-testid="claim-item-totals"
        >
          {t('cl.f.itemTotals', {
            product: formatFen(totals.productFen, lang),
            labour: formatFen(totals.labourFen, lang),
          })}
        </Typography.Paragraph>
      </Card>
    </>
  );
}
