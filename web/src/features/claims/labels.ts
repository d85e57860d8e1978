/**
 * Labels and colours of the claims' codes: states, lines (a claim's own labels; by code the settings'
 * labels, the messages' otherwise), evidence kinds, stages, payout batch states.
 */
import { useQuery } from '@tanstack/react-query';
import { useCallback } from 'react';
import type { ClaimLine, ClaimState, ClaimView, EvidenceKind } from '../../../../src/contract/claims';
import { claimQueries, type ClaimPayoutBatchView } from './api';
import { useClaimsI18n, type ClaimsTranslate } from './messages';

export const STATE_COLOURS: Record<ClaimState, string> = {
  draft: 'default',
  reviewing: 'processing',
  returned: 'warning',
  approved: 'green',
  in_payout: 'cyan',
  paid: 'success',
  payout_failed: 'error',
  rejected: 'red',
  withdrawn: 'purple',
};

/** The states the applicant may still take a claim back from (POST …/{id}/withdrawal). */
export const WITHDRAWABLE_STATES: readonly ClaimState[] = ['draft', 'returned', 'reviewing'];

export const BATCH_COLOURS: Record<ClaimPayoutBatchView['state'], string> = {
  exported: 'processing',
  paid: 'success',
  partially_paid: 'warning',
  failed: 'error',
};

export const stateLabel = (t: ClaimsTranslate, state: ClaimState) => t(`cl.state.${state}`);
export const evidenceLabel = (t: ClaimsTranslate, kind: EvidenceKind) => t(`cl.evidence.${kind}`);
export const batchStateLabel = (t: ClaimsTranslate, state: ClaimPayoutBatchView['state']) => t(`cl.pay.state.${state}`);

/** A claim's line as the claim itself names it, in the interface's language. */
export function claimLineLabel(
  claim: Pick<ClaimView, 'lineLabel' | 'lineLabelEn'>,
  pick: (zh: string, en?: string) => string,
): string {
  return pick(claim.lineLabel, claim.lineLabelEn);
}

/** A line's label by its code (no claim at hand): the settings' (in the interface's language), else the messages'. */
export function useLineLabel(): (line: ClaimLine) => string {
  const { t, pick } = useClaimsI18n();
  const settings = useQuery(claimQueries.settings());
  return useCallback(
    (line: ClaimLine) => {
      const found = settings.data?.lines.find((l) => l.line === line);
      return found ? pick(found.label, found.labelEn) : t(`cl.line.${line}`);
    },
    [settings.data, pick, t],
  );
}

/** A stage's label by its id, from the claim's own stages. */
export function stageLabel(claim: Pick<ClaimView, 'stages'>, id: string, pick: (zh: string, en?: string) => string) {
  const stage = claim.stages.find((s) => s.id === id);
  return stage ? pick(stage.label, stage.labelEn) : id;
}
