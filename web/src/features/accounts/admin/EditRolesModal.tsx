import { Alert, App, Form, Modal } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { AccountView } from '../../../../../src/contract/accounts';
import { accountQueries, setRoles } from '../api/accounts';
import { cleanGrants, grantsOf } from '../access';
import { useFormErrors } from '../forms/useFieldError';
import { useAccountsI18n } from '../messages';
import { RolesEditor, type RoleRowValue } from './RolesEditor';
import { ErrorAlert } from '../../../lib/ui/ErrorAlert';

/** 编辑角色: replaces the account's roles with the rows of the form. */
export function EditRolesModal({ account, onClose }: { account: AccountView; onClose: () => void }) {
  const { t } = useAccountsI18n();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<{ roles: RoleRowValue[] }>();
  const { formError, clearFormError, showError } = useFormErrors(form, ['roles']);
  const mutation = useMutation({
    mutationFn: (rows: RoleRowValue[]) => setRoles(account.id, cleanGrants(rows)),
    onMutate: clearFormError,
    onSuccess: (updated) => {
      void client.invalidateQueries({ queryKey: accountQueries.all });
      void message.success(t('accounts.rolesSaved', { name: updated.name }));
      onClose();
    },
    onError: showError,
  });
  return (
    <Modal
      open
      title={t('accounts.editRolesOf', { name: account.name })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={mutation.isPending}
      width={640}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'edit-roles-submit' }}
    >
      <Form
        form={form}
        name="edit-roles"
        layout="vertical"
        initialValues={{ roles: grantsOf(account.roles) }}
        onFinish={(values) => mutation.mutate(values.roles)}
      >
        {formError !== null && <ErrorAlert error={formError} testId="form-error" />}
        {account.kind === 'citizen' && (
          <Alert type="info" showIcon title={t('accounts.citizenKept')} style={{ marginBottom: 16 }} />
        )}
        <RolesEditor allowCitizen={account.kind === 'citizen'} />
      </Form>
    </Modal>
  );
}
