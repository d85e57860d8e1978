import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LedgerRun, ledgerCommands, modelDriver, runPoolKeys } from '../../../test/support/ledger-commands.js';
import { checkBooks } from './invariants.js';
import { LedgerModel, LedgerNotFoundError } from './model.js';
import { balancesAreSound } from './postings.js';

function fundedModel(availableFen: number): { model: LedgerModel; poolId: string } {
  const model = new LedgerModel();
  const pool = model.createPool({ line: 'digital', unitId: 'hubin', source: 'provincial' });
  if (availableFen > 0) model.fund(pool.id, availableFen, 'tranche-1');
  return { model, poolId: pool.id };
}

describe('the ledger model', () => {
  it('holds while money is available, then refuses with BUDGET_EXHAUSTED', () => {
    const { model, poolId } = fundedModel(2500);
    expect(model.hold(poolId, 1000, 'a')).toMatchObject({ ok: true, replayed: false });
    expect(model.hold(poolId, 1000, 'b')).toMatchObject({ ok: true });
    expect(model.hold(poolId, 1000, 'c')).toEqual({
      ok: false,
      refusal: { code: 'BUDGET_EXHAUSTED', poolId, requestedFen: 1000, availableFen: 500 },
    });
    expect(model.hold(poolId, 500, 'd')).toMatchObject({ ok: true });
    expect(model.getPool(poolId)).toMatchObject({ availableFen: 0, heldFen: 2500 });
  });

  it('returns the same hold for a retried key and refuses the key for another amount', () => {
    const { model, poolId } = fundedModel(5000);
    const first = model.hold(poolId, 1000, 'claim-7');
    const again = model.hold(poolId, 1000, 'claim-7');
    expect(again).toMatchObject({ ok: true, replayed: true });
    if (!first.ok || !again.ok) throw new Error('expected holds');
    expect(again.hold.id).toBe(first.hold.id);
    expect(model.getPool(poolId).heldFen).toBe(1000);
    expect(model.hold(poolId, 1200, 'claim-7')).toMatchObject({ refusal: { code: 'IDEMPOTENCY_KEY_REUSED' } });
    expect(model.fund(poolId, 1000, 'claim-7')).toMatchObject({ refusal: { code: 'IDEMPOTENCY_KEY_REUSED' } });
  });

  it('commits, releases, and returns money to the pool or the treasury', () => {
    const { model, poolId } = fundedModel(10_000);
    const a = model.hold(poolId, 4000, 'a');
    const b = model.hold(poolId, 3000, 'b');
    if (!a.ok || !b.ok) throw new Error('expected holds');
    expect(model.commit(a.hold.id, 3500)).toMatchObject({
      ok: true,
      hold: { status: 'committed', committedFen: 3500 },
    });
    expect(model.release(b.hold.id)).toMatchObject({ ok: true, hold: { status: 'released' } });
    expect(model.getPool(poolId)).toMatchObject({ availableFen: 6500, heldFen: 0, spentFen: 3500 });

    expect(model.reverse(a.hold.id, { amountFen: 500, idempotencyKey: 'r1', destination: 'pool' })).toMatchObject({
      ok: true,
      hold: { status: 'committed', reversedFen: 500 },
    });
    expect(model.reverse(a.hold.id, { amountFen: 3001, idempotencyKey: 'r2', destination: 'pool' })).toEqual({
      ok: false,
      refusal: { code: 'REVERSAL_EXCEEDS_SPENT', holdId: a.hold.id, requestedFen: 3001, reversibleFen: 3000 },
    });
    expect(model.reverse(a.hold.id, { idempotencyKey: 'r3', destination: 'treasury' })).toMatchObject({
      ok: true,
      hold: { status: 'reversed', reversedFen: 3500 },
    });
    expect(model.getPool(poolId)).toMatchObject({
      fundedFen: 10_000,
      availableFen: 7000,
      spentFen: 0,
      withdrawnFen: 3000,
    });
    expect(checkBooks(model.snapshot()).balanced).toBe(true);
  });

  it('refuses to settle a hold twice in different ways, and replays the same settlement', () => {
    const { model, poolId } = fundedModel(1000);
    const held = model.hold(poolId, 600, 'a');
    if (!held.ok) throw new Error('expected a hold');
    const id = held.hold.id;
    expect(model.commit(id)).toMatchObject({ ok: true, replayed: false });
    expect(model.commit(id)).toMatchObject({ ok: true, replayed: true });
    expect(model.commit(id, 600)).toMatchObject({ ok: true, replayed: true });
    expect(model.commit(id, 500)).toMatchObject({ refusal: { code: 'HOLD_NOT_HELD', status: 'committed' } });
    expect(model.release(id)).toMatchObject({ refusal: { code: 'HOLD_NOT_HELD' } });
    const other = model.hold(poolId, 100, 'b');
    if (!other.ok) throw new Error('expected a hold');
    expect(model.release(other.hold.id)).toMatchObject({ ok: true, replayed: false });
    expect(model.release(other.hold.id)).toMatchObject({ ok: true, replayed: true });
    expect(model.commit(other.hold.id)).toMatchObject({ refusal: { code: 'HOLD_NOT_HELD', status: 'released' } });
    expect(model.reverse(other.hold.id, { idempotencyKey: 'r', destination: 'pool' })).toMatchObject({
      refusal: { code: 'HOLD_NOT_COMMITTED', status: 'released' },
    });
    expect(() => model.commit('nope')).toThrow(LedgerNotFoundError);
  });

  it('refuses new holds while paused but settles existing ones and takes tranches', () => {
    const { model, poolId } = fundedModel(1000);
    const held = model.hold(poolId, 400, 'a');
    if (!held.ok) throw new Error('expected a hold');
    expect(model.pause(poolId, '资金用完')).toMatchObject({ ok: true, replayed: false, pool: { status: 'paused' } });
    expect(model.pause(poolId, 'again')).toMatchObject({ ok: true, replayed: true, pool: { pauseReason: '资金用完' } });
    expect(model.hold(poolId, 1, 'b')).toEqual({
      ok: false,
      refusal: { code: 'POOL_PAUSED', poolId, reason: '资金用完' },
    });
    expect(model.commit(held.hold.id)).toMatchObject({ ok: true });
    expect(model.fund(poolId, 5000, 'tranche-2')).toMatchObject({ ok: true });
    expect(model.resume(poolId)).toMatchObject({ ok: true, replayed: false, pool: { status: 'active' } });
    expect(model.resume(poolId)).toMatchObject({ ok: true, replayed: true });
    expect(model.hold(poolId, 1, 'b')).toMatchObject({ ok: true });
  });

  it('keeps the books balanced to the fen and every balance sound, after every step of any sequence', async () => {
    await fc.assert(
      fc.asyncProperty(ledgerCommands(60), async (commands) => {
        const model = new LedgerModel();
        const poolIds = runPoolKeys('model').map((key) => model.createPool(key).id);
        const run = new LedgerRun(modelDriver(model), poolIds, 'k');
        let fundedFen = 0;
        for (const command of commands) {
          const before = model.allPools().reduce((sum, pool) => sum + pool.fundedFen, 0);
          const result = await run.step(command);
          const after = model.allPools().reduce((sum, pool) => sum + pool.fundedFen, 0);
          if (command.op === 'fund' && 'ok' in result && result.ok && !result.replayed) fundedFen += command.amountFen;
          else expect(after).toBe(before);
          expect(after).toBe(fundedFen);
          const report = checkBooks(model.snapshot());
          expect(report.problems).toEqual([]);
          for (const pool of model.allPools()) expect(balancesAreSound(pool)).toBe(true);
        }
        for (const hold of model.allHolds()) {
          expect(hold.committedFen).toBeLessThanOrEqual(hold.amountFen);
          expect(hold.reversedFen).toBeLessThanOrEqual(hold.committedFen);
        }
      }),
      { numRuns: 1000 },
    );
  }, 60_000);
});
