/**
 * `huimin settlement …` and `huimin demo seed` (docs/trade-in.md): build a period's settlement batches
 * and write a batch's payout file from the command line (the finance bureau's cron job or a bank
 * upload), and fill a database with the demo's people and month of trade-in at a chosen scale.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { prepareDatabase } from '../app/startup.js';
import { seedDemoActivity } from '../app/demo-activity.js';
import { migrateToLatest } from '../db/migrate.js';
import { yuan } from '../domain/subsidy/money.js';
import { cliRequestContext, fail, orFail, print, printJson, withApplication } from './shell.js';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function period(value: string): { from: string; to: string } {
  const [from = '', to = '', ...rest] = value.split('/');
  if (!DAY.test(from) || !DAY.test(to) || rest.length > 0 || from > to) {
    throw new InvalidArgumentError('FROM/TO as two dates, e.g. 2025-05-01/2025-05-15');
  }
  return { from, to };
}

function scale(value: string): number {
  if (!/^\d{1,2}$/.test(value) || Number(value) === 0) throw new InvalidArgumentError('a whole number from 1 to 99');
  return Number(value);
}

export function registerTradeInCommands(program: Command): void {
  const settlement = program.command('settlement').description('trade-in settlement (清算): batches and payout files');

  settlement
    .command('run')
    .description('build the settlement batches of a period: one per merchant and unit, past the return window')
    .requiredOption('--period <FROM/TO>', 'the days of the period, e.g. 2025-05-01/2025-05-15', period)
    .option('--unit <id>', 'only this implementing unit')
    .option('--json', 'print JSON')
    .action(async (options: { period: { from: string; to: string }; unit?: string; json?: boolean }) => {
      await withApplication(async ({ services }) => {
        await migrateToLatest(services.database);
        const result = await orFail(() =>
          services.tradeIn.settlements.run(cliRequestContext(), {
            periodFrom: options.period.from,
            periodTo: options.period.to,
            ...(options.unit === undefined ? {} : { unitId: options.unit }),
          }),
        );
        if (options.json === true) {
          printJson(result);
          return;
        }
        for (const batch of result.created) {
          print(
            `${batch.id}  ${batch.reference}  ${batch.unitId.padEnd(26)} ${batch.merchantName}  ` +
              `${batch.redemptions} lines, ${yuan(batch.netFen)} yuan` +
              (batch.flaggedLines > 0 ? `, ${batch.flaggedLines} flagged` : ''),
          );
        }
        print(
          `${result.created.length} batches for ${options.period.from}/${options.period.to}; ` +
            `${result.skipped} redemptions still inside their return window`,
        );
      });
    });

  settlement
    .command('export <id>')
    .description('write an approved batch’s payout file (full bank account; the read is logged)')
    .option('--xlsx <file>', 'write the .xlsx (payout sheet and its lines)')
    .option('--csv <file>', 'write the bank CSV')
    .action(async (id: string, options: { xlsx?: string; csv?: string }) => {
      if (options.xlsx === undefined && options.csv === undefined) fail('say where: --xlsx FILE and/or --csv FILE');
      await withApplication(async ({ services }) => {
        for (const [format, target] of [
          ['xlsx', options.xlsx],
          ['csv', options.csv],
        ] as const) {
          if (target === undefined) continue;
          const file = await orFail(() => services.tradeIn.settlements.payoutFile(cliRequestContext(), id, format));
          const where = path.resolve(target);
          await writeFile(where, file.body);
          print(`wrote ${where}: ${file.filename}, ${file.body.length} bytes`);
        }
      });
    });

  program
    .command('demo')
    .description('demo data')
    .command('seed')
    .description('on a new database: the demo accounts, every line’s pools funded and a month of trade-in activity')
    .option('--scale <N>', 'multiply citizens and sales (1: 2,000 citizens, about 1,600 sales)', scale, 1)
    .action(async (options: { scale: number }) => {
      await withApplication(async (application) => {
        if (!application.config.demo) fail('demo mode is off (HUIMIN_DEMO=false): demo data would be deleted at start');
        // Migrate, import the plan, create the demo accounts and reports, as a start does; then the month.
        const prepared = await prepareDatabase({ ...application, config: { ...application.config, demoScale: 0 } });
        await prepared.demoActivity;
        const summary = await seedDemoActivity(application, options.scale);
        if (summary === null) print('the demo activity is already there: nothing to do (start from a new database)');
        else printJson(summary);
      });
    });
}
