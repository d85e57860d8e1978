import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GroupCommit, type GroupCommitOptions } from './group-commit.js';
import type { Settled } from './idempotent-write.js';

/** A request of the tests: how its batch answers it, how it fares alone, and whether it fails its batch. */
interface Request {
  readonly id: number;
  readonly inBatch: 'ok' | 'error' | 'alone';
  readonly alone: 'ok' | 'error';
  readonly failsBatch: boolean;
}

const request = (id: number, overrides: Partial<Request> = {}): Request => ({
  id,
  inBatch: 'ok',
  alone: 'ok',
  failsBatch: false,
  ...overrides,
});

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

async function turns(count: number): Promise<void> {
  for (let index = 0; index < count; index += 1) await turn();
}

const NEEDS_ALONE = new Error('run me alone');

/** The batch work as plain async functions, recording what the queue asked of it. */
function harness(maxBatch: number, writeTurns: () => number = () => 1, concurrency = 1) {
  const log = {
    batches: [] as number[][],
    alone: [] as number[],
    committed: [] as number[][],
    fallbacks: [] as number[][],
    inFlight: 0,
    mostInFlight: 0,
    overlapped: false,
  };
  const options: GroupCommitOptions<Request, string> = {
    write: async (requests) => {
      log.batches.push(requests.map((each) => each.id));
      log.inFlight += 1;
      log.mostInFlight = Math.max(log.mostInFlight, log.inFlight);
      if (log.inFlight > 1) log.overlapped = true;
      try {
        await turns(writeTurns());
        if (requests.some((each) => each.failsBatch)) throw new Error('the batch failed');
        return requests.map((each): Settled<string> =>
          each.inBatch === 'ok'
            ? { ok: true, value: `batch:${each.id}` }
            : { ok: false, error: each.inBatch === 'alone' ? NEEDS_ALONE : new Error(`batch:${each.id}`) },
        );
      } finally {
        log.inFlight -= 1;
      }
    },
    alone: async (each) => {
      log.alone.push(each.id);
      log.inFlight += 1;
      if (log.inFlight > 1) log.overlapped = true;
      try {
        await turn();
        if (each.alone === 'error') throw new Error(`alone:${each.id}`);
        return `alone:${each.id}`;
      } finally {
        log.inFlight -= 1;
      }
    },
    maxBatch,
    concurrency,
    unanswered: 'the batch left a request unanswered',
    onCommitted: (requests, results) => {
      expect(results).toHaveLength(requests.length);
      log.committed.push(requests.map((each) => each.id));
    },
    onFallback: (requests) => log.fallbacks.push(requests.map((each) => each.id)),
    runsAlone: (error) => error === NEEDS_ALONE,
  };
  return { queue: new GroupCommit(options), log };
}

/** An answer as a value, `ok:<answer>` or `error:<message>`, handled from the moment it is asked. */
function outcomeOf(promise: Promise<string>): Promise<string> {
  return promise.then(
    (value) => `ok:${value}`,
    (error: unknown) => `error:${error instanceof Error ? error.message : String(error)}`,
  );
}

function outcomesOf(promises: readonly Promise<string>[]): Promise<string[]> {
  return Promise.all(promises.map(outcomeOf));
}

/** A request's spec for the properties: mostly answered in its batch, sometimes refused, failing or alone. */
const requestSpec = fc.record({
  inBatch: fc.constantFrom<Request['inBatch']>('ok', 'ok', 'ok', 'error', 'alone'),
  alone: fc.constantFrom<Request['alone']>('ok', 'error'),
  failsBatch: fc.constantFrom(false, false, false, true),
});

/** Waves of requests, each after a gap of some turns. */
const wavesOfRequests = fc.array(
  fc.record({ gap: fc.integer({ min: 0, max: 3 }), requests: fc.array(requestSpec, { maxLength: 8 }) }),
  { minLength: 1, maxLength: 6 },
);

type Wave = { readonly gap: number; readonly requests: readonly Omit<Request, 'id'>[] };

/** Submits the waves (ids in arrival order) and waits for every answer; `settled` in the order they came. */
async function submitWaves(queue: GroupCommit<Request, string>, waves: readonly Wave[]) {
  const submitted: Request[] = [];
  const outcomes: Promise<string>[] = [];
  const settled: number[] = [];
  for (const wave of waves) {
    await turns(wave.gap);
    for (const each of wave.requests) {
      const made = request(submitted.length, each);
      submitted.push(made);
      outcomes.push(outcomeOf(queue.submit(made).finally(() => settled.push(made.id))));
    }
  }
  return { submitted, answers: await Promise.all(outcomes), settled };
}

