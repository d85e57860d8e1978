/**
 * A lottery anyone can check (issue 13 §3; registration then draw, as Shanghai 2025 and Hunan 2025 run them,
 * notarised: sources/reference.md). The procedure, which `huimin voucher verify-draw ROUND` re-runs:
 *
 * 1. Before registration closes the platform publishes the commitment: sha256(seed), where the seed is 64
 *    lower-case hex digits (256 random bits) kept secret until the draw.
 * 2. Each registrant is published as an entry hash sha256(`${roundId}:${registrantKey}`); the registrantKey is
 *    an opaque id (never a mobile or ID number: refused), so a citizen can find their own entry and nobody
 *    else's identity. When registration closes the list digest is published: sha256 of the sorted entry hashes
 *    joined by '\n'.
 * 3. After the close the seed is revealed. Each entry's score is sha256(`${seed}:${entryHash}`); the winners are
 *    the `quantity` entries with the lowest scores (hex order is numeric order), ties — never seen in practice —
 *    broken by the lower entry hash. The result depends on the seed and the set of entries, not their order.
 *
 * Hashing is injected (`Sha256`, as the audit chain does: domain/audit/entry.ts) so the domain stays pure;
 * every text is hashed as its UTF-8 bytes and answered as 64 lower-case hex digits.
 * Limit, said plainly: whoever holds the seed before the close could compute which extra entries would win;
 * real-name registration (one entry per signed-in citizen) and the list digest published at the close are what
 * bound that — an entry added after the close shows as `list_changed`.
 */
import type { Sha256 } from '../audit/entry.js';
import { personalDataIn } from '../identity/personal-data.js';
import type { DrawProblem } from './vocabulary.js';

const HEX_64 = /^[0-9a-f]{64}$/;

export function isSeed(seed: string): boolean {
  return HEX_64.test(seed);
}

export function isEntryHash(hash: string): boolean {
  return HEX_64.test(hash);
}

function requireSeed(seed: string): void {
  if (!isSeed(seed)) throw new RangeError('a seed is 64 lower-case hex digits');
}

/** What is published before registration closes: sha256(seed). */
export function commitmentOf(seed: string, sha256: Sha256): string {
  requireSeed(seed);
  return sha256(seed);
}

/** One registrant's published entry: sha256(`${roundId}:${registrantKey}`); refuses personal data as the key. */
export function entryHashOf(roundId: string, registrantKey: string, sha256: Sha256): string {
  if (roundId.length === 0 || registrantKey.length === 0)
    throw new RangeError('roundId and registrantKey are required');
  if (roundId.includes(':')) throw new RangeError('roundId must not contain ":"');
  if (personalDataIn(registrantKey) !== null) {
    throw new RangeError('registrantKey must be an opaque id, never a mobile or ID number');
  }
  return sha256(`${roundId}:${registrantKey}`);
}

/** Problems of an entry list: malformed hashes or a registrant listed twice. */
function listProblems(entryHashes: readonly string[]): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const hash of entryHashes) {
    if (!isEntryHash(hash)) problems.push(`not an entry hash: ${hash.slice(0, 80)}`);
    else if (seen.has(hash)) problems.push(`listed twice: ${hash}`);
    seen.add(hash);
  }
  return problems;
}

function requireList(entryHashes: readonly string[]): void {
  const problems = listProblems(entryHashes);
  if (problems.length > 0) throw new RangeError(`invalid entry list: ${problems.slice(0, 3).join('; ')}`);
}

function sortedHashes(entryHashes: readonly string[]): string[] {
  return [...entryHashes].sort();
}

/** The digest of the registrant list, published when registration closes: sha256(sorted hashes joined by '\n'). */
export function listDigest(entryHashes: readonly string[], sha256: Sha256): string {
  requireList(entryHashes);
  return sha256(sortedHashes(entryHashes).join('\n'));
}

export interface ScoredEntry {
  readonly entryHash: string;
  /** sha256(`${seed}:${entryHash}`). */
  readonly score: string;
}

