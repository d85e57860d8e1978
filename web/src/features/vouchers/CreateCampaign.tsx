/**
 * 新建消费券活动 (vouchers.manage), in a drawer: the funder (a city pool, or a union with its name and credit
 * code paying from its own pool), the categories accepted and excluded, the units, the pack's denominations
 * as 满X减Y typed in yuan (turned into fen on the digits), and the per-person limits.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Form, Input, InputNumber, Radio, Select, Space, Switch, Typography } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useRef } from 'react';
import { attemptFor, newIdempotencyKey, type Attempt } from '../budget/idempotency';
import { usePoolNaming, useBudgetQueries } from '../budget/useBudget';
import { planQueries } from '../plan/api';
import { ErrorAlert } from '../../lib/ui/ErrorAlert';
import { FormDrawer } from '../../lib/ui/FormDrawer';
import { formatFen, yuanToFen } from '../../lib/money';
import { vouchersApi, voucherKeys, type CampaignInput } from './api';
import { categoryLabel, VOUCHER_CATEGORIES, useVouchersI18n } from './messages';

interface DenominationRow {
  thresholdYuan: string;
  faceYuan: string;
  count: number;
}

interface CampaignForm {
  name: string;
  kind: 'city' | 'union';
  poolId: string;
  unionName?: string;
  creditCode?: string;
  categories: string[];
  excludedCategories: string[];
  units: string[];
  packs: DenominationRow[];
  perRoundPacks?: number | null;
  perCampaignPacks?: number | null;
  perYearYuan?: string;
  stacking: boolean;
  rollover: boolean;
  refundRule: 'restore' | 'forfeit';
}

export function toCampaignInput(values: CampaignForm): CampaignInput | undefined {
  const packs = values.packs.map((row) => ({
    faceFen: yuanToFen(row.faceYuan),
    thresholdFen: yuanToFen(row.thresholdYuan || '0'),
    count: row.count,
  }));
  if (packs.some((p) => p.faceFen === undefined || p.thresholdFen === undefined)) return undefined;
  const perYearFen = values.perYearYuan ? yuanToFen(values.perYearYuan) : undefined;
  return {
    name: values.name.trim(),
    funder: {
      kind: values.kind,
      poolId: values.poolId,
      ...(values.kind === 'union'
        ? { unionName: (values.unionName ?? '').trim(), creditCode: (values.creditCode ?? '').trim().toUpperCase() }
        : {}),
    },
    categories: values.categories,
    excludedCategories: values.excludedCategories,
    units: values.units,
    packs: packs.map((p) => ({ faceFen: p.faceFen ?? 0, thresholdFen: p.thresholdFen ?? 0, count: p.count })),
    limits: {
      ...(values.perRoundPacks ? { perRound: { maxPacks: values.perRoundPacks } } : {}),
      ...(values.perCampaignPacks ? { perCampaign: { maxPacks: values.perCampaignPacks } } : {}),
      ...(perYearFen ? { perFunderYear: { maxFaceFen: perYearFen } } : {}),
    },
    stacking: values.stacking,
    rollover: values.rollover,
    refundRule: values.refundRule,
  };
}

export function CreateCampaign({ onClose, onCreated }: { onClose: () => void; onCreated: (id: string) => void }) {
  const { t, lang } = useVouchersI18n();
  const [form] = Form.useForm<CampaignForm>();
  const client = useQueryClient();
  const attempt = useRef<Attempt | null>(null);
  const kind = Form.useWatch('kind', form);
  const pools = useQuery(useBudgetQueries().pools());
  const naming = usePoolNaming();
  const units = useQuery(planQueries.units());
  const create = useMutation({
    mutationFn: ({ input, key }: { input: CampaignInput; key: string }) => vouchersApi.createCampaign(input, key),
    onSuccess: (campaign) => {
      attempt.current = null;
      void client.invalidateQueries({ queryKey: voucherKeys.all });
      onCreated(campaign.id);
    },
  });
  const submit = (values: CampaignForm) => {
    const input = toCampaignInput(values);
    if (input === undefined) return;
    attempt.current = attemptFor(attempt.current, JSON.stringify(input), () => newIdempotencyKey());
    create.mutate({ input, key: attempt.current.key });
  };
  const yuanRule = (required: boolean) => ({
    validator: (_: unknown, value: string | undefined) =>
      (!value && !required) || yuanToFen(value) !== undefined
        ? Promise.resolve()
        : Promise.reject(new Error(t('vo.create.badAmount'))),
  });
  const categoryOptions = VOUCHER_CATEGORIES.map((c) => ({ value: c, label: categoryLabel(t, c) }));

  return (
    <FormDrawer
      open
      onClose={onClose}
      title={t('vo.create.title')}
      width={640}
      saving={create.isPending}
      onSave={() => form.submit()}
      saveTestId="voucher-campaign-save"
    >
      <Form<CampaignForm>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{
          kind: 'city',
          categories: [],
          excludedCategories: ['pharmacy', 'fuel'],
          units: [],
          packs: [{ thresholdYuan: '100', faceYuan: '20', count: 1 }],
          perRoundPacks: 1,
          stacking: false,
          rollover: false,
          refundRule: 'restore',
        }}
      >
        <Form.Item name="name" label={t('vo.field.name')} rules={[{ required: true, max: 100 }]}>
          <Input data-testid="voucher-campaign-name" maxLength={100} />
        </Form.Item>
        <Form.Item name="kind" label={t('vo.field.funder')}>
          <Radio.Group data-testid="voucher-campaign-kind" onChange={() => form.setFieldValue('poolId', undefined)}>
            <Radio.Button value="city">{t('vo.funder.city')}</Radio.Button>
            <Radio.Button value="union">{t('vo.funder.union')}</Radio.Button>
          </Radio.Group>
        </Form.Item>
        <Form.Item name="poolId" label={t('vo.field.pool')} rules={[{ required: true }]}>
          <Select
            data-testid="voucher-campaign-pool"
            loading={pools.isPending}
            showSearch={{ optionFilterProp: 'label' }}
            options={(pools.data ?? [])
              // a union pays from its own pool (source union); the city from any other, voucher pools first
              .filter((pool) => (pool.source === 'union') === (kind === 'union'))
              .sort((a, b) => Number(b.line === 'voucher') - Number(a.line === 'voucher'))
              .map((pool) => ({
                value: pool.id,
                label: `${naming.pool(pool)} · ${formatFen(pool.availableFen, lang)}`,
              }))}
          />
        </Form.Item>
        {pools.error ? <ErrorAlert error={pools.error} /> : null}
        {kind === 'union' && (
          <>
            <Form.Item name="unionName" label={t('vo.field.unionName')} rules={[{ required: true, max: 100 }]}>
              <Input data-testid="voucher-campaign-union" />
            </Form.Item>
            <Form.Item
              name="creditCode"
              label={t('vo.field.creditCode')}
              rules={[
                { required: true },
                { pattern: /^[0-9A-HJ-NPQRTUWXYa-hj-npqrtuwxy]{18}$/, message: t('vo.create.creditCodeFormat') },
              ]}
            >
              <Input data-testid="voucher-campaign-credit-code" maxLength={18} />
            </Form.Item>
          </>
        )}
        <Form.Item name="categories" label={t('vo.field.categories')} extra={t('vo.field.categoriesHelp')}>
          <Select mode="tags" data-testid="voucher-campaign-categories" options={categoryOptions} />
        </Form.Item>
        <Form.Item name="excludedCategories" label={t('vo.field.excluded')}>
          <Select mode="tags" data-testid="voucher-campaign-excluded" options={categoryOptions} />
        </Form.Item>
        <Form.Item name="units" label={t('vo.field.units')}>
          <Select
            mode="multiple"
            data-testid="voucher-campaign-units"
            optionFilterProp="label"
            options={(units.data ?? []).map((u) => ({ value: u.id, label: lang === 'en' ? u.nameEn : u.shortName }))}
          />
        </Form.Item>
        <Typography.Title level={5}>{t('vo.field.packs')}</Typography.Title>
        <Form.List name="packs">
          {(fields, { add, remove }) => (
            <div data-testid="voucher-campaign-packs" style={{ marginTop: 8 }}>
              {fields.map((field, index) => (
                <Space key={field.key} align="baseline" wrap data-testid={`voucher-pack-${index}`}>
                  <Form.Item
                    name={[field.name, 'thresholdYuan']}
                    label={t('vo.field.threshold')}
                    rules={[yuanRule(false)]}
                  >
                    <Input inputMode="decimal" style={{ width: 110 }} data-testid={`voucher-pack-threshold-${index}`} />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'faceYuan']}
                    label={t('vo.field.face')}
                    dependencies={[['packs', field.name, 'thresholdYuan']]}
                    rules={[
                      { required: true, message: t('vo.create.badAmount') },
                      yuanRule(true),
                      ({ getFieldValue }) => ({
                        validator: (_: unknown, value: string | undefined) => {
                          const face = yuanToFen(value);
                          const threshold = yuanToFen(
                            (getFieldValue(['packs', field.name, 'thresholdYuan']) as string | undefined) || '0',
                          );
                          return face === undefined || threshold === undefined || threshold === 0 || threshold >= face
                            ? Promise.resolve()
                            : Promise.reject(new Error(t('vo.create.thresholdBelowFace')));
                        },
                      }),
                    ]}
                  >
                    <Input inputMode="decimal" style={{ width: 110 }} data-testid={`voucher-pack-face-${index}`} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'count']} label={t('vo.field.count')} rules={[{ required: true }]}>
                    <InputNumber min={1} max={100} precision={0} data-testid={`voucher-pack-count-${index}`} />
                  </Form.Item>
                  {fields.length > 1 && <MinusCircleOutlined onClick={() => remove(field.name)} />}
                </Space>
              ))}
              <Button
                type="dashed"
                icon={<PlusOutlined />}
                onClick={() => add({ thresholdYuan: '', faceYuan: '', count: 1 })}
                disabled={fields.length >= 20}
                data-testid="voucher-pack-add"
                style={{ marginBottom: 16 }}
              >
                {t('vo.field.addDenomination')}
              </Button>
            </div>
          )}
        </Form.List>
        <Typography.Title level={5}>{t('vo.field.limits')}</Typography.Title>
        <Space wrap align="start">
          <Form.Item name="perRoundPacks" label={t('vo.field.perRound')}>
            <InputNumber min={1} max={1_000_000} precision={0} data-testid="voucher-limit-round" />
          </Form.Item>
          <Form.Item name="perCampaignPacks" label={t('vo.field.perCampaign')}>
            <InputNumber min={1} max={1_000_000} precision={0} data-testid="voucher-limit-campaign" />
          </Form.Item>
          <Form.Item
            name="perYearYuan"
            label={t('vo.field.perYearYuan')}
            rules={[yuanRule(false)]}
            extra={kind === 'union' ? t('vo.field.perYearHelp') : undefined}
          >
            <Input inputMode="decimal" style={{ width: 140 }} data-testid="voucher-limit-year" />
          </Form.Item>
        </Space>
        <Space wrap size="large">
          <Form.Item name="stacking" label={t('vo.field.stacking')} valuePropName="checked">
            <Switch />
          </Form.Item>
          <Form.Item name="rollover" label={t('vo.field.rollover')} valuePropName="checked">
            <Switch data-testid="voucher-campaign-rollover" />
          </Form.Item>
          <Form.Item name="refundRule" label={t('vo.field.refundRule')}>
            <Select
              style={{ width: 220 }}
              options={[
                { value: 'restore', label: t('vo.refund.restore') },
                { value: 'forfeit', label: t('vo.refund.forfeit') },
              ]}
            />
          </Form.Item>
        </Space>
        {create.error ? <ErrorAlert error={create.error} testId="voucher-campaign-error" /> : null}
      </Form>
    </FormDrawer>
  );
}
