/** Small pieces the claims pages share: the state tag, the deadline tag, a refused action's alert. */
import { Tag, Tooltip } from 'antd';
import type { ClaimState, ClaimView } from '../../../../src/contract/claims';
import { todayInShanghai } from '../accounts/forms/today';
import { ErrorAlert } from '../../lib/ui/ErrorAlert';
import { deadlineTone, TONE_COLOURS } from './deadline';
import { claimErrorText } from './errors';
import { STATE_COLOURS, stateLabel } from './labels';
import { useClaimsI18n } from './messages';

export function StateTag({ state, testId = 'claim-state' }: { state: ClaimState; testId?: string }) {
  const { t } = useClaimsI18n();
  return (
    <Tag color={STATE_COLOURS[state]} data-testid={testId} data-state={state}>
      {stateLabel(t, state)}
    </Tag>
  );
}

/** The current stage's deadline, coloured by how near it is (overdue red, today or tomorrow orange). */
export function DeadlineTag({ claim }: { claim: Pick<ClaimView, 'dueOn' | 'overdue' | 'stage'> }) {
  const { t, pick } = useClaimsI18n();
  if (claim.dueOn === null) return <span>—</span>;
  const tone = deadlineTone(claim.dueOn, todayInShanghai(), claim.overdue);
  const tag = (
    <Tag color={TONE_COLOURS[tone]} data-testid="claim-due" data-tone={tone}>
      {claim.dueOn}
      {tone === 'overdue' ? ` · ${t('cl.detail.overdue')}` : ''}
    </Tag>
  );
  const stage = claim.stage;
  if (!stage) return tag;
  return (
    <Tooltip
      title={`${pick(stage.label, stage.labelEn)} · ${t('cl.detail.deadlineRule', {
        days: stage.deadlineWorkingDays,
        source: stage.deadlineSource,
      })}`}
    >
      {tag}
    </Tooltip>
  );
}

/** A refused claims action: the feature's sentence for its codes, the shared one otherwise. */
export function ClaimError({ error, testId }: { error: unknown; testId: string }) {
  const { t, lang } = useClaimsI18n();
  return <ErrorAlert error={error} testId={testId} text={claimErrorText(error, lang, t)} />;
}
