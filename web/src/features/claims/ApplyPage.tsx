/**
 * 申请补贴 (claims.apply), phone first: choose the line, give its facts, "计算补贴并保存草稿" creates a
 * draft the engine prices (the amount and its explanation, or why not eligible), then one upload slot
 * per required evidence kind and 提交申请. The step is in the address (?line=…&draft=…), so a reload
 * resumes the draft's evidence.
 */
import { Alert, App, Button, Card, Flex, Steps, Typography } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import type { ClaimLine } from '../../../../src/contract/claims';
import { CLAIM_LINES } from '../../../../src/domain/claims/vocabulary';
import { useSession } from '../accounts/session';
import { Loaded } from '../../lib/ui/Loaded';
import { PageHeader, usePageTitle } from '../../lib/ui/PageHeader';
import { withFeedback } from '../../lib/ui/withFeedback';
import { claimQueries, refreshClaims, type ClaimCreated } from './api';
import { ApplyForm, initialValues } from './apply/ApplyForm';
import { LineCards } from './apply/LineCards';
import { AmountCard } from './ClaimSummary';
import { EvidenceUploads } from './EvidenceUploads';
import { linesFor, type ApplyValues } from './form';
import { useLineLabel } from './labels';
import { useClaimsI18n } from './messages';
import { SubmitClaim } from './SubmitClaim';

const isLine = (value: string | null): value is ClaimLine =>
  value !== null && (CLAIM_LINES as readonly string[]).includes(value);

function DraftStep({ id, onBack }: { id: string; onBack: () => void }) {
  const { t } = useClaimsI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const claim = useQuery(claimQueries.one(id));
  return (
    <Loaded query={claim}>
      {(c) => (
        <Flex vertical gap={12}>
          <Alert
            type="success"
            showIcon
            title={t('cl.priced.saved', { reference: c.reference })}
            data-testid="claim-draft-saved"
          />
          <AmountCard claim={c} />
          {!c.eligible && (
            <Alert
              type="error"
              showIcon
              title={t('cl.priced.notEligible')}
              description={t('cl.priced.notEligibleHint')}
            />
          )}
          {c.state === 'draft' && c.eligible && (
            <>
              <EvidenceUploads claim={c} />
              <SubmitClaim
                claim={c}
                onSubmitted={(view) => {
                  void message.success(t('cl.submit.done'));
                  void navigate(`/claims/mine/${encodeURIComponent(view.id)}`);
                }}
              />
            </>
          )}
          {c.state !== 'draft' && (
            <Link to={`/claims/mine/${encodeURIComponent(c.id)}`} data-testid="claim-open-detail">
              {c.reference}
            </Link>
          )}
          {c.state === 'draft' && (
            <Flex vertical gap={4}>
              <Button onClick={onBack} data-testid="claim-back">
                {t('cl.apply.back')}
              </Button>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('cl.apply.backHint')}
              </Typography.Text>
            </Flex>
          )}
        </Flex>
      )}
    </Loaded>
  );
}

function ApplyPage() {
  const { t } = useClaimsI18n();
  usePageTitle(t('cl.apply.title'));
  const lineLabel = useLineLabel();
  const { session } = useSession();
  const client = useQueryClient();
  const [params, setParams] = useSearchParams();
  const settings = useQuery(claimQueries.settings());
  const allowed = linesFor((session?.account.roles ?? []).map((r) => r.role));
  const wanted = params.get('line');
  const line = isLine(wanted) && allowed.includes(wanted) ? wanted : null;
  const draftId = line ? params.get('draft') : null;
  const [values, setValues] = useState<Partial<ApplyValues> | null>(null);
  const step = draftId ? 2 : line ? 1 : 0;

  const choose = (next: ClaimLine | null) => {
    setValues(null);
    setParams(next ? { line: next } : {});
  };
  const saved = (created: ClaimCreated, typed: Partial<ApplyValues>) => {
    setValues(typed);
    refreshClaims(client, created.claim);
    if (line) setParams({ line, draft: created.id });
  };
  const payeeName = line === 'first_launch' ? '' : (session?.account.name ?? '');
  const lineSettings = (settings.data?.lines ?? []).filter((l) => allowed.includes(l.line));

  return (
    <div style={{ maxWidth: 640, margin: '0 auto' }} data-testid="claim-apply-page">
      <PageHeader title={t('cl.apply.title')} subtitle={t('cl.apply.intro')} />
      <Steps
        size="small"
        current={step}
        style={{ margin: '12px 0 16px' }}
        items={[
          { title: t('cl.apply.stepLine'), content: line ? lineLabel(line) : undefined },
          { title: t('cl.apply.stepFacts') },
          { title: t('cl.apply.stepEvidence') },
        ]}
      />
      {allowed.length === 0 ? (
        <Alert type="info" showIcon title={t('cl.apply.noLines')} data-testid="claim-no-lines" />
      ) : step === 0 ? (
        <Loaded query={settings}>{() => <LineCards lines={lineSettings} onChoose={choose} />}</Loaded>
      ) : step === 1 && line ? (
        <Card variant="borderless">
          <ApplyForm
            key={line}
            line={line}
            values={values ?? initialValues(line, payeeName)}
            onSaved={saved}
            onChangeLine={() => choose(null)}
          />
        </Card>
      ) : draftId ? (
        <DraftStep id={draftId} onBack={() => line && setParams({ line })} />
      ) : null}
    </div>
  );
}

export default withFeedback(ApplyPage);
