/** Plain-text rendering of plan data for the terminal. */
import { measureLabel } from '../domain/plan/chinese-numerals.js';
import type { PlanDocument } from '../domain/plan/schema.js';
import { COMPARATOR_SYMBOLS, formatValue } from '../domain/plan/units.js';
import type { LintReport, TargetView } from '../contract/plan.js';

export function formatPlanShow(document: PlanDocument, lint: LintReport): string {
  const { metadata } = document;
  const lines = [
    `${metadata.title}（${metadata.statusLabel}）`,
    `${metadata.issuer} · ${metadata.year} · ${metadata.effectiveFrom} – ${metadata.effectiveTo}`,
    `version ${metadata.code}@${document.contentHash.slice(0, 12)} · source ${metadata.source.file} (sha256 ${metadata.source.sha256.slice(0, 12)}…)`,
    `${document.actions.length} actions · ${document.measures.length} measures · ` +
      `${document.measures.reduce((sum, measure) => sum + measure.targets.length, 0)} targets · ` +
      `${document.measures.reduce((sum, measure) => sum + measure.parameters.length, 0) + document.implicitParameters.length} parameters · ` +
      `${document.departments.length} departments · ${document.units.length} units`,
    `lint: ${lint.summary.errors} errors, ${lint.summary.warnings} warnings, ${lint.summary.infos} notes`,
    '',
  ];
  for (const action of document.actions) {
    lines.push(`${action.number}. ${action.title}  ${action.titleEn}`);
    for (const number of action.measureNumbers) {
      const measure = document.measures.find((item) => item.number === number);
      if (measure === undefined) continue;
      lines.push(
        `   ${measureLabel(measure.number)} ${String(measure.number).padStart(2)} ${measure.title}  [${measure.targets.length} targets, ${measure.parameters.length} parameters]`,
      );
    }
  }
  return lines.join('\n');
}

export function formatTargets(targets: readonly TargetView[]): string {
  if (targets.length === 0) return 'no targets match';
  return targets
    .map(
      (target) =>
        `${measureLabel(target.measure)} ${target.id}\n` +
        `   ${target.metric} ${COMPARATOR_SYMBOLS[target.comparator]} ${formatValue(target.value, target.unit)} by ${target.deadline}` +
        `${target.scope === 'per_unit' ? ' (each unit)' : ''}\n` +
        `   「${target.quote ?? '(no quote)'}」`,
    )
    .join('\n');
}

export function formatLintReport(report: LintReport): string {
  const lines = report.findings.map((finding) => {
    const where = finding.measures.length === 0 ? 'plan' : finding.measures.map(measureLabel).join('');
    return `${finding.severity.toUpperCase().padEnd(7)} ${finding.rule.padEnd(26)} ${where}\n        ${finding.message}\n        「${finding.quote}」`;
  });
  lines.push(`${report.summary.errors} errors, ${report.summary.warnings} warnings, ${report.summary.infos} notes`);
  return lines.join('\n');
}
