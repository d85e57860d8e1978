/**
 * Overdue reminders (issue 12 §2): every claim waiting past its stage's deadline is counted per stage
 * (and unit, for unit stages), and each active reviewer of that stage with a mobile number is told
 * once per run through the same sender as one-time codes (an SMS gateway in production, the log in
 * development). Run daily: `huimin claims remind`. The run is audited with what it found.
 */
import type { OverdueReminderResult } from '../../contract/claims.js';
import type { Role } from '../../domain/access/permissions.js';
import { CLAIM_STAGES } from '../../domain/claims/stages.js';
import { fitsStage } from '../../domain/settlement/stages.js';
import type { OneTimeCodeSender } from '../accounts/one-time-code-sender.js';
import { auditContextOf, type RequestContext } from '../context.js';
import { writeOnce } from '../idempotent-write.js';
import type { ClaimService } from './claim-service.js';

export class ClaimReminders {
  constructor(
    private readonly claims: ClaimService,
    private readonly sender: OneTimeCodeSender,
  ) {}

  async remindOverdue(context: RequestContext): Promise<OverdueReminderResult> {
    const { repository, accounts, cipher, audit, store } = this.claims.options;
    const today = this.claims.today();
    const { rows } = await repository.list({ states: ['reviewing'], dueBefore: today, offset: 0, limit: 10_000 });
    const staff = (await accounts.list({ status: 'active', offset: 0, limit: 10_000 })).rows.filter(
      (account) => account.kind === 'staff' && account.mobile_cipher !== null,
    );
    const roles = await accounts.rolesOf(staff.map((account) => account.id));
    const told = new Map<string, number>();
    for (const account of staff) {
      const assignments = roles
        .filter((role) => role.account_id === account.id)
        .map((role) => ({
          role: role.role as Role,
          organisation:
            role.organisation_kind === '' ? null : { kind: role.organisation_kind, id: role.organisation_id },
        }));
      const waiting = rows.filter((row) => {
        const stage = row.stage_index === null ? undefined : CLAIM_STAGES[row.line][row.stage_index];
        return stage !== undefined && row.applicant_id !== account.id && fitsStage(assignments, stage, row.unit_id);
      });
      if (waiting.length === 0 || account.mobile_cipher === null) continue;
      await this.sender.notify(cipher.decrypt(account.mobile_cipher), 'claims_overdue');
      told.set(account.id, waiting.length);
    }
    await writeOnce(store, null, (trx) =>
      audit.append(trx, auditContextOf(context), {
        action: 'claim.overdue_reminders',
        subject: 'claims',
        after: {
          day: today,
          overdue: rows.length,
          reminded: [...told.entries()].map(([id, claims]) => ({ id, claims })),
        },
      }),
    );
    return { reminded: told.size, claims: rows.length };
  }
}
