import { Button, Form, Input, Space } from 'antd';
import { SafetyOutlined } from '@ant-design/icons';
import { useAccountsI18n } from '../messages';

/**
 * The six-digit code field with its send / resend button (counting down until a new code may be asked
 * for): one for signing in by code and for registering. Lives inside a Form.Item; the field is `code`.
 */
export function CodeInput(props: {
  readonly onSend: () => void;
  /** Seconds until another code may be sent; 0: now. */
  readonly secondsLeft: number;
  readonly sending: boolean;
  readonly size?: 'large';
  readonly inputTestId: string;
  readonly sendTestId: string;
}) {
  const { t } = useAccountsI18n();
  const { secondsLeft } = props;
  return (
    <Space.Compact style={{ width: '100%' }}>
      <Form.Item
        name="code"
        noStyle
        rules={[
          { required: true, message: t('common.required') },
          { pattern: /^\s*\d{6}\s*$/, message: t('auth.codeFormat') },
        ]}
      >
        <Input
          prefix={<SafetyOutlined />}
          autoComplete="one-time-code"
          inputMode="numeric"
          maxLength={6}
          {...(props.size === undefined ? {} : { size: props.size })}
          placeholder={t('auth.codePlaceholder')}
          data-testid={props.inputTestId}
        />
      </Form.Item>
      <Button
        {...(props.size === undefined ? {} : { size: props.size })}
        onClick={props.onSend}
        disabled={secondsLeft > 0}
        loading={props.sending}
        data-testid={props.sendTestId}
        style={{ minWidth: 132 }}
      >
        {secondsLeft > 0 ? t('auth.resendIn', { n: secondsLeft }) : t('auth.sendCode')}
      </Button>
    </Space.Compact>
  );
}
