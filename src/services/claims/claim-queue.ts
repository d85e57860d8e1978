/**
 * Reading claims: the applicant's own (我的申请), one claim to those who may see it, and the reviewers'
 * queue: the claims at the stages the caller's roles decide (county officers only in their units;
 * reviewers and auditors everything), waiting at a stage, overdue, by line, unit or state.
 */
import type { ClaimList, ClaimListQuery, ClaimView } from '../../contract/claims.js';
import { CLAIM_STAGES } from '../../domain/claims/stages.js';
import { CLAIM_LINES, type ClaimLine } from '../../domain/claims/vocabulary.js';
import type { Principal } from '../accounts/account-service.js';
import { principalOf, type RequestContext } from '../context.js';
import type { ClaimCase } from '../../db/claims-repository.js';
import type { ClaimService } from './claim-service.js';

export class ClaimQueue {
  constructor(private readonly claims: ClaimService) {}

  async mine(context: RequestContext): Promise<ClaimList> {
    const principal = principalOf(context);
    const { rows, total } = await this.claims.options.repository.list({
      applicantId: principal.accountId,
      offset: 0,
      limit: 200,
    });
    return { items: await this.claims.views(rows), total };
  }

  async get(context: RequestContext, id: string): Promise<ClaimView> {
    return this.claims.view(await this.claims.requireVisible(principalOf(context), id));
  }

  /**
   * Claims in the caller's scope. Reviewers and auditors see every submitted claim; an officer sees the
   * claims of the lines whose stages their roles decide (a unit stage only in the role's own units):
   * waiting (`stage=`, `awaitingMe`, `overdue`) at those stages, or in any state after submission.
   */
  async list(context: RequestContext, query: ClaimListQuery): Promise<ClaimList> {
    const principal = principalOf(context);
    const everything = principal.roleNames.includes('auditor') || principal.roleNames.includes('reviewer');
    const waiting = query.stage !== undefined || query.awaitingMe === true || query.overdue === true;
    const mine = this.reviewableStages(principal);
    const pick = (cases: readonly ClaimCase[]) =>
      query.stage === undefined
        ? cases
        : cases.filter((item) => CLAIM_STAGES[item.line][item.stageIndex ?? -1]?.id === query.stage);
    let cases: readonly ClaimCase[] | undefined;
    if (everything && query.awaitingMe !== true) {
      cases = waiting
        ? pick(CLAIM_LINES.flatMap((line) => CLAIM_STAGES[line].map((_, stageIndex) => ({ line, stageIndex }))))
        : undefined;
    } else if (waiting) {
      cases = pick(mine);
    } else {
      // Every state of the lines the caller reviews, in the units their stages reach.
      const byLine = new Map<ClaimLine, ClaimCase>();
      for (const item of mine) {
        const known = byLine.get(item.line);
        const units =
          known === undefined
            ? item.unitIds
            : known.unitIds === undefined || item.unitIds === undefined
              ? undefined
              : [...known.unitIds, ...item.unitIds];
        byLine.set(item.line, { line: item.line, ...(units === undefined ? {} : { unitIds: units }) });
      }
      cases = [...byLine.values()];
    }
    const { rows, total } = await this.claims.options.repository.list({
      ...(cases === undefined ? {} : { cases }),
      ...(waiting
        ? { states: ['reviewing'] }
        : query.state === undefined
          ? { submitted: true }
          : { states: [query.state] }),
      ...(query.line === undefined ? {} : { line: query.line }),
      ...(query.unitId === undefined ? {} : { unitIds: [query.unitId] }),
      ...(query.overdue === true ? { dueBefore: this.claims.today() } : {}),
      offset: query.offset ?? 0,
      limit: query.limit ?? 50,
    });
    return { items: await this.claims.views(rows), total };
  }

  /** Every stage one of the caller's roles decides, with the units a unit stage is bounded to. */
  reviewableStages(principal: Principal): ClaimCase[] {
    const out: ClaimCase[] = [];
    for (const line of CLAIM_LINES) {
      CLAIM_STAGES[line].forEach((stage, stageIndex) => {
        const holding = principal.roles.filter(
          (role) =>
            role.role === stage.role &&
            (stage.department === undefined ||
              (role.organisation?.kind === 'department' && role.organisation.id === stage.department)),
        );
        if (holding.length === 0) return;
        if (stage.scope === 'city') out.push({ line, stageIndex });
        else {
          const unitIds = holding.flatMap((role) => (role.organisation?.kind === 'unit' ? [role.organisation.id] : []));
          out.push({ line, stageIndex, unitIds });
        }
      });
    }
    return out;
  }
}
