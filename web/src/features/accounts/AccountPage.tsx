/**
 * 我的账户: the caller's own profile with personal data masked, their roles and permissions, a
 * password change and, for citizens, the bank account subsidies are paid into.
 */
import { App, Button, Card, Col, Descriptions, Flex, Form, Input, Row, Tag, Typography } from 'antd';
import { BankOutlined, LockOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { SessionView } from '../../../../src/contract/accounts';
import { changePassword, SESSION_KEY, setBankAccount } from './api/auth';
import { useFormErrors } from './forms/useFieldError';
import { checkRule, sameAs } from './forms/formRules';
import { RoleTags } from './RoleTags';
import { useSession, useUpdateOwnAccount } from './session';
import { PageHeader, usePageTitle } from '../../lib/ui/PageHeader';
import { formatMoment } from '../../lib/datetime';
import { useAccountsI18n } from './messages';
import { withFeedback } from '../../lib/ui/withFeedback';
import { ErrorAlert } from '../../lib/ui/ErrorAlert';

function Profile({ session, citizen }: { session: SessionView; citizen: boolean }) {
  const { t } = useAccountsI18n();
  const { account, permissions } = session;
  const masked = (value: string | null, testId: string) =>
    value ? (
      <Typography.Text code data-testid={testId}>
        {value}
      </Typography.Text>
    ) : (
      <Typography.Text type="secondary" data-testid={testId}>
        {t('common.notSet')}
      </Typography.Text>
    );
  return (
    <Card
      variant="borderless"
      title={t('account.profile')}
      extra={<Typography.Text type="secondary">{t('account.masked')}</Typography.Text>}
    >
      <Descriptions
        column={{ xs: 1, sm: 1, md: 2 }}
        items={[
          {
            key: 'name',
            label: t('account.name'),
            children: (
              <Flex gap={8} align="center">
                <span data-testid="account-name">{account.name}</span>
                {account.demo && <Tag color="orange">{t('common.demo')}</Tag>}
              </Flex>
            ),
          },
          { key: 'kind', label: t('account.kind'), children: t(`accountKind.${account.kind}`) },
          ...(account.username ? [{ key: 'username', label: t('account.username'), children: account.username }] : []),
          // staff accounts hold no ID number or bank account: shown only where they can exist
          ...(citizen || account.idNumber
            ? [
                {
                  key: 'idNumber',
                  label: t('account.idNumber'),
                  children: masked(account.idNumber, 'account-id-number'),
                },
              ]
            : []),
          { key: 'mobile', label: t('account.mobile'), children: masked(account.mobile, 'account-mobile') },
          ...(citizen || account.bankAccount
            ? [
                {
                  key: 'bankAccount',
                  label: t('account.bankAccount'),
                  children: masked(account.bankAccount, 'account-bank-account'),
                },
              ]
            : []),
          { key: 'roles', label: t('account.roles'), span: 'filled', children: <RoleTags roles={account.roles} /> },
          {
            key: 'permissions',
            label: t('account.permissions'),
            span: 'filled',
            children: (
              <span className="tag-list" data-testid="account-permissions">
                {permissions
                  .filter((p) => p !== 'public' && p !== 'session')
                  .map((p) => (
                    <Tag key={p}>{t(`perm.${p}`)}</Tag>
                  ))}
                <Tag>{t('perm.session')}</Tag>
              </span>
            ),
          },
          { key: 'createdAt', label: t('account.createdAt'), children: formatMoment(account.createdAt) },
          { key: 'lastSignInAt', label: t('account.lastSignInAt'), children: formatMoment(account.lastSignInAt) },
          { key: 'expires', label: t('account.sessionExpires'), children: formatMoment(session.expiresAt) },
        ]}
      />
    </Card>
  );
}

interface PasswordValues {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

function ChangePasswordCard() {
  const { t } = useAccountsI18n();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<PasswordValues>();
  const { formError, clearFormError, showError } = useFormErrors(form, ['currentPassword', 'newPassword']);
  const mutation = useMutation({
    mutationFn: (values: PasswordValues) => changePassword(values.currentPassword, values.newPassword),
    onMutate: clearFormError,
    onSuccess: (session) => {
      form.resetFields();
      void message.success(t('account.passwordChanged'));
      // the change ended the old session: the answer is the new one, with its own CSRF token
      client.setQueryData(SESSION_KEY, session);
    },
    onError: showError,
  });
  const required = { required: true, message: t('common.required') };
  return (
    <Card variant="borderless" title={t('account.changePassword')}>
      <Form<PasswordValues>
        form={form}
        name="change-password"
        layout="vertical"
        requiredMark={false}
        onFinish={(values) => mutation.mutate(values)}
      >
        {formError !== null && <ErrorAlert error={formError} testId="password-error" />}
        <Form.Item name="currentPassword" label={t('account.currentPassword')} rules={[required]}>
          <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
        </Form.Item>
        <Form.Item
          name="newPassword"
          label={t('account.newPassword')}
          rules={[required, { min: 10, max: 128, message: t('register.passwordRule') }]}
          extra={t('register.passwordRule')}
        >
          <Input.Password prefix={<LockOutlined />} autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={t('account.confirmPassword')}
          dependencies={['newPassword']}
          rules={[required, sameAs('newPassword', t('register.mismatch'))]}
        >
          <Input.Password prefix={<LockOutlined />} autoComplete="new-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={mutation.isPending}>
          {t('account.changePassword')}
        </Button>
      </Form>
    </Card>
  );
}

function BankAccountCard({ current }: { current: string | null }) {
  const { t } = useAccountsI18n();
  const { message } = App.useApp();
  const update = useUpdateOwnAccount();
  const [form] = Form.useForm<{ bankAccount: string }>();
  const { formError, clearFormError, showError } = useFormErrors(form, ['bankAccount']);
  const mutation = useMutation({
    mutationFn: (bankAccount: string) => setBankAccount(bankAccount),
    onMutate: clearFormError,
    onSuccess: (account) => {
      update(account);
      form.resetFields();
      void message.success(t('account.bankSaved'));
    },
    onError: showError,
  });
  return (
    <Card variant="borderless" title={t('account.bankTitle')} data-testid="bank-account-card">
      <Typography.Paragraph type="secondary">{t('account.bankHint')}</Typography.Paragraph>
      {current && <Typography.Paragraph>{t('account.bankCurrent', { value: current })}</Typography.Paragraph>}
      <Form
        form={form}
        name="bank-account"
        layout="vertical"
        requiredMark={false}
        onFinish={(values) => mutation.mutate(values.bankAccount.replace(/\s+/g, ''))}
      >
        {formError !== null && <ErrorAlert error={formError} testId="bank-account-error" />}
        <Form.Item
          name="bankAccount"
          label={t('account.bankAccount')}
          rules={[
            { required: true, whitespace: true, message: t('common.required') },
            { pattern: /^[\d\s]*$/, message: t('account.bankRule') },
            checkRule((value) => {
              const digits = value.replace(/\s+/g, '').length;
              return digits < 12 || digits > 30 ? t('account.bankRule') : undefined;
            }),
          ]}
        >
          <Input
            prefix={<BankOutlined />}
            inputMode="numeric"
            autoComplete="off"
            placeholder={t('account.bankPlaceholder')}
            data-testid="bank-account-input"
          />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={mutation.isPending} data-testid="bank-account-submit">
          {t('common.save')}
        </Button>
      </Form>
    </Card>
  );
}

export default withFeedback(AccountPage);

function AccountPage() {
  const { t } = useAccountsI18n();
  usePageTitle(t('account.title'));
  const { session } = useSession();
  if (!session) return null; // the route's guard shows the sign-in notice
  const citizen = session.account.kind === 'citizen' || session.account.roles.some((r) => r.role === 'citizen');
  return (
    <Flex vertical gap={16} data-testid="account-page">
      <PageHeader title={t('account.title')} />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <Profile session={session} citizen={citizen} />
        </Col>
        <Col xs={24} xl={10}>
          <Flex vertical gap={16}>
            {citizen && <BankAccountCard current={session.account.bankAccount} />}
            <ChangePasswordCard />
          </Flex>
        </Col>
      </Row>
    </Flex>
  );
}
