/**
 * The application of one line: its facts, the county, the payee; "计算补贴并保存草稿" converts the money
 * to integer fen (form.ts) and creates a draft the engine has priced. A refused field is marked on the form.
 */
import { Button, Card, Flex, Form, Select, type FormInstance } from 'antd';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { ClaimApplication, ClaimLine } from '../../../../../src/contract/claims';
import { ApiError } from '../../../lib/api/client';
import { planQueries } from '../../plan/api';
import { claimsApi, type ClaimCreated } from '../api';
import { fieldPathOf, toApplication, type ApplyValues } from '../form';
import { useAttemptKeys } from '../keys';
import { useLineLabel } from '../labels';
import { useClaimsI18n } from '../messages';
import { PayeeFields } from '../PayeeFields';
import { ClaimError } from '../ui';
import { AdaptationFields } from './AdaptationFields';
import { CarFields } from './CarFields';
import { LaunchFields } from './LaunchFields';
import { fieldId } from './rules';

/** A new form's values for a line: one empty item or cost, a new-energy car, the payee's name. */
export function initialValues(line: ClaimLine, payeeName: string): Partial<ApplyValues> {
  const payee = { name: payeeName, bankName: '', bankAccount: '' };
  if (line === 'elderly_adaptation') return { items: [{ name: '', productCostYuan: '', labourCostYuan: '' }], payee };
  if (line === 'first_launch') return { costs: [{ item: '', amountYuan: '' }], payee };
  return { newCar: { kind: 'nev' } as ApplyValues['newCar'], payee };
}

type FieldData = Parameters<FormInstance<ApplyValues>['setFields']>[0];

export function ApplyForm({
  line,
  values,
  onSaved,
  onChangeLine,
}: {
  line: ClaimLine;
  values: Partial<ApplyValues>;
  onSaved: (created: ClaimCreated, values: Partial<ApplyValues>) => void;
  onChangeLine: () => void;
}) {
  const { t, pick } = useClaimsI18n();
  const lineLabel = useLineLabel();
  const [form] = Form.useForm<ApplyValues>();
  const units = useQuery(planQueries.units());
  const keys = useAttemptKeys();
  const apply = useMutation({
    mutationFn: (application: ClaimApplication) => claimsApi.apply(application, keys.keyFor(application)),
    onSuccess: (created, application) => {
      keys.done(application);
      onSaved(created, form.getFieldsValue(true) as Partial<ApplyValues>);
    },
  });

  // a refusal that names a field of the form is shown on it as well
  useEffect(() => {
    const error = apply.error;
    if (!(error instanceof ApiError)) return;
    const path = fieldPathOf(error.field);
    if (path) form.setFields([{ name: path, errors: [error.message] }] as FieldData);
  }, [apply.error, form]);

  const finish = (v: ApplyValues) => {
    const conversion = toApplication(line, v);
    if (!conversion.ok) {
      form.setFields([{ name: conversion.field, errors: [t('cl.apply.fixField')] }] as FieldData);
      return;
    }
    apply.mutate(conversion.application);
  };

  return (
    <Form<ApplyValues>
      form={form}
      layout="vertical"
      initialValues={values}
      onFinish={finish}
      scrollToFirstError
      data-testid="claim-form"
      data-line={line}
    >
      <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 12 }}>
        <strong data-testid="claim-form-line">{lineLabel(line)}</strong>
        <Button size="small" onClick={onChangeLine} data-testid="claim-change-line">
          {t('cl.apply.change')}
        </Button>
      </Flex>
      {line === 'car_scrap' || line === 'car_replace' ? (
        <CarFields line={line} />
      ) : line === 'elderly_adaptation' ? (
        <AdaptationFields />
      ) : (
        <LaunchFields />
      )}
      <Card size="small" title={t('cl.f.unitId')} style={{ marginTop: 12 }}>
        <Form.Item
          name="unitId"
          extra={t('cl.f.unitId.help')}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <Select
            showSearch
            optionFilterProp="label"
            loading={units.isPending}
            data-testid={fieldId(['unitId'])}
            options={(units.data ?? []).map((u) => ({ value: u.id, label: pick(u.name, u.nameEn) }))}
          />
        </Form.Item>
      </Card>
      <Card size="small" title={t('cl.section.payee')} style={{ marginTop: 12 }}>
        <PayeeFields />
      </Card>
      {apply.error ? (
        <div style={{ marginTop: 12 }}>
          <ClaimError error={apply.error} testId="claim-apply-error" />
        </div>
      ) : null}
      <Button
        type="primary"
        htmlType="submit"
        size="large"
        block
        loading={apply.isPending}
        style={{ marginTop: 16 }}
        data-testid="claim-price"
      >
        {t('cl.apply.price')}
      </Button>
    </Form>
  );
}
