import type { ParameterView } from '../../../../../src/contract/plan';
import type { PlanI18n } from '../messages';
import { downloadCsv } from '../../../lib/csv';
import { comparatorSymbols, formatComparison, unitLabel } from '../format';
import { labelOf, perLabels, programmeLabels } from '../labels';

export function exportParameters(rows: readonly ParameterView[], i18n: PlanI18n) {
  const { t, lang } = i18n;
  downloadCsv(
    lang === 'en' ? 'huimin-parameters.csv' : '惠民-政策参数.csv',
    [
      t('parameters.programme'),
      t('parameters.name'),
      'nameEn',
      t('parameters.key'),
      t('targets.comparator'),
      t('parameters.value'),
      t('targets.rawValue'),
      t('targets.unit'),
      t('parameters.per'),
      t('parameters.effective'),
      '',
      t('parameters.source'),
      t('common.measure'),
      t('common.quote'),
      'id',
    ],
    rows.map((row) => [
      labelOf(programmeLabels, row.appliesTo?.programme, lang),
      row.name,
      row.nameEn,
      row.key,
      `${comparatorSymbols[row.comparator]} ${t(`comparator.${row.comparator}`)}`,
      formatComparison(row.comparator, row.value, row.unit, lang),
      row.value,
      `${row.unit} (${unitLabel(row.unit, lang)})`,
      labelOf(perLabels, row.per, lang),
      row.effectiveFrom,
      row.effectiveTo,
      t(`source.${row.source}`),
      row.measure ?? t('parameters.implicit'),
      row.quote ?? '',
      row.id,
    ]),
  );
}
