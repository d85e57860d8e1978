/**
 * What an applicant changes on a claim besides its facts: evidence files (uploaded by content, at most
 * MAX_EVIDENCE_FILES a claim, read by the applicant and the reviewers in scope) and withdrawal (the money
 * held for it goes back to the pool, its VINs leave the goods register).
 */
import { randomUUID } from 'node:crypto';
import type { ClaimView, EvidenceFileView } from '../../contract/claims.js';
import type { ClaimRow } from '../../db/claims-repository.js';
import type { EvidenceKind } from '../../domain/claims/vocabulary.js';
import { AppError } from '../../shared/errors.js';
import { refusalError } from '../budget/budget-service.js';
import { auditContextOf, principalOf, type RequestContext } from '../context.js';
import { displayName } from '../files/content-store.js';
import { writeOnce } from '../idempotent-write.js';
import { MAX_EVIDENCE_FILES, type ClaimService } from './claim-service.js';
import { evidenceView } from './claim-views.js';

export class ClaimChanges {
  constructor(private readonly claims: ClaimService) {}

  // ------------------------------------------------------------------------------- evidence

  async uploadEvidence(
    context: RequestContext,
    id: string,
    kind: EvidenceKind,
    fileName: string,
    content: Buffer,
  ): Promise<EvidenceFileView> {
    const principal = principalOf(context);
    const row = await this.claims.requireOwn(principal, id);
    if (row.state !== 'draft' && row.state !== 'returned') {
      throw new AppError('CLAIM_NOT_EDITABLE', `claim ${id} is ${row.state}: evidence is closed`, 'id');
    }
    if ((await this.claims.options.repository.evidence([id])).length >= MAX_EVIDENCE_FILES) {
      throw new AppError(
        'EVIDENCE_LIMIT_REACHED',
        `a claim keeps at most ${MAX_EVIDENCE_FILES} evidence files`,
        'file',
      );
    }
    const stored = await this.claims.files.put(content);
    const evidence = {
      id: randomUUID(),
      claim_id: id,
      kind,
      sha256: stored.sha256,
      media_type: stored.mediaType,
      size_bytes: stored.sizeBytes,
      file_name: displayName(fileName),
      uploaded_by: principal.accountId,
      uploaded_at: this.claims.options.now().toISOString(),
    };
    return writeOnce(this.claims.options.store, context.idempotency, async (trx) => {
      const moved = await this.claims.options.repository.advance(
        trx,
        id,
        { state: ['draft', 'returned'] },
        {
          updated_at: evidence.uploaded_at,
        },
      );
      if (!moved) throw new AppError('CLAIM_NOT_EDITABLE', `claim ${id} is no longer with you`, 'id');
      await this.claims.options.repository.insertEvidence(trx, evidence);
      await this.claims.options.audit.append(trx, auditContextOf(context), {
        action: 'claim.evidence_upload',
        subject: `claim:${id}`,
        after: { kind, sha256: stored.sha256, mediaType: stored.mediaType, sizeBytes: stored.sizeBytes },
      });
      return evidenceView(evidence);
    });
  }

  /** An evidence file, to the applicant or a reviewer in scope (and auditors). */
  async readEvidence(
    context: RequestContext,
    id: string,
    evidenceId: string,
  ): Promise<{ view: EvidenceFileView; content: Buffer }> {
    const row = await this.claims.requireVisible(principalOf(context), id);
    const [evidence] = (await this.claims.options.repository.evidence([row.id])).filter(
      (item) => item.id === evidenceId,
    );
    if (evidence === undefined)
      throw new AppError('EVIDENCE_NOT_FOUND', `claim ${id} has no evidence ${evidenceId}`, 'evidenceId');
    return { view: evidenceView(evidence), content: await this.claims.files.get(evidence.sha256) };
  }

  /**
   * The applicant takes a claim back while it is theirs to change or still in review: the money held at
   * a first approval goes back to the pool and its VINs leave the goods register. Decided claims stay.
   */
  async withdraw(context: RequestContext, id: string): Promise<ClaimView> {
    const principal = principalOf(context);
    const row = await this.claims.requireOwn(principal, id);
    const open = ['draft', 'returned', 'reviewing'] as const;
    if (!(open as readonly string[]).includes(row.state)) {
      throw new AppError('CLAIM_NOT_EDITABLE', `claim ${id} is ${row.state}: it can no longer be withdrawn`, 'id');
    }
    const stages = await this.claims.stageViewsOf([row.line]);
    const at = this.claims.options.now().toISOString();
    return writeOnce(this.claims.options.store, context.idempotency, async (trx) => {
      const moved = await this.claims.options.repository.advance(
        trx,
        id,
        { state: row.state, stageIndex: row.stage_index },
        {
          state: 'withdrawn',
          due_on: null,
          decided_at: at,
          updated_at: at,
        },
      );
      if (!moved) throw new AppError('CLAIM_NOT_EDITABLE', `claim ${id} was decided meanwhile`, 'id');
      if (row.hold_id !== null) {
        const released = await this.claims.options.budget.release(trx, context, row.hold_id, {
          reference: `claim-withdrawn:${row.reference}`,
        });
        if (!released.ok) throw refusalError(released.refusal);
        await this.claims.options.goods.releaseGoods(trx, `claim:${id}`);
      }
      await this.claims.options.audit.append(trx, auditContextOf(context), {
        action: 'claim.withdraw',
        subject: `claim:${id}`,
        before: { state: row.state },
        after: { state: 'withdrawn', released: row.hold_id === null ? 0 : Number(row.subsidy_fen) },
      });
      return this.claims.viewIn((await this.claims.options.repository.find(id, trx)) as ClaimRow, stages, trx);
    });
  }
}
