/**
 * `huimin supervision …` (docs/supervision.md): the standing of every target on the configured
 * database, as the board computes it, and the supervision office's .xlsx for a period.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { STATUS_LABELS } from '../domain/supervision/labels.js';
import { isPeriod } from '../domain/supervision/periods.js';
import { print, printJson, withApplication } from './shell.js';

function period(value: string): string {
  if (!isPeriod(value)) throw new InvalidArgumentError('a month, YYYY-MM (e.g. 2025-06)');
  return value;
}

export function registerSupervisionCommands(program: Command): void {
  const supervision = program.command('supervision').description('target supervision: statuses and exports');

  supervision
    .command('status')
    .description('every target’s status at the end of a period (default: the newest reported)')
    .option('--period <YYYY-MM>', 'the period to judge at', period)
    .option('--json', 'print JSON')
    .action(async (options: { period?: string; json?: boolean }) => {
      await withApplication(async ({ services }) => {
        const report = await services.supervision.reads.statusReport(options.period);
        if (options.json === true) {
          printJson(report);
          return;
        }
        print(`${report.planVersionId} · ${report.period} (as of ${report.asOf})`);
        for (const target of report.targets) {
          const progress = target.progressBp === null ? '—' : `${(target.progressBp / 100).toFixed(1)}%`;
          print(
            `  ${String(target.measure).padStart(2)} ${target.id.padEnd(44)} ${STATUS_LABELS[target.status].en.padEnd(13)} ${progress}`,
          );
        }
        print(
          Object.entries(report.counts)
            .map(([status, count]) => `${status} ${count}`)
            .join(', '),
        );
      });
    });

  supervision
    .command('export')
    .description('write the period’s supervision sheet (序号, 任务, 牵头单位 … 存在问题) as .xlsx')
    .requiredOption('--xlsx <file>', 'where to write the workbook')
    .option('--period <YYYY-MM>', 'the period (default: the newest reported)', period)
    .action(async (options: { xlsx: string; period?: string }) => {
      await withApplication(async ({ services }) => {
        const { period: chosen, content } = await services.supervision.exportWorkbook(options.period);
        const file = path.resolve(options.xlsx);
        await writeFile(file, content);
        print(`wrote ${file}: supervision sheet for ${chosen}, ${content.length} bytes`);
      });
    });
}
