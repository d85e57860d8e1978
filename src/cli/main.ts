/**
 * `huimin`: the command line. Plan commands read a plan folder (the files an editor is working on;
 * `--dir` picks another); database commands use the configured database, like the server.
 */
import path from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { planVersionId } from '../db/plan-repository.js';
import { knownMigrations, migrateToLatest, rollbackOne } from '../db/migrate.js';
import { PlanCatalogue } from '../domain/plan/catalogue.js';
import { compileRuleBook, planParameters, quoteResultFromJson } from '../domain/subsidy/index.js';
import { PlanFilesError, formatProblem } from '../services/plan/plan-files.js';
import { compilePlanBundle } from '../services/plan/plan-bundle.js';
import { readPlanFolder, type PlanFolder } from '../services/plan/plan-folder.js';
import { packageVersion } from '../shared/package-version.js';
import { formatLintReport, formatPlanShow, formatTargets } from './format.js';
import type { AuditVerificationReport } from '../services/audit/audit-log.js';
import { verifyChains } from '../services/audit/chains.js';
import type { StatementCheck } from '../services/audit/statements.js';
import { addKeyToFile, loadPersonalDataKeys } from '../services/security/keys-file.js';
import { AppError } from '../shared/errors.js';
import { rotatePersonalDataKeys } from '../services/security/key-rotation.js';
import { registerOperationCommands } from './operations.js';
import { registerSupervisionCommands } from './supervision.js';
import { registerTradeInCommands } from './trade-in.js';
import { registerClaimCommands } from './claims.js';
import { registerVoucherCommands } from './vouchers.js';
import { cliContext, config, fail, print, printJson, withApplication, withDatabase } from './shell.js';

async function planFolder(dir: string | undefined): Promise<PlanFolder> {
  const { policiesDir, planCode } = config();
  const folder = path.resolve(dir ?? path.join(policiesDir, planCode));
  try {
    return await readPlanFolder(folder);
  } catch (error) {
    if (error instanceof PlanFilesError) {
      fail(
        `the plan in ${folder} does not load:\n${error.problems.map((problem) => `  ${formatProblem(problem)}`).join('\n')}`,
      );
    }
    throw error;
  }
}

async function readStandardInput(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function measureNumber(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1 || number > 99)
    throw new InvalidArgumentError('a measure number from 1 to 99');
  return number;
}

function chainLine(location: string, report: AuditVerificationReport): string {
  if (report.ok) {
    return `${location}: ${report.chain} chain intact: ${report.checked} entries, head ${report.head.sequence} ${report.head.hash}`;
  }
  const broken = report.firstBroken;
  return (
    `${location}: ${report.chain} chain BROKEN at entry ${broken?.sequence ?? '?'} (${broken?.problem ?? '?'}): ` +
    `${broken?.messageEn ?? ''}\n  ${broken?.message ?? ''}`
  );
}

function statementLines(file: string, check: StatementCheck): string {
  const heads = `audit ${check.chains.audit.stated.sequence}, security ${check.chains.security.stated.sequence}`;
  if (check.ok) return `${file}: statement of ${check.issuedAt} (key ${check.keyId}; ${heads}) matches the chains`;
  return [
    `${file}: statement of ${check.issuedAt} (key ${check.keyId}; ${heads}) FAILS:`,
    ...check.findings.map((finding) => `  - ${finding.messageEn}\n    ${finding.message}`),
  ].join('\n');
}

