import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sha256 } from '../../../test/support/sha256.js';
import { GENESIS_HASH, appendEntry, hashEntry, type AuditEntry, type AuditEntryInput } from './entry.js';
import { ChainVerifier, checkHead, storedBeyondHead, verifyChain, type ChainVerification } from './verify.js';

const inputArb: fc.Arbitrary<AuditEntryInput> = fc.record({
  actor: fc.string(),
  role: fc.constantFrom('citizen', 'merchant', 'reviewer', 'finance', 'auditor', 'admin'),
  action: fc.string({ minLength: 1 }),
  subject: fc.string(),
  summary: fc.record({ before: fc.jsonValue(), after: fc.jsonValue() }, { requiredKeys: [] }),
  at: fc
    .date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2030-01-01T00:00:00Z'), noInvalidDate: true })
    .map((date) => date.toISOString()),
  requestId: fc.uuid(),
});

function build(inputs: readonly AuditEntryInput[]): AuditEntry[] {
  const chain: AuditEntry[] = [];
  for (const input of inputs) chain.push(appendEntry(chain.at(-1) ?? null, input, sha256));
  return chain;
}

const chainArb = (minLength = 1, maxLength = 12): fc.Arbitrary<AuditEntry[]> =>
  fc.array(inputArb, { minLength, maxLength }).map(build);

function broken(result: ChainVerification) {
  if (result.ok) throw new Error(`expected a broken chain, got ok (${result.count} entries)`);
  return result.firstBroken;
}

const FIELDS = [
  'sequence',
  'previousHash',
  'hash',
  'actor',
  'role',
  'action',
  'subject',
  'summary',
  'at',
  'requestId',
] as const;

/** A copy of `entry` with `field` changed to a different value (the stored hash is left alone). */
function tamper(entry: AuditEntry, field: (typeof FIELDS)[number], delta: number): AuditEntry {
  switch (field) {
    case 'sequence':
      return { ...entry, sequence: entry.sequence + delta };
    case 'previousHash':
    case 'hash': {
      const value = entry[field];
      return { ...entry, [field]: (value[0] === 'a' ? 'b' : 'a') + value.slice(1) };
    }
    case 'summary':
      return { ...entry, summary: { ...entry.summary, after: { tampered: entry.summary.after ?? null } } };
    case 'actor':
    case 'role':
    case 'action':
    case 'subject':
    case 'at':
    case 'requestId':
      return { ...entry, [field]: `${entry[field]}x` };
  }
}

