/**
 * Read batching for the hot reads of a request (docs/glossary.md, 读合批): the reads of one kind that
 * requests ask for within one turn of the event loop (the session of each signed-in request, the
 * qualification a till scans, the merchant's memberships) go to the database as one statement with all
 * their keys instead of one statement each. On PostgreSQL every statement sent is a write to the
 * connection's socket and a wake-up of a database process: at a till's rush those round trips, not the
 * SQL, were most of this process's CPU. On SQLite every statement is a Kysely compile and a call into
 * the database on the one connection: one statement for the turn instead of one per request is about a
 * third more checkouts a second (bench/README.md, "Read batching").
 *
 * A batched read is the same read: the same rows, as committed when the statement runs, for each key;
 * nothing is cached across turns (DataLoader's cache is off), so a request never sees an answer older
 * than the statement that its turn sent. Only reads outside any transaction are batched (the
 * repositories pass a transaction's reads straight to it); on SQLite a batched read, like any read on
 * the one connection, waits for a write transaction in flight to end.
 */
import DataLoader from 'dataloader';

/** At most this many keys in one statement (a parameter list or JSON array, well inside both databases' limits). */
const MAX_KEYS = 256;

/**
 * One read by key, batched per turn: `many` reads the rows of all the keys at once and says which row is
 * whose (by `keyOf`). A key whose row is missing reads as undefined, as a single read's
 * `executeTakeFirst` does.
 */
export function batchedRead<Key, Row>(options: {
  readonly many: (keys: readonly Key[]) => Promise<ReadonlyMap<string, Row>>;
  readonly keyOf: (key: Key) => string;
}): (key: Key) => Promise<Row | undefined> {
  const loader = new DataLoader<Key, Row | undefined, string>(
    async (keys) => {
      const rows = await options.many(keys);
      return keys.map((key) => rows.get(options.keyOf(key)));
    },
    {
      cache: false,
      maxBatchSize: MAX_KEYS,
      // The check phase, after the poll phase has read every socket that was ready: the requests that
      // arrived together share the statement (a microtask or nextTick would batch one request's reads).
      batchScheduleFn: (callback) => setImmediate(callback),
    },
  );
  return (key) => loader.load(key);
}

/** A read of rows by their `id`, batched per turn: `rowsOf` reads the rows of distinct ids. */
export function batchedById<Row extends { readonly id: string }>(
  rowsOf: (ids: readonly string[]) => Promise<readonly Row[]>,
): (id: string) => Promise<Row | undefined> {
  return batchedRead({
    many: async (ids) => new Map((await rowsOf([...new Set(ids)])).map((row) => [row.id, row])),
    keyOf: (id) => id,
  });
}
