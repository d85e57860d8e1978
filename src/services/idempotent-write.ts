/**
 * The write of a money-moving request, done once (ARCHITECTURE rule 8): the request's idempotency record
 * is taken at the start of the effect's own database transaction and its answer stored before that
 * transaction commits. A crash anywhere therefore leaves either the effect and its answer, or neither:
 *
 * - killed before the commit: nothing was written; the retry runs afresh;
 * - killed after the commit (the client never saw the answer): the retry finds the stored answer and
 *   gets it again, byte for byte (`Idempotent-Replayed: true`), without running anything;
 * - two requests with one key at once: the second's insert of the record fails (on PostgreSQL it first
 *   waits for the first to finish), its transaction rolls back, and it answers with the first's answer.
 *
 * A request that fails (any error: a refusal, a validation error, a crash) leaves no record, so its retry
 * runs again: a failure changed nothing.
 */
import type { Kysely } from 'kysely';
import type { DialectName } from '../db/database.js';
import {
  IdempotencyRepository,
  recordKeyOf,
  type IdempotencyRecord,
  type NewIdempotencyRecord,
} from '../db/idempotency-repository.js';
import { batchedRead } from '../db/read-batch.js';
import type { Database } from '../db/tables.js';
import { isUniqueViolation, writeTransaction } from '../db/write-transaction.js';
import { AppError } from '../shared/errors.js';

/** A request's claim on its idempotency key, made by the HTTP layer and carried to the one write it allows. */
export interface IdempotencyClaim {
  /** Whose keys: the caller's account (two accounts may pick the same key). */
  readonly scope: string;
  readonly key: string;
  /** `POST /api/v1/…`, as routed. */
  readonly route: string;
  /** SHA-256 of the request (method, URL, body): the same key with another request is refused. */
  readonly requestHash: string;
  readonly createdAt: string;
  /**
   * The HTTP status the answer is sent with, from the result; null when the result is a refusal the
   * route turns into an error (nothing was done, so nothing is stored and a retry runs again).
   */
  readonly statusOf: (result: unknown) => number | null;
  /** Set when the write has committed: a request makes at most one idempotent write. */
  committed: boolean;
}

/**
 * Where a test may stop a process inside an idempotent write, to kill it there (`HUIMIN_FAULT_PAUSE`,
 * honoured only when NODE_ENV=test): with the effect written but not committed, or committed but not
 * yet answered.
 */
export type FaultPause = 'before-commit' | 'after-commit';

export interface WriteStore {
  readonly db: Kysely<Database>;
  readonly dialect: DialectName;
  readonly faultPause?: FaultPause | null;
}

/** The answer stored for an earlier request with the same key: send it again. */
export class IdempotentReplay extends Error {
  constructor(
    readonly statusCode: number,
    readonly body: string,
  ) {
    super('replayed the stored answer of an earlier request with the same idempotency key');
    this.name = 'IdempotentReplay';
  }
}

const records = new IdempotencyRepository();

/** The stored answer for `claim`'s key, or an error when the key was used for another request. */
export function replayOf(
  record: {
    route: string;
    request_hash: string;
    state: string;
    status_code: number | null;
    response_body: string | null;
  },
  claim: Pick<IdempotencyClaim, 'route' | 'requestHash'>,
): IdempotentReplay {
  if (record.request_hash !== claim.requestHash || record.route !== claim.route) {
    throw new AppError(
      'IDEMPOTENCY_KEY_REUSED',
      'this idempotency key was used for a different request; use a new key for a new request',
      'Idempotency-Key',
    );
  }
  if (record.state !== 'done' || record.status_code === null || record.response_body === null) {
    throw new AppError(
      'IDEMPOTENCY_IN_PROGRESS',
      'a request with this idempotency key is being processed; retry shortly',
    );
  }
  return new IdempotentReplay(record.status_code, record.response_body);
}

async function pause(point: FaultPause): Promise<never> {
  process.stderr.write(`huimin: fault pause at ${point}\n`);
  return new Promise<never>(() => undefined);
}

/**
 * Runs `work` in one write transaction; with a claim, the claim's record and the answer commit with it.
 * The answer stored is `JSON.stringify(result)`: a service's result is what the route sends.
 */