describe('verifyChain', () => {
  it('accepts the empty chain', () => {
    expect(verifyChain([], sha256)).toEqual({ ok: true, count: 0, lastHash: GENESIS_HASH });
  });

  it('accepts any chain built by appendEntry, reporting its count and head', () => {
    fc.assert(
      fc.property(chainArb(0, 20), (chain) => {
        expect(verifyChain(chain, sha256)).toEqual({
          ok: true,
          count: chain.length,
          lastHash: chain.at(-1)?.hash ?? GENESIS_HASH,
        });
      }),
    );
  });

  it('detects a change to any field of any entry, at that entry', () => {
    fc.assert(
      fc.property(
        chainArb(),
        fc.nat(),
        fc.constantFrom(...FIELDS),
        fc.integer({ min: -5, max: 5 }).filter((d) => d !== 0),
        (chain, pick, field, delta) => {
          const position = pick % chain.length;
          const tampered = chain.map((entry, index) => (index === position ? tamper(entry, field, delta) : entry));
          const found = broken(verifyChain(tampered, sha256));
          expect(found).toMatchObject({ position, problem: 'hash_mismatch' });
          expect(found.sequence).toBe(tampered[position]?.sequence);
        },
      ),
    );
  });

  it('detects a deleted entry (other than the last) at the position it leaves empty', () => {
    fc.assert(
      fc.property(chainArb(2), fc.nat(), (chain, pick) => {
        const position = pick % (chain.length - 1);
        const remaining = chain.filter((_, index) => index !== position);
        const found = broken(verifyChain(remaining, sha256));
        expect(found).toMatchObject({
          position,
          sequence: position + 2,
          problem: position === 0 ? 'not_genesis' : 'sequence_gap',
        });
      }),
    );
  });

  it('detects an inserted forged entry at the first position where it shows', () => {
    fc.assert(
      fc.property(
        chainArb(),
        fc.nat(),
        inputArb,
        fc.integer({ min: -2, max: 2 }),
        fc.boolean(),
        (chain, pick, input, sequenceOffset, linked) => {
          const position = pick % chain.length; // before an existing entry, never after the last
          const previous = chain[position - 1];
          const unhashed = {
            ...input,
            sequence: position + 1 + sequenceOffset,
            previousHash: linked ? (previous?.hash ?? GENESIS_HASH) : sha256(input.requestId),
          };
          const forged: AuditEntry = { ...unhashed, hash: hashEntry(unhashed, sha256) };
          const tampered = [...chain.slice(0, position), forged, ...chain.slice(position)];
          const found = broken(verifyChain(tampered, sha256));
          // A forged entry that is consistent with its predecessor is only exposed by its successor.
          const forgedFits = verifyChain(tampered.slice(0, position + 1), sha256).ok;
          expect(forgedFits).toBe(linked && sequenceOffset === 0);
          expect(found.position).toBe(forgedFits ? position + 1 : position);
        },
      ),
    );
  });

  it('detects any reordering at the first moved entry', () => {
    fc.assert(
      fc.property(
        chainArb(2).chain((chain) =>
          fc.tuple(
            fc.constant(chain),
            fc.shuffledSubarray([...chain.keys()], { minLength: chain.length, maxLength: chain.length }),
          ),
        ),
        ([chain, order]) => {
          const first = order.findIndex((from, index) => from !== index);
          fc.pre(first !== -1);
          const found = broken(
            verifyChain(
              order.map((from) => chain[from] as AuditEntry),
              sha256,
            ),
          );
          expect(found.position).toBe(first);
        },
      ),
    );
  });

  it('detects two swapped entries at the earlier one', () => {
    fc.assert(
      fc.property(chainArb(2), fc.nat(), fc.nat(), (chain, a, b) => {
        const i = a % chain.length;
        const j = b % chain.length;
        fc.pre(i !== j);
        const [low, high] = i < j ? [i, j] : [j, i];
        const swapped = [...chain];
        [swapped[low], swapped[high]] = [chain[high] as AuditEntry, chain[low] as AuditEntry];
        expect(broken(verifyChain(swapped, sha256))).toMatchObject({
          position: low,
          problem: low === 0 ? 'not_genesis' : 'sequence_gap',
        });
      }),
    );
  });

  it('detects a first entry rewritten with a correct hash, at the entry after it', () => {
    const chain = fc.sample(chainArb(3, 3), { seed: 1, numRuns: 1 })[0] as AuditEntry[];
    const rewritten = appendEntry(null, { ...chain[0]!, actor: 'intruder' }, sha256);
    const found = broken(verifyChain([rewritten, ...chain.slice(1)], sha256));
    expect(found).toMatchObject({ position: 1, sequence: 2, problem: 'broken_link' });
    expect(found.message).toContain('第 2 条');
    expect(found.messageEn).toContain('entry 2');
  });

  it('detects a duplicated entry as out of order', () => {
    const chain = build(fc.sample(inputArb, { seed: 2, numRuns: 3 }));
    expect(broken(verifyChain([chain[0]!, chain[1]!, chain[1]!, chain[2]!], sha256))).toMatchObject({
      position: 2,
      sequence: 2,
      problem: 'sequence_out_of_order',
    });
  });

  it('stops at the first problem and counts the entries checked', () => {
    const chain = build(fc.sample(inputArb, { seed: 3, numRuns: 5 }));
    const tampered = chain.map((entry, index) => (index === 1 || index === 3 ? { ...entry, actor: 'x' } : entry));
    const result = verifyChain(tampered, sha256);
    expect(result).toMatchObject({ ok: false, count: 2, firstBroken: { position: 1, problem: 'hash_mismatch' } });
  });

  it('cannot see, on its own, rows cut from the end: the head it reports differs', () => {
    const chain = build(fc.sample(inputArb, { seed: 4, numRuns: 4 }));
    const result = verifyChain(chain.slice(0, 3), sha256);
    expect(result).toEqual({ ok: true, count: 3, lastHash: chain[2]!.hash });
    expect(result.ok && result.lastHash).not.toBe(chain[3]!.hash);
  });
});

