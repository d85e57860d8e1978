/**
 * Signed statements of both chains' heads, kept outside the database (docs/access.md). A chain in the
 * database cannot show a rewrite of its entries from some point on together with its head; a
 * statement published earlier can: the entry at the stated sequence no longer has the stated hash, or
 * the head has gone back.
 *
 * Statements are files in the statements folder: `YYYY-MM-DD.json` for the daily one (the business
 * date, China Standard Time), `YYYY-MM-DDTHH-MM-SS.sssZ.json` for one asked for. Publishing one is an
 * audit entry (`audit.statement_published`). Before publishing, the chains are compared with the
 * newest statement already in the folder: a chain rewritten since is reported, not endorsed by a
 * new signature.
 */
import { createHash, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { AuditRepository } from '../../db/audit-repository.js';
import {
  STATEMENT_CHAINS,
  STATEMENT_FORMAT,
  compareWithStatement,
  signatureFinding,
  statementSigningText,
  type AuditStatement,
  type StatedHead,
  type StatementChain,
  type StatementFinding,
  type UnsignedStatement,
} from '../../domain/audit/index.js';
import { businessDate } from '../../domain/budget/calendar.js';
import { AppError } from '../../shared/errors.js';
import { writeOnce, type WriteStore } from '../idempotent-write.js';
import type { AuditContext, AuditLog } from './audit-log.js';

export interface StatementCheck {
  readonly ok: boolean;
  /** Whether the signature verified against the configured key. */
  readonly signatureOk: boolean;
  readonly keyId: string;
  readonly issuedAt: string;
  /** What the statement said, and each chain's head now. */
  readonly chains: Readonly<Record<StatementChain, { readonly stated: StatedHead; readonly head: StatedHead }>>;
  /** Every disagreement found; empty when ok. */
  readonly findings: StatementFinding[];
}

export interface PublishedStatement {
  readonly statement: AuditStatement;
  /** The file's name in the statements folder. */
  readonly file: string;
}

export interface AuditStatementsOptions {
  /** Where a publication's audit entry is written (writeOnce). */
  readonly store: WriteStore;
  readonly audit: AuditLog;
  /** The security chain's repository. */
  readonly security: AuditRepository;
  /** null: none configured (verification only; a statement then fails with `no_key`). */
  readonly signingKey: KeyObject | null;
  readonly folder: string;
  readonly now: () => Date;
}

/** The public half of a signing key, SPKI DER in base64, and its id. */
export function publicKeyOf(privateKey: KeyObject): { publicKey: string; keyId: string } {
  const der = createPublicKey(privateKey).export({ format: 'der', type: 'spki' });
  return { publicKey: der.toString('base64'), keyId: createHash('sha256').update(der).digest('hex').slice(0, 16) };
}

const HASH = /^[0-9a-f]{64}$/;

/** The statement in `value`, or null when it is not shaped like one (a file that is not a statement). */
export function asStatement(value: unknown): AuditStatement | null {
  if (typeof value !== 'object' || value === null) return null;
  const candidate = value as Partial<Record<keyof AuditStatement, unknown>>;
  const chains = candidate.chains as Partial<Record<StatementChain, Partial<StatedHead>>> | undefined;
  const headOk = (head: Partial<StatedHead> | undefined) =>
    head !== undefined &&
    Number.isSafeInteger(head.sequence) &&
    (head.sequence ?? -1) >= 0 &&
    typeof head.hash === 'string' &&
    HASH.test(head.hash);
  const shaped =
    candidate.format === STATEMENT_FORMAT &&
    (candidate.kind === 'daily' || candidate.kind === 'on_demand') &&
    typeof candidate.issuedAt === 'string' &&
    typeof candidate.keyId === 'string' &&
    typeof candidate.publicKey === 'string' &&
    typeof candidate.signature === 'string' &&
    typeof chains === 'object' &&
    chains !== null &&
    STATEMENT_CHAINS.every((chain) => headOk(chains[chain]));
  return shaped ? (value as AuditStatement) : null;
}

export class AuditStatements {
  readonly folder: string;
  readonly #options: AuditStatementsOptions;
  readonly #key: { publicKey: string; keyId: string } | null;

  constructor(options: AuditStatementsOptions) {
    this.#options = options;
    this.folder = options.folder;
    this.#key = options.signingKey === null ? null : publicKeyOf(options.signingKey);
  }

  /** The configured key's id, or null. */
  get keyId(): string | null {
    return this.#key?.keyId ?? null;
  }

  /** The file name of a daily statement for `at`'s business date. */
  static dailyFile(at: Date): string {
    return `${businessDate(at)}.json`;
  }

  async hasDaily(at: Date): Promise<boolean> {
    return (await this.#files()).includes(AuditStatements.dailyFile(at));
  }

  /**
   * Signs and writes a statement of both chains' heads as they are now, after comparing the chains
   * with the newest statement in the folder (AUDIT_CHAIN_REWRITTEN when they disagree), and appends
   * `audit.statement_published`; the file is written inside that entry's transaction, so a failure
   * of either leaves no half.
   */
  async publish(kind: 'daily' | 'on_demand', context: AuditContext): Promise<PublishedStatement> {
    const { signingKey, audit, security, store, now } = this.#options;
    if (signingKey === null || this.#key === null) throw new Error('no audit signing key is configured');
    const previous = await this.latest();
    if (previous !== null) {
      const check = await this.check(previous);
      if (check.signatureOk && !check.ok) {
        throw new AppError(
          'AUDIT_CHAIN_REWRITTEN',
          `the chains no longer match the statement of ${previous.issuedAt}: ` +
            check.findings.map((finding) => finding.messageEn).join('; '),
        );
      }
    }
    const at = now();
    const unsigned: UnsignedStatement = {
      format: STATEMENT_FORMAT,
      kind,
      issuedAt: at.toISOString(),
      chains: { audit: await audit.repository.head(), security: await security.head() },
      keyId: this.#key.keyId,
      publicKey: this.#key.publicKey,
    };
    const signature = sign(null, Buffer.from(statementSigningText(unsigned), 'utf8'), signingKey).toString('base64');
    const statement: AuditStatement = { ...unsigned, signature };
    const file = kind === 'daily' ? AuditStatements.dailyFile(at) : `${at.toISOString().replace(/:/g, '-')}.json`;
    await mkdir(this.folder, { recursive: true });
    await writeOnce(store, null, async (trx) => {
      await audit.append(trx, context, {
        action: 'audit.statement_published',
        subject: `audit-statement:${file}`,
        after: {
          file,
          kind,
          issuedAt: statement.issuedAt,
          chains: statement.chains,
          keyId: statement.keyId,
          signature,
        },
      });
      const temporary = path.join(this.folder, `.${file}.${process.pid}.tmp`);
      await writeFile(temporary, `${JSON.stringify(statement, null, 2)}\n`, { mode: 0o644 });
      await rename(temporary, path.join(this.folder, file));
    });
    return { statement, file };
  }

  /** The newest statement in the folder (by issuedAt), or null when there is none. */
  async latest(): Promise<AuditStatement | null> {
    let newest: AuditStatement | null = null;
    for (const file of await this.#files()) {
      const statement = await this.read(path.join(this.folder, file)).catch(() => null);
      if (statement !== null && (newest === null || statement.issuedAt > newest.issuedAt)) newest = statement;
    }
    return newest;
  }

  /** The statement in a file; throws when it is not one. */
  async read(file: string): Promise<AuditStatement> {
    const text = await readFile(file, 'utf8');
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new Error(`${file} is not JSON`);
    }
    const statement = asStatement(parsed);
    if (statement === null) throw new Error(`${file} is not an audit statement (${STATEMENT_FORMAT})`);
    return statement;
  }

  /**
   * Checks a statement: its signature against the configured key (another key's statement fails),
   * then, for each chain, that the head has not gone back and that the entry at the stated sequence
   * still has the stated hash. A sound chain that passes is unchanged up to the stated sequence.
   */
  async check(statement: AuditStatement): Promise<StatementCheck> {
    const findings: StatementFinding[] = [];
    let signatureOk = false;
    if (this.#key === null) findings.push(signatureFinding('no_key', statement.keyId));
    else if (statement.publicKey !== this.#key.publicKey) findings.push(signatureFinding('other_key', statement.keyId));
    else {
      signatureOk = verifySignature(statement, this.#key.publicKey);
      if (!signatureOk) findings.push(signatureFinding('bad_signature', statement.keyId));
    }
    const repositories: Record<StatementChain, AuditRepository> = {
      audit: this.#options.audit.repository,
      security: this.#options.security,
    };
    const chains = {} as Record<StatementChain, { stated: StatedHead; head: StatedHead }>;
    for (const chain of STATEMENT_CHAINS) {
      const repository = repositories[chain];
      const stated = statement.chains[chain];
      const head = await repository.head();
      const entry = stated.sequence === 0 ? undefined : await repository.entryAt(stated.sequence);
      const finding = compareWithStatement(chain, stated, head, entry?.hash);
      if (finding !== null) findings.push(finding);
      chains[chain] = { stated: { sequence: stated.sequence, hash: stated.hash }, head };
    }
    return {
      ok: findings.length === 0,
      signatureOk,
      keyId: statement.keyId,
      issuedAt: statement.issuedAt,
      chains,
      findings,
    };
  }

  async #files(): Promise<string[]> {
    try {
      return (await readdir(this.folder)).filter((name) => name.endsWith('.json') && !name.startsWith('.'));
    } catch (error) {
      if ((error as { code?: unknown }).code === 'ENOENT') return [];
      throw error;
    }
  }
}

function verifySignature(statement: AuditStatement, publicKey: string): boolean {
  try {
    const key = createPublicKey({ key: Buffer.from(publicKey, 'base64'), format: 'der', type: 'spki' });
    const text = Buffer.from(statementSigningText(statement), 'utf8');
    return verify(null, text, key, Buffer.from(statement.signature, 'base64'));
  } catch {
    return false;
  }
}
