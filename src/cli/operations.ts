/**
 * The operator's commands (docs/operations.md): the first administrator, made on this machine without
 * signing in (over HTTP only a signed-in administrator creates staff accounts, so on an empty database
 * nobody could), and backups of the embedded database that restore.
 */
import { constants as fsConstants, chmodSync, copyFileSync, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { Value } from 'typebox/value';
import type { Config } from '../config.js';
import { StaffAccountInput } from '../contract/accounts.js';
import { knownMigrations, migrateToLatest } from '../db/migrate.js';
import { SqliteBackupError, backupSqlite, inspectSqlite, restoreSqlite, type SqliteCopy } from '../db/sqlite-backup.js';
import { AppError } from '../shared/errors.js';
import { readPassword } from './password-input.js';
import { cliRequestContext, config, fail, print, withApplication } from './shell.js';

/** What the API's schema says of a staff login and name (the service checks the password). */
function staffFieldProblems(login: string, name: string): string[] {
  const { username, name: nameSchema } = StaffAccountInput.properties;
  return [
    ...(Value.Check(username, login)
      ? []
      : ['--login: 3–40 lower-case letters, digits, dot, dash, underscore; starts with a letter']),
    ...(Value.Check(nameSchema, name) ? [] : ['--name: 1–100 characters']),
  ];
}

/** Backups and restores by this command are the embedded database's; PostgreSQL has its own tools. */
function refuseOnPostgres(settings: Config, command: string): void {
  if (settings.databaseUrl !== null) {
    fail(
      `the database is PostgreSQL (DATABASE_URL): \`huimin ${command}\` is for the embedded database; ` +
        `use pg_dump / pg_restore as docs/operations.md describes, and keep the keys beside the dump`,
    );
  }
}

async function sqliteStep<T>(work: () => Promise<T> | T): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof SqliteBackupError) fail(error.message);
    throw error;
  }
}

function copyLine(done: string, copy: SqliteCopy): string {
  const newest = copy.migrations.at(-1) ?? 'none';
  return (
    `${done} ${copy.file}: ${(copy.bytes / 1024 / 1024).toFixed(1)} MiB, ${copy.pages} pages, ` +
    `${copy.migrations.length} migrations (newest ${newest}), ${Math.round(copy.durationMs)} ms`
  );
}

function sameFile(a: string, b: string): boolean {
  return readFileSync(a).equals(readFileSync(b));
}

