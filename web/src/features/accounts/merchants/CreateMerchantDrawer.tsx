import { FormDrawer } from '../../../lib/ui/FormDrawer';
import { App, Form, Input, Select } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { checkCreditCode } from '../../../../../src/domain/identity/credit-code';
import type { MerchantInput, MerchantView } from '../../../../../src/contract/accounts';
import { createMerchant, merchantQueries } from '../api/merchants';
import { useFormErrors } from '../forms/useFieldError';
import { checkRule } from '../forms/formRules';
import { useAccountsI18n } from '../messages';
import { useOrganisationOptions } from '../admin/organisations';
import { ErrorAlert } from '../../../lib/ui/ErrorAlert';

const FIELDS = ['name', 'creditCode', 'unitId'] as const;

/** 登记商户: name, unified social credit code (checked as a hint; the server decides) and unit. */
export function CreateMerchantDrawer({
  open,
  onClose,
  onCreated,
}: {
  open: boolean;
  onClose: () => void;
  onCreated: (merchant: MerchantView) => void;
}) {
  const { t, lang } = useAccountsI18n();
  const { message } = App.useApp();
  const client = useQueryClient();
  const { options } = useOrganisationOptions();
  const [form] = Form.useForm<MerchantInput>();
  const { formError, clearFormError, showError } = useFormErrors(form, FIELDS);
  const mutation = useMutation({
    mutationFn: (values: MerchantInput) =>
      createMerchant({
        name: values.name.trim(),
        creditCode: values.creditCode.trim().toUpperCase(),
        unitId: values.unitId,
      }),
    onMutate: clearFormError,
    onSuccess: (merchant) => {
      void client.invalidateQueries({ queryKey: merchantQueries.all });
      void message.success(t('merchants.created', { name: merchant.name }));
      form.resetFields();
      onCreated(merchant);
    },
    onError: showError,
  });
  const required = { required: true, whitespace: true, message: t('common.required') };
  const creditCodeHint = checkRule((value) => {
    const check = checkCreditCode(value);
    return check.status === 'valid' ? undefined : lang === 'en' ? check.messageEn : check.message;
  }, true);
  return (
    <FormDrawer
      open={open}
      onClose={onClose}
      title={t('merchants.create')}
      width={520}
      saving={mutation.isPending}
      onSave={() => form.submit()}
      saveTestId="create-merchant-submit"
    >
      <Form<MerchantInput>
        form={form}
        name="create-merchant"
        layout="vertical"
        requiredMark={false}
        onFinish={(values) => mutation.mutate(values)}
      >
        {formError !== null && <ErrorAlert error={formError} testId="create-merchant-error" />}
        <Form.Item name="name" label={t('merchants.name')} rules={[required]}>
          <Input autoComplete="off" data-testid="merchant-name" />
        </Form.Item>
        <Form.Item
          name="creditCode"
          label={t('merchants.creditCode')}
          rules={[required, creditCodeHint]}
          validateDebounce={300}
        >
          <Input
            maxLength={18}
            autoComplete="off"
            style={{ textTransform: 'uppercase' }}
            data-testid="merchant-credit-code"
          />
        </Form.Item>
        <Form.Item
          name="unitId"
          label={t('merchants.unit')}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            options={options.unit}
            placeholder={t('merchants.unit')}
            data-testid="merchant-unit"
          />
        </Form.Item>
      </Form>
    </FormDrawer>
  );
}