/** The answer a request must get: its batch's, or its own run's when it ran alone. */
function decidedAnswer(each: Request, alone: boolean): string {
  if (alone) return each.alone === 'ok' ? `ok:alone:${each.id}` : `error:alone:${each.id}`;
  return each.inBatch === 'ok' ? `ok:batch:${each.id}` : `error:batch:${each.id}`;
}

describe('group commit', () => {
  it('writes requests submitted together as one batch, in arrival order, and answers each', async () => {
    const { queue, log } = harness(256);
    const promises = [1, 2, 3, 4, 5].map((id) => queue.submit(request(id)));
    expect(await outcomesOf(promises)).toEqual([1, 2, 3, 4, 5].map((id) => `ok:batch:${id}`));
    expect(log.batches).toEqual([[1, 2, 3, 4, 5]]);
    expect(log.committed).toEqual([[1, 2, 3, 4, 5]]);
    expect(log.fallbacks).toEqual([]);
    expect(log.alone).toEqual([]);
  });

  it('cuts batches of at most maxBatch, written one at a time', async () => {
    const { queue, log } = harness(3);
    const promises = Array.from({ length: 10 }, (_, id) => queue.submit(request(id)));
    await outcomesOf(promises);
    expect(log.batches).toEqual([[0, 1, 2], [3, 4, 5], [6, 7, 8], [9]]);
    expect(log.overlapped).toBe(false);
  });

  it('puts requests arriving while a batch is written into the next batch', async () => {
    const { queue, log } = harness(256, () => 3);
    const first = queue.submit(request(1));
    await turns(2);
    expect(log.batches).toEqual([[1]]);
    const later = [2, 3].map((id) => queue.submit(request(id)));
    await outcomesOf([first, ...later]);
    expect(log.batches).toEqual([[1], [2, 3]]);
  });

  it('writes up to `concurrency` batches at once, never more, and answers every request by its own batch', async () => {
    const { queue, log } = harness(3, () => 3, 2);
    const outcomes = await outcomesOf(Array.from({ length: 10 }, (_, id) => queue.submit(request(id))));
    expect(outcomes).toEqual(Array.from({ length: 10 }, (_, id) => `ok:batch:${id}`));
    expect(log.batches).toEqual([[0, 1, 2], [3, 4, 5], [6, 7, 8], [9]]);
    expect(log.mostInFlight).toBe(2);
  });

  it('with room for two, starts a second batch for a request arriving while the first is written', async () => {
    const { queue, log } = harness(256, () => 4, 2);
    const first = queue.submit(request(1));
    await turns(2);
    const second = queue.submit(request(2));
    await turns(2);
    // The first batch is still being written: the second did not wait for it.
    expect(log.batches).toEqual([[1], [2]]);
    expect(log.mostInFlight).toBe(2);
    expect(await outcomesOf([first, second])).toEqual(['ok:batch:1', 'ok:batch:2']);
  });

  it('starts again after it went idle', async () => {
    const { queue, log } = harness(256);
    expect(await queue.submit(request(1))).toBe('batch:1');
    await turns(3);
    expect(await queue.submit(request(2))).toBe('batch:2');
    expect(log.batches).toEqual([[1], [2]]);
  });

  it('answers a request its batch refused with its own error, and the others with theirs', async () => {
    const { queue } = harness(256);
    const promises = [request(1), request(2, { inBatch: 'error' }), request(3)].map((each) => queue.submit(each));
    expect(await outcomesOf(promises)).toEqual(['ok:batch:1', 'error:batch:2', 'ok:batch:3']);
  });

  it('runs every request of a failed batch alone, in arrival order, each answered by its own run', async () => {
    const { queue, log } = harness(256);
    const promises = [
      request(1),
      request(2, { failsBatch: true, alone: 'error' }),
      request(3, { inBatch: 'error' }),
      request(4),
    ].map((each) => queue.submit(each));
    expect(await outcomesOf(promises)).toEqual(['ok:alone:1', 'error:alone:2', 'ok:alone:3', 'ok:alone:4']);
    expect(log.fallbacks).toEqual([[1, 2, 3, 4]]);
    expect(log.committed).toEqual([]);
    expect(log.alone).toEqual([1, 2, 3, 4]);
    expect(log.overlapped).toBe(false);
  });

  it('runs a request alone after its committed batch where the batch asks, before answering those behind it', async () => {
    const { queue, log } = harness(256);
    const settled: number[] = [];
    const promises = [request(1), request(2, { inBatch: 'alone' }), request(3)].map((each) =>
      queue.submit(each).finally(() => settled.push(each.id)),
    );
    expect(await outcomesOf(promises)).toEqual(['ok:batch:1', 'ok:alone:2', 'ok:batch:3']);
    expect(log.committed).toEqual([[1, 2, 3]]);
    expect(log.alone).toEqual([2]);
    expect(settled).toEqual([1, 2, 3]);
  });

  it('rejects a request its committed batch left unanswered', async () => {
    const queue = new GroupCommit<number, number>({
      write: (requests) => Promise.resolve(requests.slice(1).map((value) => ({ ok: true, value }))),
      alone: () => Promise.reject(new Error('never alone')),
      maxBatch: 256,
      unanswered: 'the batch left a request unanswered',
    });
    const promises = [1, 2, 3].map((value) => queue.submit(value));
    const results = await Promise.allSettled(promises);
    expect(results.map((result) => (result.status === 'fulfilled' ? result.value : String(result.reason)))).toEqual([
      2,
      3,
      'Error: the batch left a request unanswered',
    ]);
  });

  it('answers every request once, in arrival order, as its batch or its own run decided', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 5 }),
        wavesOfRequests,
        fc.integer({ min: 0, max: 3 }),
        async (maxBatch, waves, writeTurns) => {
          const { queue, log } = harness(maxBatch, () => writeTurns);
          const { submitted, answers, settled } = await submitWaves(queue, waves);

          // Every request was in exactly one batch, the batches in arrival order, none past maxBatch.
          expect(log.batches.flat()).toEqual(submitted.map((each) => each.id));
          for (const batch of log.batches) {
            expect(batch.length).toBeGreaterThan(0);
            expect(batch.length).toBeLessThanOrEqual(maxBatch);
          }
          expect(log.overlapped).toBe(false);

          // A batch fails as a whole exactly when one of its requests fails it; then all of it runs alone.
          const failed = log.batches.filter((batch) => batch.some((id) => submitted[id]?.failsBatch === true));
          expect(log.fallbacks).toEqual(failed);
          expect(log.committed).toEqual(log.batches.filter((batch) => !failed.includes(batch)));
          const inFailed = new Set(failed.flat());
          const runsAlone = (each: Request): boolean => inFailed.has(each.id) || each.inBatch === 'alone';
          expect(log.alone).toEqual(submitted.filter(runsAlone).map((each) => each.id));

          // Each answered once, in arrival order, by its batch or by its own run.
          expect(settled).toEqual(submitted.map((each) => each.id));
          expect(answers).toEqual(submitted.map((each) => decidedAnswer(each, runsAlone(each))));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('with batches in flight at once, cuts them in arrival order and answers every request once, as decided', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 2, max: 3 }),
        wavesOfRequests,
        fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 8 }),
        async (maxBatch, concurrency, waves, writeTurns) => {
          // Batches take different times, so a later batch may commit before an earlier one.
          let cut = 0;
          const { queue, log } = harness(maxBatch, () => writeTurns[cut++ % writeTurns.length] ?? 0, concurrency);
          const { submitted, answers, settled } = await submitWaves(queue, waves);

          expect(log.batches.flat()).toEqual(submitted.map((each) => each.id));
          for (const batch of log.batches) expect(batch.length).toBeLessThanOrEqual(maxBatch);
          expect(log.mostInFlight).toBeLessThanOrEqual(concurrency);

          const failed = new Set(
            log.batches.filter((batch) => batch.some((id) => submitted[id]?.failsBatch === true)).flat(),
          );
          const runsAlone = (each: Request): boolean => failed.has(each.id) || each.inBatch === 'alone';
          expect([...log.alone].sort((a, b) => a - b)).toEqual(submitted.filter(runsAlone).map((each) => each.id));
          expect([...settled].sort((a, b) => a - b)).toEqual(submitted.map((each) => each.id));
          expect(answers).toEqual(submitted.map((each) => decidedAnswer(each, runsAlone(each))));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('answers every request though a figures callback throws, and a fault of its own callbacks leaves none waiting', async () => {
    const throwing = new GroupCommit<Request, string>({
      write: (requests) =>
        Promise.resolve(requests.map((each): Settled<string> => ({ ok: true, value: `batch:${each.id}` }))),
      alone: (each) => Promise.resolve(`alone:${each.id}`),
      maxBatch: 256,
      unanswered: 'unanswered',
      onCommitted: () => {
        throw new Error('figures broke');
      },
    });
    expect(await outcomesOf([1, 2].map((id) => throwing.submit(request(id))))).toEqual(['ok:batch:1', 'ok:batch:2']);
    const faulty = new GroupCommit<Request, string>({
      write: (requests) =>
        Promise.resolve(requests.map((each): Settled<string> => ({ ok: false, error: new Error(`${each.id}`) }))),
      alone: (each) => Promise.resolve(`alone:${each.id}`),
      maxBatch: 1,
      unanswered: 'unanswered',
      runsAlone: () => {
        throw new Error('runsAlone broke');
      },
    });
    // Each batch's request is answered with the fault, and the queue goes on to the next batch.
    expect(await outcomesOf([1, 2].map((id) => faulty.submit(request(id))))).toEqual([
      'error:runsAlone broke',
      'error:runsAlone broke',
    ]);
  });
});
