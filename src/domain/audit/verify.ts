import { GENESIS_HASH, hashEntry, type AuditEntry, type Sha256 } from './entry.js';

export type ChainProblem =
  | 'hash_mismatch'
  | 'broken_link'
  | 'sequence_gap'
  | 'sequence_out_of_order'
  | 'not_genesis'
  /** The chain is sound but does not end where the separately kept head says (rows cut from the end). */
  | 'head_mismatch';

export type BrokenLink = {
  /** The sequence number as found on the offending row. */
  sequence: number;
  /** 0-based index of the offending row in the order it was given. */
  position: number;
  problem: ChainProblem;
  /** zh-CN explanation. */
  message: string;
  messageEn: string;
};

export type ChainVerification =
  | { ok: true; count: number; lastHash: string }
  /** `count` is the number of entries checked, the broken one included. */
  | { ok: false; count: number; firstBroken: BrokenLink };

/** Where verification resumes: the last entry already known to be good. */
export type ChainCheckpoint = { sequence: number; hash: string };

/**
 * Verifies a chain one entry at a time, so a service can stream millions of rows page by page.
 * Entries must be pushed in stored (sequence) order. After the first problem further pushes are
 * ignored; `result()` reports that first problem.
 *
 * Each entry is checked in this order: its own hash (catches any changed field, including
 * `sequence`, `previousHash` and `hash`), then its sequence against the previous entry's (gap or
 * out of order; for the first entry, that it starts the chain), then its link to the previous hash.
 *
 * What a hash chain cannot see by itself: rows removed from the end, or rows appended with correctly
 * computed hashes by someone who can write to the store. Compare `count`/`lastHash` against an
 * independently kept head (or a checkpoint) to catch those.
 */
export class ChainVerifier {
  readonly #sha256: Sha256;
  #count = 0;
  #lastSequence: number;
  #lastHash: string;
  #broken: BrokenLink | null = null;
  /** True until the first entry is accepted when verifying from the start of the chain. */
  #atGenesis: boolean;

  /** Without `from`, the first entry pushed must be sequence 1 with the genesis hash. */
  constructor(sha256: Sha256, from?: ChainCheckpoint) {
    this.#sha256 = sha256;
    this.#lastSequence = from?.sequence ?? 0;
    this.#lastHash = from?.hash ?? GENESIS_HASH;
    this.#atGenesis = from === undefined;
  }

