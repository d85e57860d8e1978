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

  /** Claims in the caller's scope: at the stages they review (county officers: their units), auditors all. */
  async list(context: RequestContext, query: ClaimListQuery): Promise<ClaimList> {
    const principal = principalOf(context);
    const everything = principal.roleNames.includes('auditor') || principal.roleNames.includes('reviewer');
    const stages = everything && query.awaitingMe !== true ? undefined : this.reviewableStages(principal);
    const countyUnits = principal.roles
      .filter((role) => role.role === 'county_officer' && role.organisation?.kind === 'unit')
      .map((role) => role.organisation?.id ?? '');
    const cityWide = everything || stages?.some(([line, index]) => CLAIM_STAGES[line][index]?.scope === 'city');
    let filtered = stages;
    if (query.stage !== undefined) {
      const wanted = query.stage;
      const all = stages ?? CLAIM_LINES.flatMap((line) => CLAIM_STAGES[line].map((_, index) => [line, index] as const));
      filtered = all.filter(([line, index]) => CLAIM_STAGES[line][index]?.id === wanted);
    }
    const waiting = query.stage !== undefined || query.awaitingMe === true || query.overdue === true;
    const { rows, total } = await this.claims.options.repository.list({
      ...(filtered === undefined || (!waiting && everything) ? {} : { stages: filtered }),
      ...(waiting ? { states: ['reviewing'] } : query.state === undefined ? {} : { states: [query.state] }),
      ...(query.line === undefined ? {} : { line: query.line }),
      ...(query.unitId !== undefined
        ? { unitIds: cityWide ? [query.unitId] : countyUnits.filter((unit) => unit === query.unitId) }
        : cityWide
          ? {}
          : { unitIds: countyUnits }),
      ...(query.overdue === true ? { dueBefore: this.claims.today() } : {}),
      offset: query.offset ?? 0,
      limit: query.limit ?? 50,
    });
    return { items: await this.claims.views(rows), total };
  }

  /** [line, stage index] of every stage one of the caller's roles decides. */
  reviewableStages(principal: Principal): (readonly [ClaimLine, number])[] {
    const out: (readonly [ClaimLine, number])[] = [];
    for (const line of CLAIM_LINES) {
      CLAIM_STAGES[line].forEach((stage, index) => {
        const fits = principal.roles.some(
          (role) =>
            role.role === stage.role &&
            (stage.department === undefined ||
              (role.organisation?.kind === 'department' && role.organisation.id === stage.department)),
        );
        if (fits) out.push([line, index]);
      });
    }
    return out;
  }
}