export async function writeOnce<T>(
  store: WriteStore,
  claim: IdempotencyClaim | null,
  work: (trx: Kysely<Database>) => Promise<T>,
): Promise<T> {
  if (claim === null) return writeTransaction(store.db, store.dialect, work);
  if (claim.committed) throw new Error(`request ${claim.route} tried a second idempotent write`);
  let result: T;
  try {
    result = await writeTransaction(store.db, store.dialect, async (trx) => {
      await records.begin(trx, {
        scope: claim.scope,
        key: claim.key,
        route: claim.route,
        request_hash: claim.requestHash,
        created_at: claim.createdAt,
      });
      const done = await work(trx);
      const status = claim.statusOf(done);
      if (status === null) await records.forget(trx, claim.scope, claim.key);
      else await records.finish(trx, claim.scope, claim.key, status, JSON.stringify(done));
      if (store.faultPause === 'before-commit') await pause('before-commit');
      return done;
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    // Ours, or another constraint? Only an existing record for the key makes this a duplicate request.
    const existing = await records.find(store.db, claim.scope, claim.key);
    if (existing === undefined) throw error;
    throw replayOf(existing, claim);
  }
  claim.committed = claim.statusOf(result) !== null;
  if (store.faultPause === 'after-commit') await pause('after-commit');
  return result;
}

/** A read of the stored record of a (scope, key) pair. */
type RecordRead = (pair: { readonly scope: string; readonly key: string }) => Promise<IdempotencyRecord | undefined>;

/** Each store's read of stored answers, batched per turn (src/db/read-batch.ts). */
const storedReads = new WeakMap<Kysely<Database>, RecordRead>();

function storedRead(store: WriteStore): RecordRead {
  let read = storedReads.get(store.db);
  if (read === undefined) {
    read = batchedRead({
      many: (pairs) => records.findMany(store.db, store.dialect, pairs),
      keyOf: (pair) => recordKeyOf(pair.scope, pair.key),
    });
    storedReads.set(store.db, read);
  }
  return read;
}

/** The stored answer for a key, if any: the fast path before a request runs (a retry is answered at once). */
export async function storedAnswer(
  store: WriteStore,
  claim: Pick<IdempotencyClaim, 'scope' | 'key' | 'route' | 'requestHash'>,
): Promise<IdempotentReplay | null> {
  const existing = await storedRead(store)({ scope: claim.scope, key: claim.key });
  return existing === undefined ? null : replayOf(existing, claim);
}

/** What one request of a batch came to: its result, or the error it alone failed with. */
export type Settled<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: unknown };

const recordOf = (claim: IdempotencyClaim): NewIdempotencyRecord => ({
  scope: claim.scope,
  key: claim.key,
  route: claim.route,
  request_hash: claim.requestHash,
  created_at: claim.createdAt,
});

const claimId = (claim: Pick<IdempotencyClaim, 'scope' | 'key'>): string => recordKeyOf(claim.scope, claim.key);

/**
 * Several requests' writes in one write transaction (group commit): the same promise as writeOnce
 * for each of them. Every claim's record is taken at the start of the transaction and each request's
 * answer stored with it before the one commit, so a crash leaves each request's effect and answer,
 * or neither. `work` is told which requests may run (`admitted`): a request whose key another request
 * already holds (a concurrent duplicate, or a retry of one that committed) does not, and after the
 * commit it is answered with the stored answer (IdempotentReplay), as writeOnce would.
 *
 * `work` answers each admitted request with its own Settled: a request that failed must have written
 * nothing (its record is given back); the others commit. If `work` throws, the whole transaction
 * rolls back and this throws: nothing of the batch was written.
 */
export async function writeOnceEach<T>(
  store: WriteStore,
  claims: readonly (IdempotencyClaim | null)[],
  work: (trx: Kysely<Database>, admitted: readonly boolean[]) => Promise<readonly Settled<T>[]>,
): Promise<Settled<T>[]> {
  const early: (Settled<T> | undefined)[] = claims.map((claim) =>
    claim?.committed === true
      ? { ok: false, error: new Error(`request ${claim.route} tried a second idempotent write`) }
      : undefined,
  );
  const admitted = claims.map(() => false);
  const results = await writeTransaction(store.db, store.dialect, async (trx) => {
    const wanted = new Map<string, number>();
    claims.forEach((claim, index) => {
      if (claim !== null && early[index] === undefined && !wanted.has(claimId(claim)))
        wanted.set(claimId(claim), index);
    });
    const taken = await records.beginMany(
      trx,
      store.dialect,
      [...wanted.values()].flatMap((index) => {
        const claim = claims[index];
        return claim === null || claim === undefined ? [] : [recordOf(claim)];
      }),
    );
    claims.forEach((claim, index) => {
      if (early[index] !== undefined) return;
      admitted[index] = claim === null || (taken.has(claimId(claim)) && wanted.get(claimId(claim)) === index);
    });
    const done = await work(trx, admitted);
    // Every admitted request's record settled at once: answered (done, with its answer) or given back.
    const settled: NewIdempotencyRecord[] = [];
    const answers: ({ statusCode: number; body: string } | null)[] = [];
    for (const [index, claim] of claims.entries()) {
      if (claim === null || !admitted[index]) continue;
      const result = done[index];
      const status = result?.ok === true ? claim.statusOf(result.value) : null;
      settled.push(recordOf(claim));
      answers.push(
        status === null || result?.ok !== true ? null : { statusCode: status, body: JSON.stringify(result.value) },
      );
    }
    await records.settleMany(trx, store.dialect, settled, answers);
    if (store.faultPause === 'before-commit') await pause('before-commit');
    return done;
  });
  const answers: Settled<T>[] = [];
  for (const [index, claim] of claims.entries()) {
    const settled = early[index];
    if (settled !== undefined) {
      answers.push(settled);
      continue;
    }
    if (admitted[index]) {
      const result = results[index];
      if (result === undefined) throw new Error('a batch of writes left a request unanswered');
      if (claim !== null && result.ok) claim.committed = claim.statusOf(result.value) !== null;
      answers.push(result);
      continue;
    }
    // A duplicate of a request that holds (or held) the key: its stored answer, or why there is none.
    const existing = claim === null ? undefined : await records.find(store.db, claim.scope, claim.key);
    if (claim === null || existing === undefined) {
      answers.push({ ok: false, error: new AppError('IDEMPOTENCY_IN_PROGRESS', 'retry shortly') });
      continue;
    }
    try {
      answers.push({ ok: false, error: replayOf(existing, claim) });
    } catch (error) {
      answers.push({ ok: false, error });
    }
  }
  if (store.faultPause === 'after-commit') await pause('after-commit');
  return answers;
}
