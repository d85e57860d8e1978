import { Fragment, useMemo } from 'react';
import { Flex, Tooltip, Typography } from 'antd';
import type { PlanMeasure } from '../../../../../src/contract/plan';
import { formatComparison } from '../format';
import { findMarks, type Figure } from '../highlights';
import { usePlanI18n } from '../messages';

interface NamedFigure extends Figure {
  name: string;
  comparator: PlanMeasure['targets'][number]['comparator'];
}

/** The measure's text with the figures that became targets and parameters marked. */
export function MeasureText({ measure }: { measure: PlanMeasure }) {
  const { t, pick, lang } = usePlanI18n();
  const marks = useMemo(() => {
    const figures: NamedFigure[] = [
      ...measure.targets.map((x) => ({ ...x, kind: 'target' as const, name: pick(x.metric, x.metricEn) })),
      ...measure.parameters.map((x) => ({ ...x, kind: 'parameter' as const, name: pick(x.name, x.nameEn) })),
    ];
    return findMarks(measure.text, figures);
  }, [measure, pick]);

  const pieces: React.ReactNode[] = [];
  let at = 0;
  for (const mark of marks) {
    const { figure } = mark;
    pieces.push(<Fragment key={`t${at}`}>{measure.text.slice(at, mark.start)}</Fragment>);
    pieces.push(
      <Tooltip
        key={`m${mark.start}`}
        title={`${t(figure.kind === 'target' ? 'measure.highlightTarget' : 'measure.highlightParameter')}：${figure.name} ${formatComparison(figure.comparator, figure.value, figure.unit, lang)}`}
      >
        <mark className={`mark-${figure.kind}`}>{measure.text.slice(mark.start, mark.end)}</mark>
      </Tooltip>,
    );
    at = mark.end;
  }
  pieces.push(<Fragment key="rest">{measure.text.slice(at)}</Fragment>);

  return (
    <Flex vertical gap={12}>
      <p className="plan-text" data-testid="measure-text">
        {pieces}
      </p>
      <Typography.Text type="secondary">{measure.departmentsQuote}</Typography.Text>
    </Flex>
  );
}

export function MarkLegend() {
  const { t } = usePlanI18n();
  return (
    <Flex gap={12} style={{ fontSize: 12, fontWeight: 400 }}>
      <span>
        <span className="legend-swatch" style={{ background: 'var(--mark-target)', border: '1px solid #faad14' }} />
        {t('measure.highlightTarget')}
      </span>
      <span>
        <span
          className="legend-swatch"
          style={{ background: 'var(--mark-parameter)', border: '1px solid var(--brand-red)' }}
        />
        {t('measure.highlightParameter')}
      </span>
    </Flex>
  );
}
