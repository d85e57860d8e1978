import { canonicalJson } from '../shared/canonical-json.js';
import { GENESIS_HASH } from './entry.js';

/**
 * A signed statement of the chains' heads, published outside the database (docs/access.md): someone
 * who rewrites entries and recomputes every hash and the head passes a plain verification, but the
 * entry at a stated sequence no longer has the stated hash.
 *
 * The signature is Ed25519 over the UTF-8 bytes of {@link statementSigningText}: the canonical JSON
 * (keys sorted at every depth, no white space; see src/domain/audit/entry.ts) of the statement without
 * its `signature` field. An auditor re-implements it with any Ed25519 library and the public key.
 */
export const STATEMENT_FORMAT = 'huimin-audit-statement/1';

export const STATEMENT_CHAINS = ['audit', 'security'] as const;
export type StatementChain = (typeof STATEMENT_CHAINS)[number];

export interface StatedHead {
  readonly sequence: number;
  readonly hash: string;
}

export interface UnsignedStatement {
  readonly format: typeof STATEMENT_FORMAT;
  /** `daily` (one per business day) or `on_demand`. */
  readonly kind: 'daily' | 'on_demand';
  /** ISO 8601, UTC. */
  readonly issuedAt: string;
  readonly chains: Readonly<Record<StatementChain, StatedHead>>;
  /** First 16 hex digits of SHA-256 of the public key's SPKI DER bytes. */
  readonly keyId: string;
  /** The Ed25519 public key, SPKI DER in base64. */
  readonly publicKey: string;
}

export interface AuditStatement extends UnsignedStatement {
  /** Ed25519 signature of {@link statementSigningText}, base64. */
  readonly signature: string;
}

/** The text a statement's signature covers. */
export function statementSigningText(statement: UnsignedStatement | AuditStatement): string {
  const { format, kind, issuedAt, chains, keyId, publicKey } = statement;
  return canonicalJson({ format, kind, issuedAt, chains, keyId, publicKey });
}

export type StatementProblem =
  /** Signed by another key than the one configured. */
  | 'other_key'
  | 'bad_signature'
  | 'no_key'
  /** The chain's head is now below the stated sequence: entries were cut off. */
  | 'head_went_back'
  /** No entry is stored at the stated sequence. */
  | 'entry_missing'
  /** The entry at the stated sequence has another hash: the chain was rewritten. */
  | 'hash_differs';

export interface StatementFinding {
  /** null for the signature. */
  readonly chain: StatementChain | null;
  readonly problem: StatementProblem;
  readonly message: string;
  readonly messageEn: string;
}

const LABELS: Record<StatementChain, { zh: string; en: string }> = {
  audit: { zh: '审计链', en: 'audit chain' },
  security: { zh: '安全事件链', en: 'security chain' },
};

/**
 * Compares one chain as stored now with what a statement said of it: the head may only have moved
 * on, and the entry at the stated sequence must still carry the stated hash (for sequence 0, the
 * empty chain, the stated hash must be the genesis hash). `entryHash` is the hash of the entry stored
 * at `stated.sequence`, or undefined when there is none. Returns null when they agree.
 */
export function compareWithStatement(
  chain: StatementChain,
  stated: StatedHead,
  head: StatedHead,
  entryHash: string | undefined,
): StatementFinding | null {
  const { zh, en } = LABELS[chain];
  const n = stated.sequence;
  if (head.sequence < n) {
    return {
      chain,
      problem: 'head_went_back',
      message: `${zh}的链头为第 ${head.sequence} 条，而声明中为第 ${n} 条：链头被回退，末尾的记录可能被删除`,
      messageEn: `the ${en} head is at entry ${head.sequence} but the statement says ${n}: the head went back; entries at the end may have been deleted`,
    };
  }
  const actual = n === 0 ? GENESIS_HASH : entryHash;
  if (actual === undefined) {
    return {
      chain,
      problem: 'entry_missing',
      message: `${zh}中已没有声明中的第 ${n} 条记录`,
      messageEn: `the ${en} no longer has entry ${n}, which the statement names`,
    };
  }
  if (actual !== stated.hash) {
    return {
      chain,
      problem: 'hash_differs',
      message: `${zh}第 ${n} 条记录的哈希值与声明不符：该记录或其之前的记录在声明之后被改写`,
      messageEn: `${en} entry ${n} has another hash than the statement says: it or an entry before it was rewritten after the statement`,
    };
  }
  return null;
}

export function signatureFinding(problem: 'other_key' | 'bad_signature' | 'no_key', keyId: string): StatementFinding {
  switch (problem) {
    case 'other_key':
      return {
        chain: null,
        problem,
        message: `声明由另一把密钥（${keyId}）签署，不是本系统配置的审计签名密钥`,
        messageEn: `the statement was signed by another key (${keyId}), not the configured audit signing key`,
      };
    case 'bad_signature':
      return {
        chain: null,
        problem,
        message: '声明的签名无效：声明内容在签署后被改动，或签名不属于该密钥',
        messageEn:
          'the signature does not verify: the statement was changed after signing, or is not signed by its key',
      };
    case 'no_key':
      return {
        chain: null,
        problem,
        message: '没有配置审计签名密钥，无法核对声明的签名',
        messageEn: 'no audit signing key is configured, so the signature cannot be checked',
      };
  }
}
