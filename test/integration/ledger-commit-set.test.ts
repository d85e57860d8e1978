/**
 * Many holds committed together (`BudgetService.commitSet`, a settlement's final approval) on SQLite and
 * PostgreSQL: one `commit_set` ledger transaction per pool with its legs per slice and one audit entry,
 * every hold pointing at it; the books verify (and catch a hold pointing wrongly); a second commit of the
 * set, or of one of its holds, is a replay that writes nothing; a return after it still balances; a
 * refusal writes nothing.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeTransaction } from '../../src/db/write-transaction.js';
import type { CommitSetOutcome } from '../../src/services/budget/budget-requests.js';
import { AppError } from '../../src/shared/errors.js';
import { DIALECTS } from '../support/databases.js';
import { contextOf, countRows, ledgerDatabase, ok, planUnits, type LedgerDatabase } from '../support/ledger-setup.js';

const FINANCE = { actor: 'finance-officer-1', reference: 'tranche-1' };
const TILL = { actor: 'cashier-1', reference: 'sale' };
const APPROVER = { actor: 'city-finance-1' };

describe.each(DIALECTS)('set commits on %s', (dialect) => {
  let ledger: LedgerDatabase;
  const central = 'appliance.hubin.central';
  const city = 'appliance.hubin.city';
  /** hold id → [held, to commit] */
  const holds = new Map<string, [number, number]>();

  beforeAll(async () => {
    ledger = await ledgerDatabase(dialect, { units: planUnits() });
    for (const [poolId, source] of [
      [central, 'central'],
      [city, 'city'],
    ] as const) {
      await ledger.service.createPool({ line: 'appliance', unitId: 'hubin', source });
      ok(await ledger.service.fund(poolId, { amountFen: 10_000_000, idempotencyKey: `fund-${source}` }, FINANCE));
    }
    // The central pool is split: its holds draw on several slices, and the set's legs name each.
    ok(await ledger.budget.splitPool(contextOf(FINANCE), central, { slices: 3 }));
    // In batches of five, one after the other: each batch of a split pool draws on the next slice.
    const placed = [];
    for (let start = 0; start < 30; start += 5) {
      placed.push(
        ...(await Promise.all(
          Array.from({ length: 5 }, (_, offset) => {
            const index = start + offset;
            return ledger.service.hold(
              index % 3 === 0 ? city : central,
              { amountFen: 1_000 + index, idempotencyKey: `sale-${index}` },
              TILL,
            );
          }),
        )),
      );
    }
    for (const [index, outcome] of placed.entries()) {
      const { hold } = ok(outcome);
      // Every fifth is committed for less than it held (a partial return before settlement).
      holds.set(hold.id, [hold.amountFen, index % 5 === 0 ? hold.amountFen - 100 : hold.amountFen]);
    }
  });
  afterAll(async () => {
    await ledger?.close();
  });

  const commitAll = (list: readonly { holdId: string; amountFen?: number }[]): Promise<CommitSetOutcome> =>
    writeTransaction(ledger.handle.db, ledger.handle.dialect, async (trx) => {
      const outcome = await ledger.budget.commitSet(trx, contextOf(APPROVER), list, { reference: 'settlement:s-1' });
      if (!outcome.ok) throw new Error(`refused: ${outcome.refusal.code}`);
      return outcome;
    });
  const asked = () => [...holds].map(([holdId, [, amountFen]]) => ({ holdId, amountFen }));

  it('refuses a set with a released hold, and writes nothing', async () => {
    const extra = ok(await ledger.service.hold(city, { amountFen: 500, idempotencyKey: 'released' }, TILL));
    ok(await ledger.service.release(extra.hold.id, TILL));
    const before = await countRows(ledger.handle, 'ledger_transactions');
    const outcome = await writeTransaction(ledger.handle.db, ledger.handle.dialect, (trx) =>
      ledger.budget.commitSet(trx, contextOf(APPROVER), [...asked(), { holdId: extra.hold.id }], {
        reference: 'settlement:s-0',
      }),
    );
    expect(outcome).toEqual({
      ok: false,
      refusal: { code: 'HOLD_NOT_HELD', holdId: extra.hold.id, status: 'released' },
    });
    expect(await countRows(ledger.handle, 'ledger_transactions')).toBe(before);
    const unknown = await writeTransaction(ledger.handle.db, ledger.handle.dialect, (trx) =>
      ledger.budget.commitSet(trx, contextOf(APPROVER), [...asked(), { holdId: 'no-such-hold' }]),
    ).catch((error: unknown) => error);
    expect(unknown).toBeInstanceOf(AppError);
    expect((unknown as AppError).code).toBe('HOLD_NOT_FOUND');
    const [first] = asked();
    const tooMuch = await writeTransaction(ledger.handle.db, ledger.handle.dialect, (trx) =>
      ledger.budget.commitSet(trx, contextOf(APPROVER), [{ holdId: first?.holdId ?? '', amountFen: 1_000_000 }]),
    ).catch((error: unknown) => error);
    expect((tooMuch as AppError).code).toBe('VALIDATION_FAILED');
    expect(await countRows(ledger.handle, 'ledger_transactions')).toBe(before);
    for (const hold of asked()) expect((await ledger.service.getHold(hold.holdId)).status).toBe('held');
  });

  it('records one commit_set per pool, legs per slice, one audit entry each; every hold points at it', async () => {
    const poolsBefore = new Map(
      await Promise.all([central, city].map(async (id) => [id, await ledger.service.getPool(id)] as const)),
    );
    const transactionsBefore = await countRows(ledger.handle, 'ledger_transactions');
    const outcome = await commitAll(asked());
    expect(outcome).toMatchObject({ ok: true, replayed: false, committed: 30, replays: 0 });
    if (!outcome.ok) return;
    expect(outcome.transactions.map((transaction) => transaction.poolId)).toEqual([central, city]);
    expect(await countRows(ledger.handle, 'ledger_transactions')).toBe(transactionsBefore + 2);

    for (const transaction of outcome.transactions) {
      const rows = await sql<{ id: string; pool_id: string; commit_transaction_id: number | string | null }>`
        select id, pool_id, commit_transaction_id from budget_holds where pool_id = ${transaction.poolId}
        and idempotency_key like 'sale-%'`.execute(ledger.handle.db);
      expect(rows.rows.every((row) => Number(row.commit_transaction_id) === transaction.transactionId)).toBe(true);
      const held = rows.rows.reduce((sum, row) => sum + (holds.get(row.id)?.[0] ?? 0), 0);
      const spent = rows.rows.reduce((sum, row) => sum + (holds.get(row.id)?.[1] ?? 0), 0);
      expect(rows.rows.length).toBeGreaterThan(0);
      expect(transaction).toMatchObject({ holds: rows.rows.length, heldFen: held, committedFen: spent });

      const [view] = await ledger.service.postings(transaction.poolId, {
        afterTransactionId: transaction.transactionId - 1,
        limit: 1,
      });
      expect(view).toMatchObject({
        id: transaction.transactionId,
        kind: 'commit_set',
        holdId: null,
        amountFen: spent,
        reference: 'settlement:s-1',
        actor: APPROVER.actor,
      });
      const sums = { held: 0, spent: 0, available: 0 };
      for (const posting of view?.postings ?? []) sums[posting.account as keyof typeof sums] += posting.amountFen;
      expect(sums).toEqual({ held: -held, spent, available: held - spent });

      const pool = await ledger.service.getPool(transaction.poolId);
      const before = poolsBefore.get(transaction.poolId);
      expect(pool.heldFen).toBe((before?.heldFen ?? 0) - held);
      expect(pool.spentFen).toBe((before?.spentFen ?? 0) + spent);
      expect(pool.availableFen).toBe((before?.availableFen ?? 0) + held - spent);
    }
    // The split pool's legs name the slices its holds drew on.
    const slices = await sql<{ slice: number | string }>`select distinct p.slice from ledger_postings p
      join ledger_transactions t on t.id = p.transaction_id
      where t.kind = 'commit_set' and t.pool_id = ${central}`.execute(ledger.handle.db);
    expect(slices.rows.length).toBeGreaterThan(1);

    const audit = await sql<{ action: string; subject: string; summary: string }>`select action, subject, summary
      from audit_entries where action = 'ledger.commit_set' order by sequence`.execute(ledger.handle.db);
    expect(audit.rows.map((row) => row.subject)).toEqual([`pool:${central}`, `pool:${city}`]);
    for (const [index, row] of audit.rows.entries()) {
      expect((JSON.parse(row.summary) as { after: unknown }).after).toMatchObject({
        transactionId: outcome.transactions[index]?.transactionId,
        holds: outcome.transactions[index]?.holds,
        amountFen: outcome.transactions[index]?.committedFen,
        reference: 'settlement:s-1',
      });
    }
    const books = await ledger.service.verifyBooks();
    expect(books.problems).toEqual([]);
    expect(books.balanced).toBe(true);
  });

  it('answers a second commit of the set, or of one of its holds, as a replay that writes nothing', async () => {
    const before = await countRows(ledger.handle, 'ledger_transactions');
    const again = await commitAll(asked());
    expect(again).toMatchObject({ ok: true, replayed: true, committed: 0, replays: 30, transactions: [] });
    const [first] = asked();
    const replay = await ledger.service.commit(first?.holdId ?? '', { amountFen: first?.amountFen ?? 0 }, APPROVER);
    expect(replay).toMatchObject({
      ok: true,
      replayed: true,
      transactionId: null,
      hold: { status: 'committed', committedFen: first?.amountFen },
    });
    const other = await ledger.service.commit(first?.holdId ?? '', { amountFen: 1 }, APPROVER);
    expect(other).toMatchObject({ ok: false, refusal: { code: 'HOLD_NOT_HELD' } });
    expect(await countRows(ledger.handle, 'ledger_transactions')).toBe(before);
    expect((await ledger.service.verifyBooks()).balanced).toBe(true);
  });

  it('returns money of a set-committed hold, part to the pool and the rest to the treasury, and balances', async () => {
    const [holdId, [, committed]] = [...holds].find(([, [held, spent]]) => held === spent) ?? ['', [0, 0]];
    const pool = (await ledger.service.getHold(holdId)).poolId;
    const before = await ledger.service.getPool(pool);
    const part = ok(await ledger.service.reverse(holdId, { amountFen: 300, idempotencyKey: 'return-1' }, TILL));
    expect(part.hold).toMatchObject({ status: 'committed', reversedFen: 300 });
    const rest = ok(
      await ledger.service.reverse(holdId, { idempotencyKey: 'return-2', destination: 'treasury' }, TILL),
    );
    expect(rest.hold).toMatchObject({ status: 'reversed', reversedFen: committed });
    const after = await ledger.service.getPool(pool);
    expect(after.spentFen).toBe(before.spentFen - committed);
    expect(after.availableFen).toBe(before.availableFen + 300);
    expect(after.withdrawnFen).toBe(before.withdrawnFen + committed - 300);
    const books = await ledger.service.verifyBooks();
    expect(books.problems).toEqual([]);
    // The set's transaction still equals its holds: a return is its own transaction, not a change to the set.
    expect(books.balanced).toBe(true);
  });

  it('catches a hold that no longer points at its set, or points at another transaction', async () => {
    const [holdId] = [...holds.keys()];
    const row = await sql<{ commit_transaction_id: number | string }>`select commit_transaction_id
      from budget_holds where id = ${holdId}`.execute(ledger.handle.db);
    const pointer = Number(row.rows[0]?.commit_transaction_id);
    try {
      await sql`update budget_holds set commit_transaction_id = null where id = ${holdId}`.execute(ledger.handle.db);
      const loose = await ledger.service.verifyBooks();
      expect(loose.balanced).toBe(false);
      expect(loose.problems.join('\n')).toContain(`transaction ${pointer} takes`);
      const fund = await sql<{ id: number | string }>`select min(id) as id from ledger_transactions
        where kind = 'fund'`.execute(ledger.handle.db);
      await sql`update budget_holds set commit_transaction_id = ${Number(fund.rows[0]?.id)}
        where id = ${holdId}`.execute(ledger.handle.db);
      const wrong = await ledger.service.verifyBooks();
      expect(wrong.problems.join('\n')).toContain('is a fund, but 1 holds point at it');
    } finally {
      await sql`update budget_holds set commit_transaction_id = ${pointer} where id = ${holdId}`.execute(
        ledger.handle.db,
      );
    }
    expect((await ledger.service.verifyBooks()).balanced).toBe(true);
    // The database refuses a pointer on a hold that is not committed.
    const held = ok(await ledger.service.hold(city, { amountFen: 700, idempotencyKey: 'still-held' }, TILL));
    await expect(
      sql`update budget_holds set commit_transaction_id = ${pointer} where id = ${held.hold.id}`.execute(
        ledger.handle.db,
      ),
    ).rejects.toThrow();
  });
});
