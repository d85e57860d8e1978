/**
 * 补贴测算: a public calculator over POST /api/v1/quote. The form asks what the chosen line needs
 * (category, efficiency grade, new car, the amount in yuan, the date); the result shows whether
 * the purchase qualifies, the subsidy, the reasons, the plan's words and the calculation trace.
 */
import { useEffect, useRef, useState } from 'react';
import { Alert, Button, Card, Col, Collapse, Form, Input, InputNumber, Radio, Row, Select } from 'antd';
import { CalculatorOutlined } from '@ant-design/icons';
import { useMutation, useQuery } from '@tanstack/react-query';
import type { ApplicantKind, NewCarKind, QuoteInput, SubsidyLine } from '../../../../src/domain/subsidy/schema';
import { ApiError } from '../../lib/api/client';
import { postQuote } from './api';
import { PageHeader, usePageTitle } from '../../lib/ui/PageHeader';
import { useSubsidyI18n, type SubsidyKey } from './messages';
import { QuoteResultCard } from './QuoteResultCard';
import { CATEGORY_LABELS, LINE_SPECS, SUBSIDY_LINES, lineCategories, lineName } from './lineOptions';
import { planQueries } from '../plan/api';
import { yuanToFen } from '../../lib/money';
import { ErrorAlert } from '../../lib/ui/ErrorAlert';

interface FormValues {
  line: SubsidyLine;
  category?: string;
  efficiencyGrade?: number;
  newCar?: NewCarKind;
  /** yuan, as a decimal string (InputNumber in string mode) */
  price?: string;
  date?: string;
  labourCost?: string;
  oldCarRegisteredOn?: string;
  displacementMl?: number;
  applicantAgeYears?: number;
  applicantKind?: ApplicantKind;
}

/** The rules of 2025 are the plan's; a purchase in that year is the natural example. */
const DEFAULT_DATE = '2025-05-01';
/** Grade 3 stands for every grade below 2: the plan subsidises grades 1 and 2 only. */
const OTHER_GRADE = 3;

const initialValues: FormValues = { line: 'appliance', efficiencyGrade: 1, date: DEFAULT_DATE };

/** The form field that holds a QuoteInput field, for showing a server error where it belongs. */
const FORM_FIELD: Record<string, keyof FormValues> = {
  line: 'line',
  category: 'category',
  efficiencyGrade: 'efficiencyGrade',
  newCar: 'newCar',
  finalPriceFen: 'price',
  productCostFen: 'price',
  eligibleCostFen: 'price',
  purchaseDate: 'date',
  eventDate: 'date',
  labourCostFen: 'labourCost',
  oldCarRegisteredOn: 'oldCarRegisteredOn',
  displacementMl: 'displacementMl',
  applicantAgeYears: 'applicantAgeYears',
  applicantKind: 'applicantKind',
};

const BASE_LABEL: Record<string, SubsidyKey> = {
  finalPriceFen: 'calc.price',
  productCostFen: 'calc.productCost',
  eligibleCostFen: 'calc.eligibleCost',
};

function toInput(values: FormValues): QuoteInput {
  const spec = LINE_SPECS[values.line];
  const input: QuoteInput = { line: values.line };
  if (spec.needsCategory && values.category) input.category = values.category;
  if (spec.needsEfficiencyGrade && values.efficiencyGrade !== undefined) input.efficiencyGrade = values.efficiencyGrade;
  if (spec.needsNewCar && values.newCar) input.newCar = values.newCar;
  const base = yuanToFen(values.price);
  if (base !== undefined) input[spec.base] = base;
  if (values.date) input[spec.ruleDate] = values.date;
  if (LINE_SPECS[values.line].needsNewCar) {
    if (values.oldCarRegisteredOn) input.oldCarRegisteredOn = values.oldCarRegisteredOn;
    if (values.displacementMl != null) input.displacementMl = values.displacementMl;
  }
  if (values.line === 'elderly_adaptation') {
    const labour = yuanToFen(values.labourCost);
    if (labour !== undefined) input.labourCostFen = labour;
    if (values.applicantAgeYears != null) input.applicantAgeYears = values.applicantAgeYears;
  }
  if (values.line === 'first_launch' && values.applicantKind) input.applicantKind = values.applicantKind;
  return input;
}

