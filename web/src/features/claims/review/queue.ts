/** The review queue's filters as they sit in the address bar, the list query they make, who may decide. Pure. */
import type { SessionView } from '../../../../../src/contract/accounts';
import type {
  ClaimLine,
  ClaimListQuery,
  ClaimSettings,
  ClaimStageView,
  ClaimState,
  ClaimView,
} from '../../../../../src/contract/claims';
import { CLAIM_LINES, CLAIM_STATES } from '../../../../../src/domain/claims/vocabulary';
import { hasPermission } from '../../accounts/access';

export const QUEUE_FILTERS = ['tab', 'line', 'unit', 'overdue', 'state', 'page'] as const;
export type QueueFilters = Record<(typeof QUEUE_FILTERS)[number], string | undefined>;

export const PAGE_SIZE = 50;

const isLine = (v: string | undefined): v is ClaimLine => (CLAIM_LINES as readonly (string | undefined)[]).includes(v);
const isState = (v: string | undefined): v is ClaimState =>
  (CLAIM_STATES as readonly (string | undefined)[]).includes(v);

/** The tab shown: the one in the address, else 待我审核 for reviewers and 全部 for readers. */
export function currentTab(filters: QueueFilters, reviewer: boolean): string {
  return filters.tab ?? (reviewer ? 'awaiting' : 'all');
}

/**
 * The list query: 待我审核 (awaitingMe), one stage (stage), or all (with a state); the line, unit,
 * overdue filters on each; pages of PAGE_SIZE.
 */
export function queueQuery(filters: QueueFilters, reviewer: boolean): ClaimListQuery {
  const tab = currentTab(filters, reviewer);
  const page = Math.max(1, Number.parseInt(filters.page ?? '1', 10) || 1);
  return {
    ...(tab === 'awaiting' ? { awaitingMe: true } : tab === 'all' ? {} : { stage: tab }),
    ...(isLine(filters.line) ? { line: filters.line } : {}),
    ...(filters.unit ? { unitId: filters.unit } : {}),
    ...(filters.overdue === '1' ? { overdue: true } : {}),
    ...(tab === 'all' && isState(filters.state) ? { state: filters.state } : {}),
    offset: (page - 1) * PAGE_SIZE,
    limit: PAGE_SIZE,
  };
}

/** The review stages of every line, each once (commerce and finance review several lines). */
export function stagesOf(settings: ClaimSettings | undefined): ClaimSettings['lines'][number]['stages'] {
  const seen = new Map<string, ClaimSettings['lines'][number]['stages'][number]>();
  for (const line of settings?.lines ?? [])
    for (const stage of line.stages) if (!seen.has(stage.id)) seen.set(stage.id, stage);
  return [...seen.values()];
}

/** Whether one role assignment decides the stage, for a claim of `unitId` (as the server's queue reads it). */
export function roleFitsStage(
  role: SessionView['account']['roles'][number],
  stage: ClaimStageView,
  unitId: string,
): boolean {
  if (role.role !== stage.role) return false;
  if (
    stage.department !== undefined &&
    !(role.organisation?.kind === 'department' && role.organisation.id === stage.department)
  )
    return false;
  return stage.scope === 'city' || (role.organisation?.kind === 'unit' && role.organisation.id === unitId);
}

/**
 * Whether the caller may decide the claim here, or why not: `decide`; `closed` (not waiting at a stage);
 * `own` (the caller's own claim); `elsewhere` (no role of the caller decides its stage: the stage's
 * role, of its department for a department's stage, of the claim's unit for a unit stage).
 */
export function decisionAccess(
  session: SessionView | null | undefined,
  claim: Pick<ClaimView, 'state' | 'stage' | 'unitId' | 'applicantId'>,
): 'decide' | 'closed' | 'own' | 'elsewhere' {
  const stage = claim.stage;
  if (claim.state !== 'reviewing' || !stage) return 'closed';
  if (!session) return 'elsewhere';
  if (session.account.id === claim.applicantId) return 'own';
  if (!hasPermission(session, 'claims.review')) return 'elsewhere';
  return session.account.roles.some((role) => roleFitsStage(role, stage, claim.unitId)) ? 'decide' : 'elsewhere';
}

/** Whether the caller decides the stage the claim waits at (the server still checks, and says why not). */
export function mayDecide(
  session: SessionView | null | undefined,
  claim: Pick<ClaimView, 'state' | 'stage' | 'unitId' | 'applicantId'>,
): boolean {
  return decisionAccess(session, claim) === 'decide';
}
