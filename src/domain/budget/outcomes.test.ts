import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../shared/errors.js';
import { LEDGER_REFUSAL_CODES, describeRefusal, type LedgerRefusal } from './outcomes.js';

describe('ledger refusals', () => {
  it('each have a stable error code with a 409 status', () => {
    for (const code of LEDGER_REFUSAL_CODES) expect(ERROR_CODES[code].status).toBe(409);
  });

  it('explain themselves in zh-CN with exact yuan', () => {
    const examples: LedgerRefusal[] = [
      { code: 'BUDGET_EXHAUSTED', poolId: 'appliance.city.central', requestedFen: 79_980, availableFen: 50_000 },
      { code: 'POOL_PAUSED', poolId: 'appliance.city.central', reason: '第二批资金未到位' },
      { code: 'HOLD_NOT_HELD', holdId: 'h', status: 'released' },
      { code: 'HOLD_NOT_COMMITTED', holdId: 'h', status: 'held' },
      { code: 'REVERSAL_EXCEEDS_SPENT', holdId: 'h', requestedFen: 100, reversibleFen: 99 },
      { code: 'IDEMPOTENCY_KEY_REUSED', idempotencyKey: 'k' },
    ];
    expect(examples.map((refusal) => refusal.code).sort()).toEqual([...LEDGER_REFUSAL_CODES].sort());
    expect(describeRefusal(examples[0] as LedgerRefusal)).toBe(
      '资金池 appliance.city.central 可用余额 500.00 元，不足 799.80 元：资金已用完即止',
    );
    expect(describeRefusal(examples[1] as LedgerRefusal)).toContain('第二批资金未到位');
    for (const refusal of examples) expect(describeRefusal(refusal).length).toBeGreaterThan(5);
  });
});