export default function CalculatorPage() {
  const { t, lang } = useSubsidyI18n();
  usePageTitle(t('calc.title'));
  const [form] = Form.useForm<FormValues>();
  const line = Form.useWatch('line', form) ?? initialValues.line;
  const spec = LINE_SPECS[line];
  const parameters = useQuery(planQueries.parameters());
  const categories = lineCategories(parameters.data ?? [])[line] ?? [];
  const isCar = spec.needsNewCar;
  const hasMore = isCar || line === 'elderly_adaptation' || line === 'first_launch';
  // the error that could not be shown on a field of the form
  const [formError, setFormError] = useState<unknown>(null);
  const en = lang === 'en';
  const resultRef = useRef<HTMLDivElement>(null);

  const quote = useMutation({
    mutationFn: postQuote,
    onMutate: () => setFormError(null),
    onError: (error) => {
      const field = error instanceof ApiError && error.field ? FORM_FIELD[error.field] : undefined;
      if (field && error instanceof ApiError && error.status === 400) {
        form.setFields([{ name: field, errors: [error.message] }]);
      } else {
        setFormError(error);
      }
    },
  });

  // on a phone the result lies below the form: bring it into view
  useEffect(() => {
    if (quote.data && window.matchMedia('(max-width: 991px)').matches) {
      resultRef.current?.scrollIntoView({ behavior: 'smooth', block: 'start' });
    }
  }, [quote.data]);

  const onLineChange = () => {
    form.setFieldsValue({ category: undefined });
    quote.reset();
    setFormError(null);
  };

  const requiredRule = { required: true, message: t('calc.required') };

  return (
    <div data-testid="calculator-page" className="calculator-page">
      <PageHeader title={t('calc.title')} subtitle={t('calc.subtitle')} />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={10}>
          <Card variant="borderless">
            <Form<FormValues>
              form={form}
              layout="vertical"
              initialValues={initialValues}
              onFinish={(values) => quote.mutate(toInput(values))}
              requiredMark={false}
            >
              <Form.Item name="line" label={t('calc.line')} rules={[requiredRule]}>
                <Select
                  data-testid="calculator-line"
                  onChange={onLineChange}
                  options={SUBSIDY_LINES.map((value) => ({
                    value,
                    label: lineName(value, en),
                  }))}
                />
              </Form.Item>
              {spec.needsCategory && (
                <Form.Item name="category" label={t('calc.category')} rules={[requiredRule]}>
                  <Select
                    data-testid="calculator-category"
                    placeholder={t('calc.categoryPlaceholder')}
                    options={categories.map((value) => ({
                      value,
                      label: en ? (CATEGORY_LABELS[value]?.en ?? value) : (CATEGORY_LABELS[value]?.zh ?? value),
                    }))}
                  />
                </Form.Item>
              )}
              {spec.needsEfficiencyGrade && (
                <Form.Item name="efficiencyGrade" label={t('calc.grade')} rules={[requiredRule]}>
                  <Radio.Group
                    data-testid="calculator-grade"
                    optionType="button"
                    options={[
                      { value: 1, label: t('calc.grade1') },
                      { value: 2, label: t('calc.grade2') },
                      { value: OTHER_GRADE, label: t('calc.gradeOther') },
                    ]}
                  />
                </Form.Item>
              )}
              {spec.needsNewCar && (
                <Form.Item name="newCar" label={t('calc.newCar')} rules={[requiredRule]}>
                  <Radio.Group
                    optionType="button"
                    options={[
                      { value: 'nev', label: t('calc.nev') },
                      { value: 'fuel', label: t('calc.fuel') },
                    ]}
                  />
                </Form.Item>
              )}
              <Form.Item
                name="price"
                label={t(BASE_LABEL[spec.base] ?? 'calc.price')}
                rules={[requiredRule]}
                extra={spec.amount === 'fixed' ? t('calc.fixedHint') : undefined}
              >
                <InputNumber<string>
                  data-testid="calculator-price"
                  stringMode
                  min="0"
                  precision={2}
                  step="1"
                  suffix={t('calc.yuan')}
                  style={{ width: '100%' }}
                  inputMode="decimal"
                />
              </Form.Item>
              <Form.Item
                name="date"
                label={t(spec.ruleDate === 'eventDate' ? 'calc.eventDate' : 'calc.purchaseDate')}
                rules={[requiredRule]}
              >
                <Input type="date" data-testid="calculator-date" />
              </Form.Item>
              {hasMore && (
                <Collapse
                  ghost
                  size="small"
                  style={{ marginBottom: 16 }}
                  items={[
                    {
                      key: 'more',
                      label: t('calc.more'),
                      forceRender: true,
                      children: (
                        <>
                          {isCar && (
                            <>
                              <Form.Item name="oldCarRegisteredOn" label={t('calc.oldCarRegisteredOn')}>
                                <Input type="date" />
                              </Form.Item>
                              <Form.Item name="displacementMl" label={t('calc.displacement')}>
                                <InputNumber min={1} max={100000} precision={0} style={{ width: '100%' }} />
                              </Form.Item>
                            </>
                          )}
                          {line === 'elderly_adaptation' && (
                            <>
                              <Form.Item name="labourCost" label={t('calc.labourCost')}>
                                <InputNumber<string>
                                  stringMode
                                  min="0"
                                  precision={2}
                                  suffix={t('calc.yuan')}
                                  style={{ width: '100%' }}
                                />
                              </Form.Item>
                              <Form.Item name="applicantAgeYears" label={t('calc.age')}>
                                <InputNumber min={0} max={150} precision={0} style={{ width: '100%' }} />
                              </Form.Item>
                            </>
                          )}
                          {line === 'first_launch' && (
                            <Form.Item name="applicantKind" label={t('calc.applicantKind')}>
                              <Radio.Group
                                optionType="button"
                                options={[
                                  { value: 'legal_person', label: t('calc.legalPerson') },
                                  { value: 'natural_person', label: t('calc.naturalPerson') },
                                ]}
                              />
                            </Form.Item>
                          )}
                        </>
                      ),
                    },
                  ]}
                />
              )}
              <Button
                type="primary"
                htmlType="submit"
                block
                size="large"
                icon={<CalculatorOutlined />}
                loading={quote.isPending}
                data-testid="calculator-submit"
              >
                {t('calc.submit')}
              </Button>
            </Form>
          </Card>
        </Col>
        <Col xs={24} lg={14} ref={resultRef}>
          {formError !== null && (
            <div style={{ marginBottom: 16 }}>
              <ErrorAlert error={formError} />
            </div>
          )}
          {quote.data ? (
            <QuoteResultCard result={quote.data} />
          ) : (
            formError === null && <Alert type="info" showIcon title={t('calc.hint')} />
          )}
        </Col>
      </Row>
    </div>
  );
}
