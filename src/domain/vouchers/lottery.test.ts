import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sha256 } from '../../../test/support/sha256.js';
import {
  commitmentOf,
  drawOrder,
  drawWinners,
  entryHashOf,
  listDigest,
  verifyDraw,
  type PublishedDraw,
} from './lottery.js';

const SEED = 'a'.repeat(64);
const hex64 = fc.stringMatching(/^[0-9a-f]{64}$/);
const entries = fc.uniqueArray(hex64, { maxLength: 40 });

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** An independent re-implementation of the published procedure, as an outside checker would write it. */
function reference(seed: string, hashes: readonly string[], quantity: number): string[] {
  return hashes
    .map((hash) => ({ hash, score: sha256(`${seed}:${hash}`) }))
    .sort((a, b) => compare(a.score, b.score) || compare(a.hash, b.hash))
    .slice(0, quantity)
    .map((entry) => entry.hash);
}

function published(seed: string, hashes: readonly string[], quantity: number): PublishedDraw {
  return {
    commitment: commitmentOf(seed, sha256),
    listDigest: listDigest(hashes, sha256),
    seed,
    entryHashes: hashes,
    winners: drawWinners(seed, hashes, quantity, sha256),
    quantity,
  };
}

describe('a lottery anyone can check', () => {
  it('publishes sha256 of the seed, entries as sha256 of roundId:registrantKey, and a digest of the sorted list', () => {
    // sha256('a' × 64), as `printf %s aaa…a | sha256sum` prints it
    expect(commitmentOf(SEED, sha256)).toBe('ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb');
    expect(entryHashOf('r1', 'acct-7f3a', sha256)).toBe(sha256('r1:acct-7f3a'));
    const list = ['b'.repeat(64), 'c'.repeat(64), 'a'.repeat(64)];
    expect(listDigest(list, sha256)).toBe(sha256(['a'.repeat(64), 'b'.repeat(64), 'c'.repeat(64)].join('\n')));
    expect(() => commitmentOf('not a seed', sha256)).toThrow(RangeError);
  });

  it('a fixed example an outside checker can reproduce (registrants u1…u5 of round r1, 2 packs)', () => {
    const seed = sha256('huimin lottery example seed');
    expect(seed).toBe('52b66a19d07fecad18fc42fb67855c2056389c9a95dde120eeadb4c62b9abe7e');
    const list = ['u1', 'u2', 'u3', 'u4', 'u5'].map((key) => entryHashOf('r1', key, sha256));
    expect(list[3]).toBe('dcf1220a598a035edd28fe3e964d288fd9f3c44a03ae3ba2a2094fc9f38a74cc');
    expect(listDigest(list, sha256)).toBe('7d51970cc5395b0d04e61ed87dd9275fed9f501c4842922b8152280a01cbef9e');
    expect(drawWinners(seed, list, 2, sha256)).toEqual([list[3], list[1]]);
  });

  it('refuses personal data as a registrant key, and a list with a registrant twice', () => {
    expect(() => entryHashOf('r1', '13800138000', sha256)).toThrow(/opaque/);
    expect(() => entryHashOf('r1', '11010519491231002X', sha256)).toThrow(/opaque/);
    expect(() => listDigest(['a'.repeat(64), 'a'.repeat(64)], sha256)).toThrow(RangeError);
  });

  it('follows the published procedure exactly (an independent re-implementation agrees)', () => {
    fc.assert(
      fc.property(hex64, entries, fc.nat({ max: 50 }), (seed, hashes, quantity) => {
        expect(drawWinners(seed, hashes, quantity, sha256)).toEqual(reference(seed, hashes, quantity));
      }),
    );
  });

  it('is deterministic, independent of list order, and picks exactly min(quantity, n) distinct registrants', () => {
    fc.assert(
      fc.property(hex64, entries, fc.nat({ max: 50 }), fc.nat(), (seed, hashes, quantity, shift) => {
        const winners = drawWinners(seed, hashes, quantity, sha256);
        expect(drawWinners(seed, hashes, quantity, sha256)).toEqual(winners);
        const rotated = hashes.map((_, index) => hashes[(index + shift) % hashes.length]!).reverse();
        expect(drawWinners(seed, rotated, quantity, sha256)).toEqual(winners);
        expect(winners.length).toBe(Math.min(quantity, hashes.length));
        expect(new Set(winners).size).toBe(winners.length);
        expect(winners.every((winner) => hashes.includes(winner))).toBe(true);
        // every winner scores below every non-winner
        const order = drawOrder(seed, hashes, sha256);
        const cut = order[winners.length - 1]?.score;
        if (cut !== undefined) {
          expect(order.slice(winners.length).every((entry) => entry.score >= cut)).toBe(true);
        }
      }),
    );
  });

  it('an honest draw verifies', () => {
    fc.assert(
      fc.property(hex64, entries, fc.nat({ max: 50 }), (seed, hashes, quantity) => {
        const result = verifyDraw(published(seed, hashes, quantity), sha256);
        expect(result).toEqual({
          ok: true,
          findings: [],
          expectedWinners: drawWinners(seed, hashes, quantity, sha256),
        });
        // the winners' published order does not matter
        const draw = published(seed, hashes, quantity);
        expect(verifyDraw({ ...draw, winners: [...draw.winners].reverse() }, sha256).ok).toBe(true);
      }),
    );
  });

  it('detects a changed seed', () => {
    fc.assert(
      fc.property(hex64, hex64, entries, fc.nat({ max: 50 }), (seed, other, hashes, quantity) => {
        fc.pre(seed !== other);
        const draw = published(seed, hashes, quantity);
        const problems = verifyDraw({ ...draw, seed: other }, sha256).findings.map((finding) => finding.problem);
        expect(problems).toContain('seed_mismatch');
      }),
    );
    expect(verifyDraw({ ...published(SEED, [], 1), seed: 'x' }, sha256).findings[0]?.problem).toBe('seed_mismatch');
  });

  it('detects a registrant added or removed after the close', () => {
    fc.assert(
      fc.property(hex64, entries, hex64, fc.nat({ max: 50 }), fc.nat(), (seed, hashes, added, quantity, pick) => {
        fc.pre(!hashes.includes(added));
        const draw = published(seed, hashes, quantity);
        const withAdded = verifyDraw({ ...draw, entryHashes: [...hashes, added] }, sha256);
        expect(withAdded.findings.map((finding) => finding.problem)).toContain('list_changed');
        if (hashes.length > 0) {
          const removed = hashes.filter((_, index) => index !== pick % hashes.length);
          const withRemoved = verifyDraw({ ...draw, entryHashes: removed }, sha256);
          expect(withRemoved.findings.map((finding) => finding.problem)).toContain('list_changed');
        }
      }),
    );
    const draw = published(SEED, ['b'.repeat(64)], 1);
    expect(verifyDraw({ ...draw, entryHashes: ['b'.repeat(64), 'b'.repeat(64)] }, sha256).findings).toMatchObject([
      { problem: 'list_invalid' },
    ]);
  });

  it('detects altered winners: one swapped for a non-winner, one dropped, one added, one repeated', () => {
    fc.assert(
      fc.property(hex64, fc.uniqueArray(hex64, { minLength: 2, maxLength: 40 }), fc.nat(), (seed, hashes, raw) => {
        const quantity = 1 + (raw % (hashes.length - 1));
        const draw = published(seed, hashes, quantity);
        const losers = hashes.filter((hash) => !draw.winners.includes(hash));
        const altered = [
          [...draw.winners.slice(1), losers[0]!],
          draw.winners.slice(1),
          [...draw.winners, losers[0]!],
          [...draw.winners, draw.winners[0]!],
        ];
        for (const winners of altered) {
          const problems = verifyDraw({ ...draw, winners }, sha256).findings.map((finding) => finding.problem);
          expect(problems).toEqual(['winners_differ']);
        }
      }),
    );
  });
});
