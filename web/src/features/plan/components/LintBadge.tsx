import { Tag, Tooltip } from 'antd';
import { SafetyCertificateOutlined } from '@ant-design/icons';
import type { LintFinding, LintSeverity } from '../../../../../src/contract/plan';
import { usePlanI18n } from '../messages';
import { severityColors } from './tags';

const rank: Record<LintSeverity, number> = { error: 0, warning: 1, info: 2 };

/** A measure's lint findings in one tag, coloured by the worst; nothing when there are none. */
export function LintBadge({ findings }: { findings: readonly LintFinding[] }) {
  const { t, pick } = usePlanI18n();
  if (findings.length === 0) return null;
  const worst = findings.reduce<LintSeverity>((w, f) => (rank[f.severity] < rank[w] ? f.severity : w), 'info');
  return (
    <Tooltip title={findings.map((f) => pick(f.message, f.messageEn)).join('；')}>
      <Tag color={severityColors[worst]} icon={<SafetyCertificateOutlined />} data-testid="lint-badge">
        {t('measures.findings', { n: findings.length })}
      </Tag>
    </Tooltip>
  );
}