  /** Checks one entry; returns false once the chain is known to be broken. */
  push(entry: AuditEntry): boolean {
    if (this.#broken !== null) return false;
    const position = this.#count;
    this.#count += 1;
    const problem = this.#check(entry);
    if (problem === null) {
      this.#lastSequence = entry.sequence;
      this.#lastHash = entry.hash;
      this.#atGenesis = false;
      return true;
    }
    this.#broken = { sequence: entry.sequence, position, problem, ...describe(problem, entry, this.#lastSequence) };
    return false;
  }

  result(): ChainVerification {
    if (this.#broken !== null) return { ok: false, count: this.#count, firstBroken: this.#broken };
    return { ok: true, count: this.#count, lastHash: this.#lastHash };
  }

  #check(entry: AuditEntry): ChainProblem | null {
    if (hashEntry(entry, this.#sha256) !== entry.hash) return 'hash_mismatch';
    const expected = this.#lastSequence + 1;
    if (this.#atGenesis && (entry.sequence !== 1 || entry.previousHash !== GENESIS_HASH)) return 'not_genesis';
    if (!Number.isSafeInteger(entry.sequence) || entry.sequence < expected) return 'sequence_out_of_order';
    if (entry.sequence > expected) return 'sequence_gap';
    if (entry.previousHash !== this.#lastHash) return 'broken_link';
    return null;
  }
}

/** Verifies a whole chain given in stored order; see {@link ChainVerifier}. */
export function verifyChain(entries: Iterable<AuditEntry>, sha256: Sha256, from?: ChainCheckpoint): ChainVerification {
  const verifier = new ChainVerifier(sha256, from);
  for (const entry of entries) {
    if (!verifier.push(entry)) break;
  }
  return verifier.result();
}

/**
 * Compares a sound chain with its separately kept head: a chain whose last rows were removed (or that
 * had rows appended behind the head's back) is consistent in itself, and only the head tells.
 * `verification` must start from genesis or from a checkpoint, and cover the whole remaining chain.
 */
export function checkHead(
  verification: ChainVerification,
  head: ChainCheckpoint,
  from?: ChainCheckpoint,
): ChainVerification {
  if (!verification.ok) return verification;
  const lastSequence = (from?.sequence ?? 0) + verification.count;
  if (lastSequence === head.sequence && verification.lastHash === head.hash) return verification;
  return {
    ok: false,
    count: verification.count,
    firstBroken: {
      sequence: lastSequence,
      position: verification.count,
      problem: 'head_mismatch',
      message:
        lastSequence < head.sequence
          ? `审计链只到第 ${lastSequence} 条，而链头记录为第 ${head.sequence} 条：末尾的记录可能被删除`
          : `审计链的最后一条记录（第 ${lastSequence} 条）与链头记录（第 ${head.sequence} 条）不符：记录可能被追加或替换`,
      messageEn:
        lastSequence < head.sequence
          ? `the audit chain ends at entry ${lastSequence} but its head says ${head.sequence}: entries at the end may have been deleted`
          : `the last audit entry (${lastSequence}) does not match the head (${head.sequence}): entries may have been appended or replaced`,
    },
  };
}

/**
 * A chain verified up to its head (see {@link checkHead}) that has a row stored beyond the head:
 * appended behind the head's back, since a real append moves the head in the same transaction.
 * `sequence` is the first such row's.
 */
export function storedBeyondHead(verification: ChainVerification, sequence: number): ChainVerification {
  if (!verification.ok) return verification;
  return {
    ok: false,
    count: verification.count,
    firstBroken: {
      sequence,
      position: verification.count,
      problem: 'head_mismatch',
      message: `第 ${sequence} 条审计记录位于链头之后：记录可能被绕过链头追加`,
      messageEn: `audit entry ${sequence} is stored beyond the head: entries may have been appended behind its back`,
    },
  };
}

function describe(
  problem: ChainProblem,
  entry: AuditEntry,
  lastSequence: number,
): { message: string; messageEn: string } {
  const n = entry.sequence;
  switch (problem) {
    case 'hash_mismatch':
      return {
        message: `第 ${n} 条审计记录的哈希值与内容不符，记录可能被篡改`,
        messageEn: `audit entry ${n}: hash does not match its contents; the entry may have been altered`,
      };
    case 'broken_link':
      return {
        message: `第 ${n} 条审计记录的前序哈希与上一条记录不符，链条在此断开`,
        messageEn: `audit entry ${n}: previous hash does not match the entry before it; the chain is broken here`,
      };
    case 'sequence_gap':
      return {
        message: `审计记录序号不连续：应为 ${lastSequence + 1}，实际为 ${n}，可能有记录被删除`,
        messageEn: `audit sequence gap: expected ${lastSequence + 1}, found ${n}; entries may have been deleted`,
      };
    case 'sequence_out_of_order':
      return {
        message: `审计记录序号顺序错误：应为 ${lastSequence + 1}，实际为 ${n}，记录可能被插入或调换`,
        messageEn: `audit sequence out of order: expected ${lastSequence + 1}, found ${n}; entries may have been inserted or reordered`,
      };
    case 'head_mismatch':
      return {
        message: `第 ${n} 条审计记录与链头记录不符`,
        messageEn: `audit entry ${n} does not match the head`,
      };
    case 'not_genesis':
      return {
        message: `审计链的第一条记录（序号 ${n}）不是起始记录：应为序号 1 且前序哈希为全零`,
        messageEn: `the first audit entry (sequence ${n}) does not start the chain: expected sequence 1 with the all-zero previous hash`,
      };
  }
}
