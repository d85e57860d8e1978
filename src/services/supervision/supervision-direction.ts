/**
 * Supervision's direction (docs/supervision.md): the supervising department (市商务局) sets units' shares
 * of city targets; a city leader gives an instruction (批示) on a target or task; its lead department's
 * officer or leader answers it once. Each write is one writeOnce with its audit entry.
 */
import { randomUUID } from 'node:crypto';
import type { SupervisionRepository } from '../../db/supervision-repository.js';
import type { SupervisedTarget } from '../../domain/supervision/subjects.js';
import { SUPERVISING_DEPARTMENT } from '../../domain/supervision/vocabulary.js';
import type {
  AnswerInput,
  InstructionInput,
  InstructionView,
  UnitShares,
  UnitSharesInput,
} from '../../contract/supervision.js';
import { AppError } from '../../shared/errors.js';
import { reaches, requireAccess } from '../access.js';
import type { AuditLog } from '../audit/audit-log.js';
import { auditContextOf, principalOf, type RequestContext } from '../context.js';
import { writeOnce, type WriteStore } from '../idempotent-write.js';
import type { SupervisionReads } from './supervision-reads.js';
import { alertRow, caseOf, instructionView } from './supervision-views.js';

export interface SupervisionDirectionOptions {
  readonly store: WriteStore;
  readonly repository: SupervisionRepository;
  readonly audit: AuditLog;
  readonly reads: SupervisionReads;
  readonly now: () => Date;
}

export class SupervisionDirection {
  private readonly store: WriteStore;
  private readonly repository: SupervisionRepository;
  private readonly audit: AuditLog;
  private readonly reads: SupervisionReads;
  private readonly now: () => Date;

  constructor(options: SupervisionDirectionOptions) {
    this.store = options.store;
    this.repository = options.repository;
    this.audit = options.audit;
    this.reads = options.reads;
    this.now = options.now;
  }

  /** The commerce bureau sets units' shares of a city target (audited, before and after). */
  async setShares(context: RequestContext, targetId: string, input: UnitSharesInput): Promise<UnitShares> {
    requireAccess(context, 'supervision.manage', caseOf('department', SUPERVISING_DEPARTMENT), {
      message: `units' shares are set by the supervising department (${SUPERVISING_DEPARTMENT})`,
      field: 'targetId',
    });
    const plan = await this.reads.plan();
    const target = plan.subject('target', targetId) as SupervisedTarget;
    if (target.scope !== 'city') {
      throw new AppError(
        'VALIDATION_FAILED',
        `target ${targetId} binds every unit to its value: no shares`,
        'targetId',
      );
    }
    input.shares.forEach((share, index) => {
      if (!target.units.includes(share.unitId)) {
        throw new AppError(
          'UNIT_NOT_FOUND',
          `unit ${share.unitId} does not carry target ${targetId}`,
          `shares[${index}].unitId`,
        );
      }
    });
    const at = this.now().toISOString();
    return writeOnce(this.store, context.idempotency, async (trx) => {
      const before = (await this.repository.shares(trx)).filter((row) => row.target_id === targetId);
      for (const share of input.shares) {
        await this.repository.upsertShare(trx, {
          target_id: targetId,
          unit_id: share.unitId,
          value: share.value,
          updated_by: context.actor.id,
          updated_at: at,
        });
      }
      const after = (await this.repository.shares(trx)).filter((row) => row.target_id === targetId);
      const shares = after.map((row) => ({ unitId: row.unit_id, value: Number(row.value) }));
      await this.audit.append(trx, auditContextOf(context), {
        action: 'supervision.shares_set',
        subject: `target:${targetId}`,
        before: before.map((row) => ({ unitId: row.unit_id, value: Number(row.value) })),
        after: shares,
      });
      return { targetId, shares };
    });
  }

  /** A city leader's instruction on a target or task, for its lead department to answer. */
  async instruct(context: RequestContext, input: InstructionInput): Promise<InstructionView> {
    principalOf(context);
    const plan = await this.reads.plan();
    const subject = plan.subject(input.subjectKind, input.subjectId);
    const now = this.now();
    return writeOnce(this.store, context.idempotency, async (trx) => {
      const row = {
        id: randomUUID(),
        subject_kind: subject.kind,
        subject_id: subject.id,
        owner_id: subject.lead,
        text: input.text,
        given_by: context.actor.id,
        given_at: now.toISOString(),
        answer: null,
        answered_by: null,
        answered_at: null,
      };
      await this.repository.insertInstruction(trx, row);
      await this.repository.insertAlerts(trx, [
        alertRow(now, 'instruction', subject, { kind: 'department', id: subject.lead }, null, {
          zh: `领导批示：${input.text.slice(0, 200)}`,
          en: `instruction: ${input.text.slice(0, 200)}`,
        }),
      ]);
      await this.audit.append(trx, auditContextOf(context), {
        action: 'supervision.instruct',
        subject: `instruction:${row.id}`,
        after: { subjectKind: subject.kind, subjectId: subject.id, ownerId: subject.lead, text: input.text },
      });
      return instructionView(row);
    });
  }

  /** The owner (an officer or leader of the lead department) answers an instruction, once. */
  async answer(context: RequestContext, id: string, input: AnswerInput): Promise<InstructionView> {
    const instruction = await this.repository.findInstruction(id);
    if (instruction === undefined) throw new AppError('INSTRUCTION_NOT_FOUND', `no instruction ${id}`, 'id');
    const principal = principalOf(context);
    const owner = caseOf('department', instruction.owner_id);
    if (!reaches(principal, 'supervision.report', owner) && !reaches(principal, 'supervision.approve', owner)) {
      throw new AppError('FORBIDDEN', `instruction ${id} is for ${instruction.owner_id} to answer`, 'id');
    }
    const at = this.now().toISOString();
    return writeOnce(this.store, context.idempotency, async (trx) => {
      if (!(await this.repository.answerInstruction(trx, id, input.answer, context.actor.id, at))) {
        throw new AppError('INSTRUCTION_ANSWERED', `instruction ${id} has been answered`, 'id');
      }
      await this.audit.append(trx, auditContextOf(context), {
        action: 'supervision.instruction_answer',
        subject: `instruction:${id}`,
        after: { answer: input.answer },
      });
      return instructionView({ ...instruction, answer: input.answer, answered_by: context.actor.id, answered_at: at });
    });
  }
}
