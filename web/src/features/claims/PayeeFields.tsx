/** The payee account's fields (户名, 开户银行, 银行账号), under `payee` of a form: applying and correcting. */
import { Form, Input } from 'antd';
import { useClaimsI18n } from './messages';
import { claimRules } from './apply/rules';

export function PayeeFields() {
  const { t } = useClaimsI18n();
  const rules = claimRules(t);
  return (
    <>
      <Form.Item
        name={['payee', 'name']}
        label={t('cl.f.payeeName')}
        extra={t('cl.f.payeeName.help')}
        rules={rules.text(100)}
      >
        <Input data-testid="payee-name" autoComplete="name" />
      </Form.Item>
      <Form.Item name={['payee', 'bankName']} label={t('cl.f.bankName')} rules={rules.text(100)}>
        <Input data-testid="payee-bank" />
      </Form.Item>
      <Form.Item name={['payee', 'bankAccount']} label={t('cl.f.bankAccount')} rules={rules.bankAccount}>
        <Input data-testid="payee-account" inputMode="numeric" autoComplete="off" />
      </Form.Item>
    </>
  );
}
