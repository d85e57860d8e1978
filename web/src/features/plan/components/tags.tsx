import { Tag, Tooltip } from 'antd';
import { Link } from 'react-router-dom';
import type { ParameterSource } from '../../../../../src/contract/plan';
import type { LintRule, LintSeverity } from '../../../../../src/contract/plan';
import { useDepartmentIndex, useDepartmentLabel } from '../lookups';
import { usePlanI18n } from '../messages';
import { chineseNumeral } from '../../../../../src/domain/plan/chinese-numerals';

export const severityColors: Record<LintSeverity, string> = { error: 'red', warning: 'orange', info: 'blue' };
const sourceColors: Record<ParameterSource, string> = { plan: 'volcano', national: 'geekblue', henan: 'cyan' };

export function SeverityTag({ severity }: { severity: LintSeverity }) {
  const { t } = usePlanI18n();
  return <Tag color={severityColors[severity]}>{t(`severity.${severity}`)}</Tag>;
}

export function RuleTag({ rule }: { rule: LintRule }) {
  const { t } = usePlanI18n();
  return <Tag>{t(`rule.${rule}`)}</Tag>;
}

export function SourceTag({ source }: { source: ParameterSource }) {
  const { t } = usePlanI18n();
  return <Tag color={sourceColors[source]}>{t(`source.${source}`)}</Tag>;
}

/** A measure's number both ways: （六） with a round 6. */
export function MeasureNumber({ n }: { n: number }) {
  return (
    <span className="measure-number">
      <span className="measure-number-badge">{n}</span>
      <span className="measure-number-zh">（{chineseNumeral(n)}）</span>
    </span>
  );
}

/** A link to a measure page: （六）6 in Chinese, (6) in English. */
export function MeasureLink({ n }: { n: number }) {
  const { lang } = usePlanI18n();
  return (
    <Link to={`/plan/measures/${n}`} className="measure-link">
      {lang === 'en' ? (
        `(${n})`
      ) : (
        <>
          （{chineseNumeral(n)}）<span className="measure-link-no">{n}</span>
        </>
      )}
    </Link>
  );
}

/** Department names (short names in Chinese, English names in English), linking to their pages. */
export function DepartmentTags({
  ids,
  max,
  linked = true,
}: {
  ids: readonly string[];
  max?: number;
  linked?: boolean;
}) {
  const { pick } = usePlanI18n();
  const departments = useDepartmentIndex();
  const label = useDepartmentLabel();
  const shown = max === undefined ? ids : ids.slice(0, max);
  const hidden = ids.length - shown.length;
  return (
    <span className="tag-list">
      {shown.map((id) => {
        const department = departments.get(id);
        const tag = (
          <Tooltip key={id} title={department && pick(department.name, department.nameEn)}>
            <Tag>{label(id)}</Tag>
          </Tooltip>
        );
        return linked ? (
          <Link key={id} to={`/plan/departments/${encodeURIComponent(id)}`}>
            {tag}
          </Link>
        ) : (
          tag
        );
      })}
      {hidden > 0 && <Tag variant="filled">+{hidden}</Tag>}
    </span>
  );
}