export function buildProgram(): Command {
  const program = new Command('huimin')
    .description('惠民 huimin: the plan as data, its programmes and the supervision of its targets')
    .version(packageVersion())
    .showHelpAfterError();

  const plan = program.command('plan').description('read, check and export the plan (from its YAML folder)');
  const dirOption = ['--dir <folder>', 'plan folder (default: policies/<HUIMIN_PLAN>)'] as const;

  plan
    .command('show')
    .description('the plan: title, status, actions and measures')
    .option(...dirOption)
    .option('--json', 'print JSON')
    .action(async (options: { dir?: string; json?: boolean }) => {
      const { document, lint } = await planFolder(options.dir);
      if (options.json === true)
        printJson({
          metadata: document.metadata,
          contentHash: document.contentHash,
          actions: document.actions,
          lint: lint.summary,
        });
      else print(formatPlanShow(document, lint));
    });

  plan
    .command('targets')
    .description('every quantitative target, with its comparator, value, deadline and quote')
    .option(...dirOption)
    .option('--measure <number>', 'only this measure', measureNumber)
    .option('--department <id>', 'only targets this department answers for')
    .option('--json', 'print JSON')
    .action(async (options: { dir?: string; measure?: number; department?: string; json?: boolean }) => {
      const { document } = await planFolder(options.dir);
      const filter = {
        ...(options.measure === undefined ? {} : { measure: options.measure }),
        ...(options.department === undefined ? {} : { department: options.department }),
      };
      const targets = new PlanCatalogue(document).findTargets(filter);
      if (options.json === true) printJson(targets);
      else print(formatTargets(targets));
    });

  plan
    .command('lint')
    .description('repeated sentences, implausible targets, missing departments and quotes (exit 1 on errors)')
    .option(...dirOption)
    .option('--json', 'print JSON')
    .action(async (options: { dir?: string; json?: boolean }) => {
      const { lint } = await planFolder(options.dir);
      if (options.json === true) printJson(lint);
      else print(formatLintReport(lint));
      if (lint.summary.errors > 0) process.exitCode = 1;
    });

  plan
    .command('export')
    .description('the whole plan as one JSON document')
    .option(...dirOption)
    .option('--json', 'print JSON (the only format for now)')
    .action(async (options: { dir?: string }) => {
      const { document } = await planFolder(options.dir);
      printJson(document);
    });

  plan
    .command('compile')
    .description('check the plan folder and compile it into dist/plans for fast start-up (npm run build does this)')
    .option(...dirOption)
    .action(async (options: { dir?: string }) => {
      const settings = config();
      const folder = path.resolve(options.dir ?? path.join(settings.policiesDir, settings.planCode));
      try {
        const { file, plan: compiled } = await compilePlanBundle(folder, settings.planBundleDir);
        print(
          `compiled ${compiled.document.metadata.code} (${compiled.document.contentHash.slice(0, 12)}) into ${path.relative(process.cwd(), file)}`,
        );
      } catch (error) {
        if (error instanceof PlanFilesError) fail(error.message);
        throw error;
      }
    });

  plan
    .command('import')
    .description('import the plan folder into the database as a version and make it current')
    .option(...dirOption)
    .action(async (options: { dir?: string }) => {
      await withApplication(async ({ config: settings, services }) => {
        await migrateToLatest(services.database);
        const folder = path.resolve(options.dir ?? path.join(settings.policiesDir, settings.planCode));
        try {
          const result = await services.plans.importFolder(folder, new Date(), null, 'always', cliContext());
          print(`${result.created ? 'imported' : 'already imported'} ${result.version.id}; it is now current`);
        } catch (error) {
          if (error instanceof PlanFilesError) fail(error.message);
          throw error;
        }
      });
    });

  program
    .command('quote')
    .description(
      'read one purchase as JSON on standard input; print the subsidy decision as JSON (exit 2 on bad input)',
    )
    .option(...dirOption)
    .action(async (options: { dir?: string }) => {
      const { document } = await planFolder(options.dir);
      const book = compileRuleBook(planParameters(document), planVersionId(document));
      const result = quoteResultFromJson(await readStandardInput(), book);
      print(JSON.stringify(result));
      if (result.reasons.some((reason) => reason.code === 'INVALID_INPUT')) process.exitCode = 2;
    });

  const database = program.command('db').description('the database: migrations');
  database
    .command('migrate')
    .description('apply every pending migration')
    .action(async () => {
      await withDatabase(async (handle) => {
        const { location } = handle;
        const { applied } = await migrateToLatest(handle);
        print(
          applied.length === 0
            ? `${location}: up to date (${knownMigrations().length} migrations)`
            : `${location}: applied ${applied.join(', ')}`,
        );
      });
    });
  database
    .command('rollback')
    .description('undo the newest applied migration')
    .action(async () => {
      await withDatabase(async (handle) => {
        const { location } = handle;
        const { applied } = await rollbackOne(handle);
        print(
          applied.length === 0 ? `${location}: nothing to roll back` : `${location}: rolled back ${applied.join(', ')}`,
        );
      });
    });

  const audit = program
    .command('audit')
    .description('the audit log and the security log, and statements of their heads');
  audit
    .command('verify')
    .description(
      're-compute every hash and link of the audit and security chains; with --against, also check a signed ' +
        'statement of their heads; exit 1 at the first problem',
    )
    .option('--json', 'print the report as JSON')
    .option('--against <file>', 'a statement published earlier (audit-statements/…json), kept outside the server')
    .action(async (options: { json?: boolean; against?: string }) => {
      await withApplication(
        async ({ services }) => {
          const { audit: auditLog, security, statements, database: handle } = services;
          const report = await verifyChains(auditLog, security);
          let against: StatementCheck | undefined;
          if (options.against !== undefined) {
            const file = path.resolve(options.against);
            const statement = await statements
              .read(file)
              .catch((error: unknown) =>
                fail(`cannot check against ${file}: ${error instanceof Error ? error.message : String(error)}`),
              );
            against = await statements.check(statement);
          }
          if (options.json === true) printJson(against === undefined ? report : { ...report, against });
          else {
            print(chainLine(handle.location, report));
            print(chainLine(handle.location, report.security));
            if (against !== undefined && options.against !== undefined) print(statementLines(options.against, against));
          }
          if (!report.allOk || against?.ok === false) process.exitCode = 1;
        },
        // Checking never creates a signing key: without one, a statement fails with `no_key`.
        { createSigningKey: false },
      );
    });
  audit
    .command('publish')
    .description("sign a statement of both chains' heads now, store it in the statements folder and print where")
    .option('--json', 'print the statement as JSON')
    .action(async (options: { json?: boolean }) => {
      await withApplication(async ({ config: settings, services, keySources }) => {
        await migrateToLatest(services.database);
        if (keySources.signing === 'new-file') {
          process.stderr.write(`huimin: created an audit signing key in ${settings.keysFile} (development/demo)\n`);
        }
        const { statements } = services;
        try {
          const { statement, file } = await statements.publish('on_demand', cliContext());
          if (options.json === true) printJson(statement);
          else {
            print(
              `${path.join(statements.folder, file)}: audit head ${statement.chains.audit.sequence}, ` +
                `security head ${statement.chains.security.sequence}, key ${statement.keyId}; ` +
                "copy it to where the database's administrators cannot write",
            );
          }
        } catch (error) {
          if (error instanceof AppError) fail(`${error.code}: ${error.message}`);
          throw error;
        }
      });
    });

  registerOperationCommands(program);
  registerSupervisionCommands(program);
  registerTradeInCommands(program);
  registerClaimCommands(program);
  registerVoucherCommands(program);

  program
    .command('keys')
    .description('keys for personal data')
    .command('rotate')
    .description('re-encrypt every stored ID number, mobile number and bank account under the active key')
    .option('--new-key', 'first add a fresh key to the keys file and make it active (keys-file setups only)')
    .action(async (options: { newKey?: boolean }) => {
      const settings = config();
      if (options.newKey === true) {
        if (settings.personalDataKeys !== null) {
          fail(
            'keys come from HUIMIN_PII_KEYS: add the new key there and set HUIMIN_PII_ACTIVE_KEY, then run without --new-key',
          );
        }
        loadPersonalDataKeys(settings);
        print(`added key ${addKeyToFile(settings.keysFile)} to ${settings.keysFile}`);
      }
      // Composed after the new key is in the file, so the cipher encrypts under it.
      await withApplication(async ({ services, cipher }) => {
        const handle = services.database;
        await migrateToLatest(handle);
        const report = await rotatePersonalDataKeys(handle, cipher, services.audit);
        print(
          `${handle.location}: re-encrypted ${report.reencrypted} values under key ${report.activeKeyId}; ` +
            `values per key: ${
              Object.entries(report.byKey)
                .map(([key, count]) => `${key} ${count}`)
                .join(', ') || 'none'
            }`,
        );
      });
    });

  return program;
}

buildProgram()
  .parseAsync(process.argv)
  .catch((error: unknown) => fail(error instanceof Error ? error.message : String(error)));