describe('ChainVerifier', () => {
  it('gives the same result page by page as in one pass', () => {
    fc.assert(
      fc.property(
        chainArb(0, 20),
        fc.integer({ min: 1, max: 5 }),
        fc.nat(),
        fc.boolean(),
        (chain, page, pick, tamperIt) => {
          const entries =
            tamperIt && chain.length > 0
              ? chain.map((entry, index) => (index === pick % chain.length ? { ...entry, at: 'x' } : entry))
              : chain;
          const verifier = new ChainVerifier(sha256);
          for (let start = 0; start < entries.length; start += page) {
            for (const entry of entries.slice(start, start + page)) verifier.push(entry);
          }
          expect(verifier.result()).toEqual(verifyChain(entries, sha256));
        },
      ),
    );
  });

  it('resumes from a checkpoint of the last entry already verified', () => {
    fc.assert(
      fc.property(chainArb(2, 20), fc.nat(), (chain, pick) => {
        const split = 1 + (pick % (chain.length - 1));
        const head = chain[split - 1]!;
        const rest = chain.slice(split);
        expect(verifyChain(rest, sha256, { sequence: head.sequence, hash: head.hash })).toEqual({
          ok: true,
          count: rest.length,
          lastHash: chain.at(-1)!.hash,
        });
        const wrong = { sequence: head.sequence, hash: GENESIS_HASH };
        expect(broken(verifyChain(rest, sha256, wrong))).toMatchObject({ position: 0, problem: 'broken_link' });
      }),
    );
  });

  it('ignores pushes after the first problem', () => {
    const chain = build(fc.sample(inputArb, { seed: 5, numRuns: 3 }));
    const verifier = new ChainVerifier(sha256);
    expect(verifier.push(chain[1]!)).toBe(false);
    expect(verifier.push(chain[0]!)).toBe(false);
    expect(verifier.result()).toMatchObject({ ok: false, count: 1, firstBroken: { problem: 'not_genesis' } });
  });
});

describe('checkHead', () => {
  const chain = (count: number) => {
    const entries: AuditEntry[] = [];
    for (let index = 0; index < count; index += 1) {
      entries.push(
        appendEntry(
          entries.at(-1) ?? null,
          {
            actor: 'a',
            role: 'admin',
            action: 'x',
            subject: `s${index}`,
            summary: {},
            at: '2025-01-01T00:00:00.000Z',
            requestId: 'r',
          },
          sha256,
        ),
      );
    }
    return entries;
  };

  it('accepts a chain that ends at its head', () => {
    const entries = chain(3);
    const last = entries[2] as AuditEntry;
    expect(checkHead(verifyChain(entries, sha256), { sequence: 3, hash: last.hash }).ok).toBe(true);
    expect(checkHead(verifyChain([], sha256), { sequence: 0, hash: GENESIS_HASH }).ok).toBe(true);
  });

  it('reports rows cut from the end, which the chain alone cannot see', () => {
    const entries = chain(3);
    const last = entries[2] as AuditEntry;
    const truncated = verifyChain(entries.slice(0, 2), sha256);
    expect(truncated.ok).toBe(true);
    const result = checkHead(truncated, { sequence: 3, hash: last.hash });
    expect(result).toMatchObject({ ok: false, firstBroken: { problem: 'head_mismatch', sequence: 2 } });
  });

  it('resumes from a checkpoint', () => {
    const entries = chain(4);
    const second = entries[1] as AuditEntry;
    const last = entries[3] as AuditEntry;
    const from = { sequence: 2, hash: second.hash };
    const rest = verifyChain(entries.slice(2), sha256, from);
    expect(checkHead(rest, { sequence: 4, hash: last.hash }, from).ok).toBe(true);
    expect(checkHead(rest, { sequence: 5, hash: last.hash }, from).ok).toBe(false);
  });
});

describe('storedBeyondHead', () => {
  it('turns a chain sound up to its head into a head mismatch at the first row stored beyond it', () => {
    const chain = build(
      [0, 1, 2].map((n) => ({
        actor: `a${n}`,
        role: 'admin',
        action: 'x',
        subject: 's',
        summary: {},
        at: '2025-01-01T00:00:00.000Z',
        requestId: `r${n}`,
      })),
    );
    const sound = checkHead(verifyChain(chain, sha256), { sequence: 3, hash: chain[2]?.hash ?? '' });
    expect(sound.ok).toBe(true);
    expect(broken(storedBeyondHead(sound, 4))).toMatchObject({ sequence: 4, problem: 'head_mismatch', position: 3 });
    const alreadyBroken = verifyChain([chain[1] as AuditEntry], sha256);
    expect(storedBeyondHead(alreadyBroken, 9)).toBe(alreadyBroken);
  });
});
