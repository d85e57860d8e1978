import { useMemo } from 'react';
import { Card, Col, Flex, Row, Segmented, Statistic, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import type { LintFinding, LintRule, LintSeverity } from '../../../../src/contract/plan';
import { planQueries } from './api';
import { Loaded } from '../../lib/ui/Loaded';
import { PageHeader, usePageTitle } from '../../lib/ui/PageHeader';
import { MeasureLink, RuleTag, SeverityTag } from './components/tags';
import { useUrlFilters } from '../../lib/hooks';
import { usePlanI18n } from './messages';

const severities: LintSeverity[] = ['error', 'warning', 'info'];
const severityColor: Record<LintSeverity, string> = { error: '#cf1322', warning: '#d46b08', info: '#1d5fa6' };
const filterKeys = ['severity'] as const;

function FindingItem({ finding }: { finding: LintFinding }) {
  const { t, pick, lang } = usePlanI18n();
  return (
    <Flex vertical gap={6} className="list-row" data-testid="lint-finding">
      <Flex gap={8} align="center" wrap>
        <SeverityTag severity={finding.severity} />
        <Typography.Text strong>{pick(finding.message, finding.messageEn)}</Typography.Text>
      </Flex>
      {lang === 'en' && <Typography.Text type="secondary">{finding.message}</Typography.Text>}
      {finding.quote && <p className="quote">{finding.quote}</p>}
      <Flex gap={8} align="center" wrap style={{ fontSize: 12 }}>
        {finding.measures.length > 0 && <Typography.Text type="secondary">{t('lint.measures')}:</Typography.Text>}
        {finding.measures.map((n) => (
          <MeasureLink key={n} n={n} />
        ))}
        {finding.subject.id && (
          <Typography.Text type="secondary" code>
            {finding.subject.kind}:{finding.subject.id}
          </Typography.Text>
        )}
      </Flex>
    </Flex>
  );
}

function RuleGroup({ rule, findings }: { rule: LintRule; findings: LintFinding[] }) {
  const { t } = usePlanI18n();
  return (
    <Card
      variant="borderless"
      title={<RuleTag rule={rule} />}
      extra={t('lint.findings', { n: findings.length })}
      data-testid={`lint-rule-${rule}`}
    >
      {findings.map((f, i) => (
        <FindingItem key={`${f.subject.kind}-${f.subject.id ?? ''}-${i}`} finding={f} />
      ))}
    </Card>
  );
}

export default function LintPage() {
  const { t } = usePlanI18n();
  usePageTitle(t('lint.title'));
  const lint = useQuery(planQueries.lint());
  const { values, set } = useUrlFilters(filterKeys);
  const groups = useMemo(() => {
    const byRule = new Map<LintRule, LintFinding[]>();
    for (const finding of lint.data?.findings ?? []) {
      if (values.severity && finding.severity !== values.severity) continue;
      byRule.set(finding.rule, [...(byRule.get(finding.rule) ?? []), finding]);
    }
    const rank = (f: LintFinding) => severities.indexOf(f.severity);
    return [...byRule].map(([rule, list]) => [rule, list.sort((a, b) => rank(a) - rank(b))] as const);
  }, [lint.data, values.severity]);

  return (
    <Flex vertical gap={16} data-testid="lint-page">
      <PageHeader
        title={t('lint.title')}
        subtitle={t('lint.subtitle')}
        extra={
          <Segmented
            value={values.severity ?? ''}
            onChange={(v) => set('severity', v)}
            options={[
              { value: '', label: t('common.all') },
              ...severities.map((s) => ({ value: s, label: t(`severity.${s}`) })),
            ]}
          />
        }
      />
      <Loaded query={lint}>
        {(report) => (
          <>
            <Row gutter={[16, 16]}>
              {severities.map((s) => (
                <Col key={s} xs={8}>
                  <Card
                    variant="borderless"
                    className="stat-card"
                    style={{ borderTop: `3px solid ${severityColor[s]}` }}
                  >
                    <Statistic
                      title={t(`severity.${s}`)}
                      value={report.summary[`${s}s`]}
                      styles={{ content: { color: severityColor[s] } }}
                    />
                  </Card>
                </Col>
              ))}
            </Row>
            {groups.length === 0 ? (
              <Card variant="borderless">
                <Typography.Text type="secondary">{t('lint.none')}</Typography.Text>
              </Card>
            ) : (
              groups.map(([rule, findings]) => <RuleGroup key={rule} rule={rule} findings={findings} />)
            )}
          </>
        )}
      </Loaded>
    </Flex>
  );
}
