/**
 * `huimin voucher …` (docs/vouchers.md): the expiry sweep that ends every round past its end (lapsed vouchers
 * expire, the rest goes back to the pool or is re-released into the next round), and the lottery check that
 * anyone with a copy of the database (or of the published draw) can run.
 */
import type { Command } from 'commander';
import { migrateToLatest } from '../db/migrate.js';
import { yuan } from '../domain/subsidy/money.js';
import { cliRequestContext, orFail, print, printJson, withApplication } from './shell.js';

export function registerVoucherCommands(program: Command): void {
  const voucher = program.command('voucher').description('consumption vouchers (消费券)');

  voucher
    .command('expire')
    .description('expire every round past its end: lapsed vouchers expire, the rest returns or rolls over')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      await withApplication(async ({ services }) => {
        await migrateToLatest(services.database);
        const result = await orFail(() => services.vouchers.rounds.expireDue(cliRequestContext()));
        if (options.json === true) {
          printJson(result);
          return;
        }
        print(`${result.expired.length} rounds expired`);
        for (const round of result.expired) {
          const into = round.rereleasedInto === null ? '' : `; re-released into ${round.rereleasedInto}`;
          print(`  ${round.id} (${round.campaignName}): ${yuan(round.returnedFen)} yuan back to the pool${into}`);
        }
      });
    });

  voucher
    .command('verify-draw')
    .description('recompute a lottery round from its seed and registrant list; exit 1 if anything differs')
    .argument('<ROUND>', 'the round id')
    .option('--json', 'print JSON')
    .action(async (roundId: string, options: { json?: boolean }) => {
      await withApplication(async ({ services }) => {
        await migrateToLatest(services.database);
        const check = await orFail(() => services.vouchers.lottery.verify(roundId));
        if (options.json === true) printJson(check);
        else {
          print(
            `round ${check.roundId}: ${check.entries} entries, ${check.winners} winners published — ${
              check.ok ? 'the draw checks out (seed, list and winners agree)' : 'THE DRAW DOES NOT CHECK OUT'
            }`,
          );
          for (const finding of check.findings) print(`  ${finding.problem}: ${finding.detail}`);
        }
        if (!check.ok) process.exitCode = 1;
      });
    });
}
