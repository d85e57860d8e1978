import { Alert, Card, Flex, Typography } from 'antd';
import type { LintFinding } from '../../../../../src/contract/plan';
import { useQuery } from '@tanstack/react-query';
import { planQueries } from '../api';
import { Loaded } from '../../../lib/ui/Loaded';
import { MeasureLink, RuleTag } from '../components/tags';
import { usePlanI18n } from '../messages';

function FindingAlert({ finding, measure }: { finding: LintFinding; measure: number }) {
  const { t, pick } = usePlanI18n();
  const others = finding.measures.filter((n) => n !== measure);
  return (
    <Alert
      type={finding.severity}
      showIcon
      title={
        <Flex gap={6} align="center" wrap>
          <RuleTag rule={finding.rule} />
          <span>{pick(finding.message, finding.messageEn)}</span>
        </Flex>
      }
      description={
        <Flex vertical gap={4}>
          {finding.quote && <p className="quote">{finding.quote}</p>}
          {others.length > 0 && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('lint.measures')}:{' '}
              {others.map((n) => (
                <MeasureLink key={n} n={n} />
              ))}
            </Typography.Text>
          )}
        </Flex>
      }
    />
  );
}

/** What the plan linter found in this measure, beside its text. */
export function LintPanel({ measure }: { measure: number }) {
  const { t } = usePlanI18n();
  const lint = useQuery(planQueries.lint());
  const findings = lint.data?.findings.filter((f) => f.measures.includes(measure)) ?? [];
  return (
    <Card
      variant="borderless"
      size="small"
      title={t('measure.lint')}
      extra={findings.length > 0 && t('lint.findings', { n: findings.length })}
      data-testid="measure-lint"
    >
      <Loaded query={lint} rows={2}>
        {() =>
          findings.length === 0 ? (
            <Alert type="success" showIcon title={t('measure.lintClean')} />
          ) : (
            <Flex vertical gap={8}>
              {findings.map((f, i) => (
                <FindingAlert key={`${f.rule}-${f.subject.id ?? i}`} finding={f} measure={measure} />
              ))}
            </Flex>
          )
        }
      </Loaded>
    </Card>
  );
}
