/**
 * `huimin claims …` (docs/claims.md): the retroactive recomputation after a raised standard, which
 * creates top-up claims that go through review, and the daily overdue reminders to reviewers.
 */
import { InvalidArgumentError, type Command } from 'commander';
import { migrateToLatest } from '../db/migrate.js';
import { yuan } from '../domain/subsidy/money.js';
import { cliRequestContext, orFail, print, printJson, withApplication } from './shell.js';

function day(value: string): string {
  const date = new Date(`${value}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value) {
    throw new InvalidArgumentError('a date, e.g. 2025-06-01');
  }
  return value;
}

export function registerClaimCommands(program: Command): void {
  const claims = program.command('claims').description('reimbursement claims (报销类补贴申请)');

  claims
    .command('recompute')
    .description(
      'price every standing claim decided on a rule date from DATE on under the plan in force; ' +
        'where the amount rose, create a top-up claim for the difference (it goes through review)',
    )
    .requiredOption('--from <DATE>', 'the first rule date (purchase or event date) to look at', day)
    .option('--dry-run', 'only say which claims would get a top-up')
    .option('--json', 'print JSON')
    .action(async (options: { from: string; dryRun?: boolean; json?: boolean }) => {
      await withApplication(async ({ services }) => {
        await migrateToLatest(services.database);
        const result = await orFail(() =>
          services.claims.recompute.recompute(cliRequestContext(), {
            from: options.from,
            ...(options.dryRun === true ? { dryRun: true } : {}),
          }),
        );
        if (options.json === true) {
          printJson(result);
          return;
        }
        const verb = options.dryRun === true ? 'would create' : 'created';
        print(
          `examined ${result.examined} standing claims from ${options.from}; ${verb} ${result.topUps.length} top-up claims ` +
            `of ${yuan(result.totalFen)} yuan in all`,
        );
        for (const topUp of result.topUps)
          print(`  ${topUp.claimId} → ${topUp.topUpId}: +${yuan(topUp.amountFen)} yuan`);
      });
    });

  claims
    .command('remind')
    .description('tell the reviewers of every stage with overdue claims (through the SMS sender)')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      await withApplication(async ({ services }) => {
        await migrateToLatest(services.database);
        const result = await orFail(() => services.claims.reminders.remindOverdue(cliRequestContext()));
        if (options.json === true) printJson(result);
        else print(`${result.claims} overdue claims; ${result.reminded} reviewers reminded`);
      });
    });
}
