/**
 * The budget ledger on real SQLite and PostgreSQL: what each operation does to the balances and the
 * postings, idempotency, refusals as values, errors, the books balancing, and the database itself
 * refusing what would break an invariant.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PoolView } from '../../src/contract/budget.js';
import { AppError } from '../../src/shared/errors.js';
import { DIALECTS } from '../support/databases.js';
import {
  countRows,
  ledgerDatabase,
  ok,
  planUnits,
  postingTotal,
  type LedgerDatabase,
} from '../support/ledger-setup.js';

const FINANCE = { actor: 'finance-officer-1', reference: '豫财预〔2025〕12号' };
const SUBSIDY = { actor: 'subsidy-service', reference: 'claim-1' };

async function rejectsWith(promise: Promise<unknown>, code: string, field?: string): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error, `expected ${code}`).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe(code);
  if (field !== undefined) expect((error as AppError).field).toBe(field);
}

function balances(
  pool: PoolView,
): Pick<PoolView, 'fundedFen' | 'availableFen' | 'heldFen' | 'spentFen' | 'withdrawnFen'> {
  const { fundedFen, availableFen, heldFen, spentFen, withdrawnFen } = pool;
  return { fundedFen, availableFen, heldFen, spentFen, withdrawnFen };
}

describe.each(DIALECTS)('budget ledger on %s', (dialect) => {
  let ledger: LedgerDatabase;

  beforeAll(async () => {
    ledger = await ledgerDatabase(dialect, { units: planUnits(), poolSize: 5 });
  });
  afterAll(async () => {
    await ledger?.close();
  });

  async function fundedPool(unitId: string, amountFen: number): Promise<PoolView> {
    const { pool } = await ledger.service.createPool({ line: 'appliance', unitId, source: 'central' });
    if (amountFen > 0) ok(await ledger.service.fund(pool.id, { amountFen, idempotencyKey: `fund-${unitId}` }, FINANCE));
    return ledger.service.getPool(pool.id);
  }

  it('creates one pool per line, implementing unit and funding source', async () => {
    const first = await ledger.service.createPool({ line: 'digital', unitId: 'lingbao', source: 'provincial' });
    expect(first.created).toBe(true);
    expect(first.pool).toMatchObject({
      id: 'digital.lingbao.provincial',
      line: 'digital',
      unitId: 'lingbao',
      source: 'provincial',
      status: 'active',
      pauseReason: null,
      fundedFen: 0,
      availableFen: 0,
      totalFen: 0,
      createdAt: '2025-06-01T02:00:00.000Z',
    });
    const again = await ledger.service.createPool({ line: 'digital', unitId: 'lingbao', source: 'provincial' });
    expect(again).toEqual({ created: false, pool: first.pool });
    await ledger.service.createPool({ line: 'digital', unitId: 'city', source: 'city' });
    await ledger.service.createPool({ line: 'ebike', unitId: 'lingbao', source: 'central' });

    expect((await ledger.service.listPools({ unitId: 'lingbao' })).map((pool) => pool.id)).toEqual([
      'digital.lingbao.provincial',
      'ebike.lingbao.central',
    ]);
    expect((await ledger.service.listPools({ line: 'digital', source: 'city' })).map((pool) => pool.id)).toEqual([
      'digital.city.city',
    ]);
    await rejectsWith(ledger.service.listPools({ line: 'lottery' }), 'VALIDATION_FAILED', 'line');
  });

  it('refuses pools for unknown lines, units and sources, naming the field', async () => {
    const create = (line: string, unitId: string, source: string): Promise<unknown> =>
      ledger.service.createPool({ line, unitId, source } as never);
    await rejectsWith(create('lottery', 'lingbao', 'central'), 'VALIDATION_FAILED', 'line');
    await rejectsWith(create('appliance', 'zhengzhou', 'central'), 'VALIDATION_FAILED', 'unitId');
    await rejectsWith(create('appliance', 'Lingbao', 'central'), 'VALIDATION_FAILED', 'unitId');
    await rejectsWith(create('appliance', 'lingbao', 'donation'), 'VALIDATION_FAILED', 'source');
  });

  it('funds a pool in tranches, once per idempotency key', async () => {
    const { pool } = await ledger.service.createPool({ line: 'car_scrap', unitId: 'city', source: 'central' });
    const first = ok(await ledger.service.fund(pool.id, { amountFen: 50_000_000, idempotencyKey: 't1' }, FINANCE));
    expect(first).toMatchObject({ replayed: false, pool: { fundedFen: 50_000_000, availableFen: 50_000_000 } });
    const retry = ok(await ledger.service.fund(pool.id, { amountFen: 50_000_000, idempotencyKey: 't1' }, FINANCE));
    expect(retry).toMatchObject({ replayed: true, transactionId: first.transactionId });
    ok(await ledger.service.fund(pool.id, { amountFen: 30_000_000, idempotencyKey: 't2' }, FINANCE));
    expect(await ledger.service.fund(pool.id, { amountFen: 1, idempotencyKey: 't2' }, FINANCE)).toEqual({
      ok: false,
      refusal: { code: 'IDEMPOTENCY_KEY_REUSED', idempotencyKey: 't2' },
    });
    expect(balances(await ledger.service.getPool(pool.id))).toEqual({
      fundedFen: 80_000_000,
      availableFen: 80_000_000,
      heldFen: 0,
      spentFen: 0,
      withdrawnFen: 0,
    });
    const transactions = await ledger.service.postings(pool.id);
    expect(transactions.map((transaction) => [transaction.kind, transaction.amountFen])).toEqual([
      ['fund', 50_000_000],
      ['fund', 30_000_000],
    ]);
    expect(transactions[0]).toMatchObject({
      actor: 'finance-officer-1',
      reference: '豫财预〔2025〕12号',
      bookedOn: '2025-06-01',
      postings: [
        { account: 'funding:central', poolId: null, amountFen: -50_000_000 },
        { account: 'available', poolId: pool.id, amountFen: 50_000_000 },
      ],
    });
    await rejectsWith(
      ledger.service.fund('appliance.nowhere.central', { amountFen: 1, idempotencyKey: 'x' }, FINANCE),
      'POOL_NOT_FOUND',
      'poolId',
    );
  });

  it('holds, commits, releases and returns, moving money between the accounts', async () => {
    const pool = await fundedPool('hubin', 1_000_000);
    const a = ok(await ledger.service.hold(pool.id, { amountFen: 79_980, idempotencyKey: 'a' }, SUBSIDY));
    expect(a.hold).toMatchObject({
      poolId: pool.id,
      amountFen: 79_980,
      status: 'held',
      committedFen: 0,
      reversedFen: 0,
      reference: 'claim-1',
      settledAt: null,
    });
    const b = ok(await ledger.service.hold(pool.id, { amountFen: 200_000, idempotencyKey: 'b' }, SUBSIDY));
    const c = ok(await ledger.service.hold(pool.id, { amountFen: 50_000, idempotencyKey: 'c' }, SUBSIDY));
    expect(balances(await ledger.service.getPool(pool.id))).toMatchObject({ availableFen: 670_020, heldFen: 329_980 });

    // Paid in full; paid less than reserved (the rest goes back at once); not paid.
    expect(ok(await ledger.service.commit(a.hold.id, {}, SUBSIDY)).hold).toMatchObject({
      status: 'committed',
      committedFen: 79_980,
      settledAt: '2025-06-01T02:00:00.000Z',
    });
    expect(ok(await ledger.service.commit(b.hold.id, { amountFen: 150_000 }, SUBSIDY)).hold).toMatchObject({
      status: 'committed',
      committedFen: 150_000,
    });
    expect(ok(await ledger.service.release(c.hold.id, SUBSIDY)).hold.status).toBe('released');
    expect(balances(await ledger.service.getPool(pool.id))).toEqual({
      fundedFen: 1_000_000,
      availableFen: 770_020,
      heldFen: 0,
      spentFen: 229_980,
      withdrawnFen: 0,
    });

    // A return restores pool money: partly, then the rest; a new hold can spend it.
    const partial = ok(
      await ledger.service.reverse(b.hold.id, { amountFen: 50_000, idempotencyKey: 'return-b-1' }, SUBSIDY),
    );
    expect(partial.hold).toMatchObject({ status: 'committed', reversedFen: 50_000 });
    const rest = ok(await ledger.service.reverse(b.hold.id, { idempotencyKey: 'return-b-2' }, SUBSIDY));
    expect(rest.hold).toMatchObject({ status: 'reversed', reversedFen: 150_000 });
    expect(balances(await ledger.service.getPool(pool.id))).toMatchObject({ availableFen: 920_020, spentFen: 79_980 });

    // Or out of the programme, to the treasury.
    ok(await ledger.service.reverse(a.hold.id, { idempotencyKey: 'return-a', destination: 'treasury' }, SUBSIDY));
    const after = await ledger.service.getPool(pool.id);
    expect(balances(after)).toEqual({
      fundedFen: 1_000_000,
      availableFen: 920_020,
      heldFen: 0,
      spentFen: 0,
      withdrawnFen: 79_980,
    });
    expect(after.totalFen).toBe(after.availableFen + after.heldFen + after.spentFen);
    ok(await ledger.service.hold(pool.id, { amountFen: 920_020, idempotencyKey: 'd' }, SUBSIDY));
    expect((await ledger.service.getPool(pool.id)).availableFen).toBe(0);

    const kinds = (await ledger.service.postings(pool.id)).map((transaction) => transaction.kind);
    expect(kinds).toEqual([
      'fund',
      'hold',
      'hold',
      'hold',
      'commit',
      'commit',
      'release',
      'reverse',
      'reverse',
      'reverse',
      'hold',
    ]);
    const commitB = (await ledger.service.postings(pool.id)).find(
      (transaction) => transaction.kind === 'commit' && transaction.holdId === b.hold.id,
    );
    expect(commitB?.postings).toEqual([
      { account: 'held', poolId: pool.id, amountFen: -200_000 },
      { account: 'spent', poolId: pool.id, amountFen: 150_000 },
      { account: 'available', poolId: pool.id, amountFen: 50_000 },
    ]);
  });

  it('refuses a hold the pool cannot afford with BUDGET_EXHAUSTED, writing nothing', async () => {
    const pool = await fundedPool('mianchi', 2_500);
    ok(await ledger.service.hold(pool.id, { amountFen: 2_000, idempotencyKey: 'm1' }, SUBSIDY));
    const transactions = await countRows(ledger.handle, 'ledger_transactions');
    const holds = await countRows(ledger.handle, 'budget_holds');
    expect(await ledger.service.hold(pool.id, { amountFen: 501, idempotencyKey: 'm2' }, SUBSIDY)).toEqual({
      ok: false,
      refusal: { code: 'BUDGET_EXHAUSTED', poolId: pool.id, requestedFen: 501, availableFen: 500 },
    });
    expect(await countRows(ledger.handle, 'ledger_transactions')).toBe(transactions);
    expect(await countRows(ledger.handle, 'budget_holds')).toBe(holds);
    // First come, first served: what is left still serves a smaller claim, and the refused key is free.
    ok(await ledger.service.hold(pool.id, { amountFen: 500, idempotencyKey: 'm2' }, SUBSIDY));
    expect((await ledger.service.getPool(pool.id)).availableFen).toBe(0);
  });

  it('pauses a pool: no new holds, but holds settle and tranches arrive; resume reopens it', async () => {
    const pool = await fundedPool('lushi', 10_000);
    const held = ok(await ledger.service.hold(pool.id, { amountFen: 4_000, idempotencyKey: 'l1' }, SUBSIDY));
    const paused = ok(await ledger.service.pause(pool.id, { reason: '第一批资金已用完' }, FINANCE));
    expect(paused).toMatchObject({ replayed: false, pool: { status: 'paused', pauseReason: '第一批资金已用完' } });
    expect(ok(await ledger.service.pause(pool.id, { reason: 'again' }, FINANCE))).toMatchObject({
      replayed: true,
      transactionId: null,
      pool: { pauseReason: '第一批资金已用完' },
    });
    expect(await ledger.service.hold(pool.id, { amountFen: 1, idempotencyKey: 'l2' }, SUBSIDY)).toEqual({
      ok: false,
      refusal: { code: 'POOL_PAUSED', poolId: pool.id, reason: '第一批资金已用完' },
    });
    ok(await ledger.service.commit(held.hold.id, {}, SUBSIDY));
    ok(await ledger.service.fund(pool.id, { amountFen: 20_000, idempotencyKey: 'lushi-2' }, FINANCE));
    expect((await ledger.service.listPools({ status: 'paused' })).map((listed) => listed.id)).toContain(pool.id);

    expect(ok(await ledger.service.resume(pool.id, FINANCE))).toMatchObject({
      replayed: false,
      pool: { status: 'active', pauseReason: null },
    });
    expect(ok(await ledger.service.resume(pool.id, FINANCE)).replayed).toBe(true);
    ok(await ledger.service.hold(pool.id, { amountFen: 26_000, idempotencyKey: 'l2' }, SUBSIDY));
    const transactions = await ledger.service.postings(pool.id);
    expect(transactions.find((transaction) => transaction.kind === 'pause')).toMatchObject({
      note: '第一批资金已用完',
      postings: [],
      actor: 'finance-officer-1',
    });
  });

  it('returns the same hold for a retried key, even when the retries arrive together', async () => {
    const pool = await fundedPool('yima', 100_000);
    const first = ok(await ledger.service.hold(pool.id, { amountFen: 1_000, idempotencyKey: 'y1' }, SUBSIDY));
    const retry = ok(await ledger.service.hold(pool.id, { amountFen: 1_000, idempotencyKey: 'y1' }, SUBSIDY));
    expect(retry).toMatchObject({ replayed: true, transactionId: first.transactionId, hold: { id: first.hold.id } });
    expect(await ledger.service.hold(pool.id, { amountFen: 1_001, idempotencyKey: 'y1' }, SUBSIDY)).toEqual({
      ok: false,
      refusal: { code: 'IDEMPOTENCY_KEY_REUSED', idempotencyKey: 'y1' },
    });
    const other = await fundedPool('shanzhou', 100_000);
    expect(await ledger.service.hold(other.id, { amountFen: 1_000, idempotencyKey: 'y1' }, SUBSIDY)).toMatchObject({
      refusal: { code: 'IDEMPOTENCY_KEY_REUSED' },
    });

    const together = await Promise.all(
      Array.from({ length: 25 }, () =>
        ledger.service.hold(pool.id, { amountFen: 2_000, idempotencyKey: 'y2' }, SUBSIDY),
      ),
    );
    const ids = new Set(together.map((outcome) => ok(outcome).hold.id));
    expect(ids.size).toBe(1);
    expect(together.filter((outcome) => ok(outcome).replayed === false)).toHaveLength(1);
    expect((await ledger.service.getPool(pool.id)).heldFen).toBe(3_000);

    // Returns are idempotent too: a retried partial return does not return twice.
    const held = ok(await ledger.service.hold(pool.id, { amountFen: 5_000, idempotencyKey: 'y3' }, SUBSIDY));
    ok(await ledger.service.commit(held.hold.id, {}, SUBSIDY));
    const returns = await Promise.all(
      Array.from({ length: 10 }, () =>
        ledger.service.reverse(held.hold.id, { amountFen: 1_000, idempotencyKey: 'y3-return' }, SUBSIDY),
      ),
    );
    expect(returns.every((outcome) => outcome.ok)).toBe(true);
    expect((await ledger.service.getHold(held.hold.id)).reversedFen).toBe(1_000);
    expect(
      await ledger.service.reverse(held.hold.id, { amountFen: 2_000, idempotencyKey: 'y3-return' }, SUBSIDY),
    ).toMatchObject({ refusal: { code: 'IDEMPOTENCY_KEY_REUSED' } });
  });

  it('answers settlements of settled holds with a replay or a refusal', async () => {
    const pool = await fundedPool('urban-rural-demo-zone', 10_000);
    const a = ok(await ledger.service.hold(pool.id, { amountFen: 3_000, idempotencyKey: 'u1' }, SUBSIDY)).hold;
    const b = ok(await ledger.service.hold(pool.id, { amountFen: 3_000, idempotencyKey: 'u2' }, SUBSIDY)).hold;
    ok(await ledger.service.commit(a.id, { amountFen: 2_500 }, SUBSIDY));
    expect(await ledger.service.commit(a.id, { amountFen: 2_500 }, SUBSIDY)).toMatchObject({
      ok: true,
      replayed: true,
      transactionId: null,
    });
    expect(ok(await ledger.service.commit(a.id, {}, SUBSIDY)).replayed).toBe(true);
    expect(await ledger.service.commit(a.id, { amountFen: 3_000 }, SUBSIDY)).toEqual({
      ok: false,
      refusal: { code: 'HOLD_NOT_HELD', holdId: a.id, status: 'committed' },
    });
    expect(await ledger.service.release(a.id, SUBSIDY)).toMatchObject({ refusal: { code: 'HOLD_NOT_HELD' } });
    ok(await ledger.service.release(b.id, SUBSIDY));
    expect(ok(await ledger.service.release(b.id, SUBSIDY)).replayed).toBe(true);
    expect(await ledger.service.commit(b.id, {}, SUBSIDY)).toMatchObject({
      refusal: { code: 'HOLD_NOT_HELD', status: 'released' },
    });
    expect(await ledger.service.reverse(b.id, { idempotencyKey: 'u2-r' }, SUBSIDY)).toEqual({
      ok: false,
      refusal: { code: 'HOLD_NOT_COMMITTED', holdId: b.id, status: 'released' },
    });
    expect(await ledger.service.reverse(a.id, { amountFen: 2_501, idempotencyKey: 'u1-r' }, SUBSIDY)).toEqual({
      ok: false,
      refusal: { code: 'REVERSAL_EXCEEDS_SPENT', holdId: a.id, requestedFen: 2_501, reversibleFen: 2_500 },
    });
    ok(await ledger.service.reverse(a.id, { idempotencyKey: 'u1-r' }, SUBSIDY));
    expect(await ledger.service.reverse(a.id, { idempotencyKey: 'u1-r2' }, SUBSIDY)).toMatchObject({
      refusal: { code: 'REVERSAL_EXCEEDS_SPENT', requestedFen: 0, reversibleFen: 0 },
    });
  });

  it('throws only for unknown pools and holds and for invalid arguments, naming the field', async () => {
    const pool = await fundedPool('economic-development-zone', 10_000);
    await rejectsWith(ledger.service.getPool('nope'), 'POOL_NOT_FOUND', 'poolId');
    await rejectsWith(ledger.service.hold('nope', { amountFen: 1, idempotencyKey: 'e' }, SUBSIDY), 'POOL_NOT_FOUND');
    await rejectsWith(ledger.service.pause('nope', {}, FINANCE), 'POOL_NOT_FOUND');
    await rejectsWith(ledger.service.forecast('nope', '2025-06-01'), 'POOL_NOT_FOUND');
    await rejectsWith(ledger.service.getHold('nope'), 'HOLD_NOT_FOUND', 'holdId');
    await rejectsWith(ledger.service.commit('nope', {}, SUBSIDY), 'HOLD_NOT_FOUND');
    await rejectsWith(ledger.service.release('nope', SUBSIDY), 'HOLD_NOT_FOUND');
    await rejectsWith(ledger.service.reverse('nope', { idempotencyKey: 'e' }, SUBSIDY), 'HOLD_NOT_FOUND');
    for (const amountFen of [0, -1, 1.5, Number.NaN, 2 ** 53, '100']) {
      await rejectsWith(
        ledger.service.hold(pool.id, { amountFen: amountFen as number, idempotencyKey: 'e' }, SUBSIDY),
        'VALIDATION_FAILED',
        'amountFen',
      );
    }
    await rejectsWith(
      ledger.service.hold(pool.id, { amountFen: 1, idempotencyKey: '' }, SUBSIDY),
      'VALIDATION_FAILED',
      'idempotencyKey',
    );
    await rejectsWith(
      ledger.service.hold(pool.id, { amountFen: 1, idempotencyKey: 'k'.repeat(201) }, SUBSIDY),
      'VALIDATION_FAILED',
      'idempotencyKey',
    );
    await rejectsWith(
      ledger.service.hold(pool.id, { amountFen: 1, idempotencyKey: 'e' }, { actor: ' ' }),
      'VALIDATION_FAILED',
      'actor',
    );
    const held = ok(await ledger.service.hold(pool.id, { amountFen: 100, idempotencyKey: 'e1' }, SUBSIDY)).hold;
    await rejectsWith(ledger.service.commit(held.id, { amountFen: 101 }, SUBSIDY), 'VALIDATION_FAILED', 'amountFen');
    await rejectsWith(
      ledger.service.reverse(held.id, { idempotencyKey: 'e2', destination: 'merchant' as never }, SUBSIDY),
      'VALIDATION_FAILED',
      'destination',
    );
    await rejectsWith(
      ledger.service.fund(pool.id, { amountFen: Number.MAX_SAFE_INTEGER, idempotencyKey: 'too-much' }, FINANCE),
      'VALIDATION_FAILED',
      'amountFen',
    );
    await rejectsWith(ledger.service.forecast(pool.id, '2025-02-30'), 'VALIDATION_FAILED', 'today');
    await rejectsWith(
      ledger.service.forecast(pool.id, '2025-06-01', { windowDays: 0 }),
      'VALIDATION_FAILED',
      'windowDays',
    );
    await rejectsWith(ledger.service.postings(pool.id, { limit: 0 }), 'VALIDATION_FAILED', 'limit');
    // Nothing was held by the refused requests.
    expect((await ledger.service.getPool(pool.id)).heldFen).toBe(100);
  });

  it('pages through a pool’s transactions in ledger order', async () => {
    const { pool } = await ledger.service.createPool({ line: 'ebike', unitId: 'hubin', source: 'city' });
    ok(await ledger.service.fund(pool.id, { amountFen: 10_000, idempotencyKey: 'eb-fund' }, FINANCE));
    for (let index = 0; index < 4; index += 1) {
      const held = ok(await ledger.service.hold(pool.id, { amountFen: 100, idempotencyKey: `eb-${index}` }, SUBSIDY));
      ok(await ledger.service.commit(held.hold.id, {}, SUBSIDY));
    }
    const all = await ledger.service.postings(pool.id, { limit: 1000 });
    expect(all).toHaveLength(9);
    const firstPage = await ledger.service.postings(pool.id, { limit: 4 });
    const secondPage = await ledger.service.postings(pool.id, {
      limit: 4,
      afterTransactionId: firstPage.at(-1)?.id ?? 0,
    });
    expect([...firstPage, ...secondPage]).toEqual(all.slice(0, 8));
    const newest = await ledger.service.postings(pool.id, { limit: 4, beforeTransactionId: Number.MAX_SAFE_INTEGER });
    const older = await ledger.service.postings(pool.id, { limit: 4, beforeTransactionId: newest.at(-1)?.id ?? 0 });
    expect([...newest, ...older]).toEqual([...all].reverse().slice(0, 8));
    for (const transaction of all) {
      expect(transaction.postings.reduce((sum, posting) => sum + posting.amountFen, 0)).toBe(0);
    }
    const ids = all.map((transaction) => transaction.id);
    expect(ids).toEqual([...ids].sort((x, y) => x - y));
  });

  it('forecasts the day a pool runs dry from the spend of recent days', async () => {
    const { pool } = await ledger.service.createPool({ line: 'smart_home', unitId: 'city', source: 'provincial' });
    ledger.clock.set('2025-06-01T01:00:00Z');
    ok(await ledger.service.fund(pool.id, { amountFen: 1_000_000, idempotencyKey: 'sh-fund' }, FINANCE));
    // 100,000 fen a day for four days (booked in China Standard Time: 17:00 UTC is the next day there).
    for (const [index, instant] of [
      '2025-06-01T03:00:00Z',
      '2025-06-01T17:00:00Z',
      '2025-06-03T03:00:00Z',
      '2025-06-04T03:00:00Z',
    ].entries()) {
      ledger.clock.set(instant);
      ok(await ledger.service.hold(pool.id, { amountFen: 100_000, idempotencyKey: `sh-${index}` }, SUBSIDY));
    }
    // A released hold is not burn; a commit is not new burn (its hold already was).
    const released = ok(await ledger.service.hold(pool.id, { amountFen: 50_000, idempotencyKey: 'sh-r' }, SUBSIDY));
    ok(await ledger.service.release(released.hold.id, SUBSIDY));
    ledger.clock.set('2025-06-05T02:00:00Z');
    const forecast = await ledger.service.forecast(pool.id, '2025-06-05');
    expect(forecast).toMatchObject({
      status: 'forecast',
      availableFen: 600_000,
      windowStart: '2025-06-01',
      windowEnd: '2025-06-04',
      daysAveraged: 4,
      burnInWindowFen: 400_000,
      averageDailyBurnFen: 100_000,
      daysLeft: 6,
      runsDryOn: '2025-06-10',
    });
    expect(forecast.days).toEqual([
      { date: '2025-06-01', burnFen: 100_000 },
      { date: '2025-06-02', burnFen: 100_000 },
      { date: '2025-06-03', burnFen: 100_000 },
      { date: '2025-06-04', burnFen: 100_000 },
    ]);
    expect(await ledger.service.forecast(pool.id, '2025-06-05', { windowDays: 2 })).toMatchObject({
      daysAveraged: 2,
      daysLeft: 6,
    });
    expect(await ledger.service.forecast(pool.id, '2025-06-30')).toMatchObject({ status: 'no_burn', runsDryOn: null });
    ledger.clock.set('2025-06-01T02:00:00Z');
  });

  it('keeps the books balanced: postings sum to zero and every pool agrees with its postings and holds', async () => {
    const report = await ledger.service.verifyBooks();
    expect(report.problems).toEqual([]);
    expect(report.balanced).toBe(true);
    expect(report.transactionCount).toBe(await countRows(ledger.handle, 'ledger_transactions'));
    expect(report.postingCount).toBe(await countRows(ledger.handle, 'ledger_postings'));
    expect(await postingTotal(ledger.handle)).toBe(0);
    for (const pool of await ledger.service.listPools()) {
      expect(pool.fundedFen).toBe(pool.availableFen + pool.heldFen + pool.spentFen + pool.withdrawnFen);
      expect(pool.totalFen).toBe(pool.availableFen + pool.heldFen + pool.spentFen);
      expect(Math.min(pool.availableFen, pool.heldFen, pool.spentFen, pool.withdrawnFen)).toBeGreaterThanOrEqual(0);
    }
  });

  it('lets the database itself refuse what would break an invariant', async () => {
    const pool = await fundedPool('lingbao', 1_000);
    const { db } = ledger.handle;
    const update = (assignments: ReturnType<typeof sql>): Promise<unknown> =>
      sql`update budget_pools set ${assignments} where id = ${pool.id}`.execute(db);
    // Below zero, even with the pool's money otherwise accounted for.
    await expect(update(sql`available_fen = available_fen - 1001, held_fen = held_fen + 1001`)).rejects.toThrow();
    // Money appearing or vanishing.
    await expect(update(sql`available_fen = available_fen + 1`)).rejects.toThrow();
    await expect(update(sql`status = 'closed'`)).rejects.toThrow();
    // A hold committing more than it held, or returning more than it spent.
    const held = ok(await ledger.service.hold(pool.id, { amountFen: 100, idempotencyKey: 'lb1' }, SUBSIDY)).hold;
    await expect(
      sql`update budget_holds set status = 'committed', committed_fen = 101 where id = ${held.id}`.execute(db),
    ).rejects.toThrow();
    await expect(
      sql`update budget_holds set status = 'committed', committed_fen = 100, reversed_fen = 101 where id = ${held.id}`.execute(
        db,
      ),
    ).rejects.toThrow();
    // An idempotency key twice; a posting of nothing; a pool account without its pool.
    await expect(
      db
        .insertInto('budget_holds')
        .values({
          id: 'another',
          pool_id: pool.id,
          amount_fen: 1,
          status: 'held',
          committed_fen: 0,
          reversed_fen: 0,
          idempotency_key: 'lb1',
          reference: null,
          actor: 'a',
          created_at: '2025-06-01T02:00:00.000Z',
          settled_at: null,
        })
        .execute(),
    ).rejects.toThrow();
    const [transaction] = await ledger.service.postings(pool.id);
    await expect(
      db
        .insertInto('ledger_postings')
        .values({ transaction_id: transaction?.id ?? 0, leg: 9, account: 'held', pool_id: pool.id, amount_fen: 0 })
        .execute(),
    ).rejects.toThrow();
    await expect(
      db
        .insertInto('ledger_postings')
        .values({ transaction_id: transaction?.id ?? 0, leg: 9, account: 'held', pool_id: null, amount_fen: 5 })
        .execute(),
    ).rejects.toThrow();
    expect(balances(await ledger.service.getPool(pool.id))).toEqual({
      fundedFen: 1_000,
      availableFen: 900,
      heldFen: 100,
      spentFen: 0,
      withdrawnFen: 0,
    });
    expect((await ledger.service.verifyBooks()).balanced).toBe(true);
  });
});