export function registerOperationCommands(program: Command): void {
  program
    .command('admin')
    .description('accounts made on this machine, without signing in: the first administrator')
    .command('create')
    .description(
      'create an administrator (a staff account with the admin role) on the configured database, migrating it ' +
        'first; the password comes from standard input, or is asked for twice without echo at a terminal',
    )
    .requiredOption('--login <name>', 'the login: 3–40 lower-case letters, digits and ._-, starting with a letter')
    .requiredOption('--name <姓名>', 'the name shown in the audit log and the account list')
    .action(async (options: { login: string; name: string }) => {
      const problems = staffFieldProblems(options.login, options.name);
      if (problems.length > 0) fail(problems.join('\n'), 2);
      await withApplication(async ({ services }) => {
        await migrateToLatest(services.database);
        const password = await readPassword();
        if (password === null) fail('the two passwords differ; nothing was created');
        try {
          const account = await services.admin.createStaff(cliRequestContext(), {
            username: options.login,
            name: options.name,
            password,
            roles: [{ role: 'admin' }],
          });
          print(
            `${services.database.location}: created administrator ${account.username ?? options.login} ` +
              `(${account.name}), account ${account.id}; sign in at /sign-in`,
          );
        } catch (error) {
          if (error instanceof AppError) fail(`${error.code}: ${error.message}; nothing was created`);
          throw error;
        }
      });
    });

  program
    .command('backup')
    .description(
      'a consistent copy of the embedded database in FILE (a new file), taken while the server runs; ' +
        'on PostgreSQL use pg_dump (docs/operations.md)',
    )
    .argument('<file>', 'where the copy goes (must not exist)')
    .option('--with-keys', 'also copy the keys file to FILE.keys.json (whoever holds both can read the personal data)')
    .action(async (file: string, options: { withKeys?: boolean }) => {
      const settings = config();
      refuseOnPostgres(settings, 'backup');
      const target = path.resolve(file);
      const keysCopy = `${target}.keys.json`;
      if (options.withKeys === true && existsSync(keysCopy)) fail(`${keysCopy} exists; give a new file name`);
      const copy = await sqliteStep(() => backupSqlite(settings.dataDir, target));
      print(copyLine('backed up', copy));
      const keysInFile = existsSync(settings.keysFile);
      if (options.withKeys === true) {
        if (!keysInFile) {
          process.stderr.write(
            `huimin: no keys file at ${settings.keysFile}: the keys come from the environment ` +
              '(HUIMIN_PII_KEYS, HUIMIN_PII_HMAC_KEY, HUIMIN_AUDIT_SIGNING_KEY); keep them in your secret store\n',
          );
          return;
        }
        copyFileSync(settings.keysFile, keysCopy, fsConstants.COPYFILE_EXCL);
        chmodSync(keysCopy, 0o600);
        print(`copied the keys file to ${keysCopy}`);
        process.stderr.write(
          `huimin: WARNING: ${path.basename(keysCopy)} decrypts every ID number, mobile number and bank account in ` +
            `${path.basename(target)}: whoever holds both can read them. Keep the keys apart from the backup ` +
            '(another medium, another custodian) or encrypt the pair.\n',
        );
      } else if (keysInFile && settings.personalDataKeys === null) {
        process.stderr.write(
          `huimin: the backup holds no keys: keep ${settings.keysFile} safe as well (or back up with --with-keys); ` +
            'without it the personal data in the backup cannot be read\n',
        );
      }
    });

  program
    .command('restore')
    .description(
      'put a backup made by `huimin backup` in the data folder as its database, with the keys file beside it ' +
        '(FILE.keys.json) if there is one; only into a data folder without a database',
    )
    .argument('<file>', 'the backup')
    .action(async (file: string) => {
      const settings = config();
      refuseOnPostgres(settings, 'restore');
      const backup = path.resolve(file);
      const keysBeside = `${backup}.keys.json`;
      const hasKeys = existsSync(keysBeside);
      // Checked before anything is written: a restore either completes or leaves the folder as it was.
      if (hasKeys && existsSync(settings.keysFile) && !sameFile(keysBeside, settings.keysFile)) {
        fail(
          `${settings.keysFile} exists and differs from ${keysBeside}: restore into an empty data folder ` +
            '(set HUIMIN_DATA_DIR to a new one)',
        );
      }
      const { migrations } = await sqliteStep(() => inspectSqlite(backup));
      const unknown = migrations.filter((name) => !knownMigrations().includes(name));
      if (unknown.length > 0) {
        fail(`the backup was taken by a newer huimin (migrations ${unknown.join(', ')}): restore it with that version`);
      }
      const copy = await sqliteStep(() => restoreSqlite(backup, settings.dataDir));
      print(copyLine('restored', copy));
      if (hasKeys && !existsSync(settings.keysFile)) {
        copyFileSync(keysBeside, settings.keysFile, fsConstants.COPYFILE_EXCL);
        chmodSync(settings.keysFile, 0o600);
        print(`restored the keys file to ${settings.keysFile}`);
      } else if (!hasKeys && !existsSync(settings.keysFile) && settings.personalDataKeys === null) {
        process.stderr.write(
          `huimin: no keys came with the backup: before starting the server, put the keys file it was taken with at ` +
            `${settings.keysFile} (or set HUIMIN_PII_KEYS and HUIMIN_PII_HMAC_KEY); a server started without them ` +
            'makes new keys and cannot read the personal data\n',
        );
      }
    });
}