/** Every entry with its score, best (lowest) first: the full draw order (a waiting list, if one is used). */
export function drawOrder(seed: string, entryHashes: readonly string[], sha256: Sha256): ScoredEntry[] {
  requireSeed(seed);
  requireList(entryHashes);
  return sortedHashes(entryHashes)
    .map((entryHash) => ({ entryHash, score: sha256(`${seed}:${entryHash}`) }))
    .sort((a, b) =>
      a.score < b.score
        ? -1
        : a.score > b.score
          ? 1
          : a.entryHash < b.entryHash
            ? -1
            : a.entryHash > b.entryHash
              ? 1
              : 0,
    );
}

/** The winners' entry hashes in draw order: the min(quantity, n) entries with the lowest scores. */
export function drawWinners(seed: string, entryHashes: readonly string[], quantity: number, sha256: Sha256): string[] {
  if (!Number.isSafeInteger(quantity) || quantity < 0) throw new RangeError('quantity must be a whole number ≥ 0');
  return drawOrder(seed, entryHashes, sha256)
    .slice(0, quantity)
    .map((entry) => entry.entryHash);
}

export interface PublishedDraw {
  /** Published before registration closed. */
  readonly commitment: string;
  /** Published when registration closed. */
  readonly listDigest: string;
  /** Revealed after the draw. */
  readonly seed: string;
  /** The registrant list as now shown. */
  readonly entryHashes: readonly string[];
  /** The winners as published (their order does not matter). */
  readonly winners: readonly string[];
  readonly quantity: number;
}

export interface DrawFinding {
  readonly problem: DrawProblem;
  readonly detail: string;
}

export interface DrawVerification {
  readonly ok: boolean;
  readonly findings: readonly DrawFinding[];
  /** The winners recomputed from the seed and the list (empty if the seed, list or quantity is unusable). */
  readonly expectedWinners: readonly string[];
}

/**
 * Re-checks a published draw: the seed matches its commitment, the list matches the digest published at the
 * close, and the winners are the ones the seed and list give (compared as sets). Every problem is reported.
 */
export function verifyDraw(draw: PublishedDraw, sha256: Sha256): DrawVerification {
  const findings: DrawFinding[] = [];
  const seedUsable = isSeed(draw.seed);
  if (!seedUsable || sha256(draw.seed) !== draw.commitment) {
    findings.push({
      problem: 'seed_mismatch',
      detail: seedUsable ? 'sha256(seed) differs from the published commitment' : 'the seed is not 64 hex digits',
    });
  }
  const problems = listProblems(draw.entryHashes);
  const listUsable = problems.length === 0;
  if (!listUsable) findings.push({ problem: 'list_invalid', detail: problems.slice(0, 5).join('; ') });
  else if (listDigest(draw.entryHashes, sha256) !== draw.listDigest) {
    findings.push({ problem: 'list_changed', detail: 'the list digest differs from the one published at the close' });
  }
  const quantityUsable = Number.isSafeInteger(draw.quantity) && draw.quantity >= 0;
  if (!quantityUsable) findings.push({ problem: 'winners_differ', detail: 'the quantity is not a whole number ≥ 0' });
  if (!seedUsable || !listUsable || !quantityUsable) return { ok: false, findings, expectedWinners: [] };
  const expectedWinners = drawWinners(draw.seed, draw.entryHashes, draw.quantity, sha256);
  const expected = new Set(expectedWinners);
  const published = new Set(draw.winners);
  const missing = expectedWinners.filter((hash) => !published.has(hash));
  const extra = [...published].filter((hash) => !expected.has(hash));
  const repeated = draw.winners.length !== published.size;
  if (missing.length > 0 || extra.length > 0 || repeated) {
    findings.push({
      problem: 'winners_differ',
      detail: `${missing.length} expected winner(s) not published, ${extra.length} published winner(s) not expected${
        repeated ? ', a winner published twice' : ''
      }`,
    });
  }
  return { ok: findings.length === 0, findings, expectedWinners };
}
