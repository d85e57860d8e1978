import type { TargetView } from '../../../../../src/contract/plan';
import type { DepartmentView } from '../../../../../src/contract/plan';
import type { PlanI18n } from '../messages';
import { downloadCsv } from '../../../lib/csv';
import { comparatorSymbols, formatComparison, unitLabel } from '../format';

export function exportTargets(rows: readonly TargetView[], departments: Map<string, DepartmentView>, i18n: PlanI18n) {
  const { t, lang } = i18n;
  downloadCsv(
    lang === 'en' ? 'huimin-targets.csv' : '惠民-量化目标.csv',
    [
      t('common.measure'),
      t('targets.metric'),
      'metricEn',
      t('targets.comparator'),
      t('targets.value'),
      t('targets.rawValue'),
      t('targets.unit'),
      t('targets.deadline'),
      t('targets.scope'),
      t('targets.responsible'),
      t('common.quote'),
      'id',
    ],
    rows.map((row) => [
      row.measure,
      row.metric,
      row.metricEn,
      `${comparatorSymbols[row.comparator]} ${t(`comparator.${row.comparator}`)}`,
      formatComparison(row.comparator, row.value, row.unit, lang),
      row.value,
      `${row.unit} (${unitLabel(row.unit, lang)})`,
      row.deadline,
      t(`scope.${row.scope}`),
      row.responsibleDepartments.map((id) => departments.get(id)?.name ?? id).join('、'),
      row.quote ?? '',
      row.id,
    ]),
  );
}
