/** The facts of a car line (汽车报废更新, 汽车置换更新): the old car and the new one. */
import { Card, Form, Input, InputNumber, Radio } from 'antd';
import type { ClaimLine } from '../../../../../src/contract/claims';
import { todayInShanghai } from '../../accounts/forms/today';
import { useClaimsI18n } from '../messages';
import { claimRules, fieldId } from './rules';

export function CarFields({ line }: { line: ClaimLine }) {
  const { t } = useClaimsI18n();
  const rules = claimRules(t);
  const today = todayInShanghai();
  const kind = Form.useWatch<string | undefined>(['newCar', 'kind']);
  return (
    <>
      <Card size="small" title={t('cl.section.oldCar')} data-testid={`claim-section-oldCar-${line}`}>
        <Form.Item
          name={['oldCar', 'ownerName']}
          label={t('cl.f.ownerName')}
          extra={t('cl.f.ownerName.help')}
          rules={rules.text(40)}
        >
          <Input data-testid={fieldId(['oldCar', 'ownerName'])} autoComplete="name" />
        </Form.Item>
        <Form.Item name={['oldCar', 'vin']} label={t('cl.f.vin')} rules={rules.vin}>
          <Input data-testid={fieldId(['oldCar', 'vin'])} maxLength={17} style={{ textTransform: 'uppercase' }} />
        </Form.Item>
        <Form.Item name={['oldCar', 'registeredOn']} label={t('cl.f.registeredOn')} rules={rules.date}>
          <Input type="date" max={today} data-testid={fieldId(['oldCar', 'registeredOn'])} />
        </Form.Item>
        <Form.Item name={['oldCar', 'plate']} label={t('cl.f.plate')} rules={[{ max: 12 }]}>
          <Input data-testid={fieldId(['oldCar', 'plate'])} maxLength={12} />
        </Form.Item>
      </Card>
      <Card size="small" title={t('cl.section.newCar')} style={{ marginTop: 12 }}>
        <Form.Item name={['newCar', 'vin']} label={t('cl.f.vin')} rules={rules.vin}>
          <Input data-testid={fieldId(['newCar', 'vin'])} maxLength={17} style={{ textTransform: 'uppercase' }} />
        </Form.Item>
        <Form.Item name={['newCar', 'kind']} label={t('cl.f.kind')} rules={rules.required}>
          <Radio.Group
            data-testid={fieldId(['newCar', 'kind'])}
            options={[
              { value: 'nev', label: t('cl.f.kind.nev') },
              { value: 'fuel', label: t('cl.f.kind.fuel') },
            ]}
          />
        </Form.Item>
        {kind === 'fuel' && (
          <Form.Item
            name={['newCar', 'displacementMl']}
            label={t('cl.f.displacementMl')}
            rules={[...rules.required, { type: 'integer', min: 1, max: 100_000, message: t('cl.f.integer.rule') }]}
          >
            <InputNumber
              min={1}
              max={100_000}
              precision={0}
              inputMode="numeric"
              style={{ width: '100%' }}
              data-testid={fieldId(['newCar', 'displacementMl'])}
            />
          </Form.Item>
        )}
        <Form.Item name={['newCar', 'invoiceNumber']} label={t('cl.f.invoiceNumber')} rules={rules.text(40)}>
          <Input data-testid={fieldId(['newCar', 'invoiceNumber'])} />
        </Form.Item>
        <Form.Item name={['newCar', 'invoiceDate']} label={t('cl.f.invoiceDate')} rules={rules.date}>
          <Input type="date" max={today} data-testid={fieldId(['newCar', 'invoiceDate'])} />
        </Form.Item>
        <Form.Item name={['newCar', 'priceYuan']} label={t('cl.f.price')} rules={rules.money()}>
          <Input inputMode="decimal" data-testid={fieldId(['newCar', 'priceYuan'])} />
        </Form.Item>
        <Form.Item name={['newCar', 'registeredOn']} label={t('cl.f.newRegisteredOn')} rules={rules.date}>
          <Input type="date" max={today} data-testid={fieldId(['newCar', 'registeredOn'])} />
        </Form.Item>
      </Card>
    </>
  );
}
