/**
 * How near a claim's stage deadline is, for the queue's colours: past it red, due today or tomorrow
 * orange, otherwise plain; and which claims are clean enough to approve in bulk. Pure: `today` is the
 * Beijing date (YYYY-MM-DD) the caller passes.
 */
import type { ClaimView } from '../../../../src/contract/claims';

export type DeadlineTone = 'overdue' | 'soon' | 'normal' | 'none';

/** The calendar day after `day` (YYYY-MM-DD). */
export function nextDay(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  return new Date(date.getTime() + 86_400_000).toISOString().slice(0, 10);
}

/**
 * The tone of a deadline: none without one; overdue when the server says so or the day has passed;
 * soon when it falls today or tomorrow; normal otherwise.
 */
export function deadlineTone(dueOn: string | null, today: string, overdue = false): DeadlineTone {
  if (dueOn === null) return 'none';
  if (overdue || dueOn < today) return 'overdue';
  if (dueOn <= nextDay(today)) return 'soon';
  return 'normal';
}

/** The tag colour of a tone (antd preset colours; plain for normal). */
export const TONE_COLOURS: Record<DeadlineTone, string | undefined> = {
  overdue: 'red',
  soon: 'orange',
  normal: undefined,
  none: undefined,
};

/**
 * A clean case, one a reviewer may approve in bulk: waiting at a stage, eligible by the engine with no
 * reason against it, never returned or refused before. The server decides again on each.
 */
export function isClean(claim: Pick<ClaimView, 'state' | 'eligible' | 'reasons' | 'reviews'>): boolean {
  return (
    claim.state === 'reviewing' &&
    claim.eligible &&
    claim.reasons.length === 0 &&
    claim.reviews.every((review) => review.decision === 'approve')
  );
}
