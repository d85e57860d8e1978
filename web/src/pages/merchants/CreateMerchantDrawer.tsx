import { useState } from 'react';
import { App, Button, Drawer, Flex, Form, Grid, Input, Select } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { checkCreditCode } from '../../../../src/domain/identity/credit-code';
import type { Merchant, NewMerchant } from '../../api/accessTypes';
import { createMerchant, merchantQueries } from '../../api/merchants';
import { useFieldError } from '../../auth/useFieldError';
import { checkRule } from '../../auth/formRules';
import { FormErrorAlert } from '../../components/FormErrorAlert';
import { useI18n } from '../../i18n/useI18n';
import { useOrganisationOptions } from '../accounts/organisations';

const FIELDS = ['name', 'creditCode', 'unitId'] as const;

/** 登记商户: name, unified social credit code (checked as a hint; the server decides) and unit. */
export function CreateMerchantDrawer({
  open,
  onClose,
  onCreated,
}: {
  open: boolean;
  onClose: () => void;
  onCreated: (merchant: Merchant) => void;
}) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const screens = Grid.useBreakpoint();
  const client = useQueryClient();
  const { options } = useOrganisationOptions();
  const [form] = Form.useForm<NewMerchant>();
  const [formError, setFormError] = useState<unknown>(null);
  const toFieldError = useFieldError();
  const mutation = useMutation({
    mutationFn: (values: NewMerchant) =>
      createMerchant({
        name: values.name.trim(),
        creditCode: values.creditCode.trim().toUpperCase(),
        unitId: values.unitId,
      }),
    onMutate: () => setFormError(null),
    onSuccess: (merchant) => {
      void client.invalidateQueries({ queryKey: merchantQueries.all });
      void message.success(t('merchants.created', { name: merchant.name }));
      form.resetFields();
      onCreated(merchant);
    },
    onError: (error) => {
      const fieldError = toFieldError(error, FIELDS);
      if (fieldError) form.setFields([fieldError]);
      else setFormError(error);
    },
  });
  const required = { required: true, whitespace: true, message: t('common.required') };
  const creditCodeHint = checkRule((value) => {
    const check = checkCreditCode(value);
    return check.status === 'valid' ? undefined : lang === 'en' ? check.messageEn : check.message;
  }, true);
  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={t('merchants.create')}
      size={screens.md ? 520 : '100%'}
      destroyOnHidden
      footer={
        <Flex justify="flex-end" gap={8}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button
            type="primary"
            loading={mutation.isPending}
            onClick={() => form.submit()}
            data-testid="create-merchant-submit"
          >
            {t('common.save')}
          </Button>
        </Flex>
      }
    >
      <Form<NewMerchant>
        form={form}
        name="create-merchant"
        layout="vertical"
        requiredMark={false}
        onFinish={(values) => mutation.mutate(values)}
      >
        {formError !== null && <FormErrorAlert error={formError} testId="create-merchant-error" />}
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
    </Drawer>
  );
}
