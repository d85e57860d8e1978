import { describe, expect, it } from 'vitest';
import { ApiError } from '../../lib/api/client';
import { budgetError, formFieldOf } from './errors';
import { budgetText, type BudgetTranslate } from './messages';

const bt: BudgetTranslate = (key, vars) => budgetText('zh-CN', key, vars);

describe('budget errors', () => {
  it('gives known codes a sentence and keeps the server message, field and request id', () => {
    const error = new ApiError(409, 'POOL_PAUSED', 'pool appliance.hubin.city is paused: 额度用完', 'req-1');
    expect(budgetError(error, bt)).toEqual({
      title: '资金池已暂停。',
      message: 'pool appliance.hubin.city is paused: 额度用完',
      code: 'POOL_PAUSED',
      requestId: 'req-1',
    });
    const invalid = new ApiError(400, 'VALIDATION_FAILED', 'body field "amountFen" must be >= 1', 'req-2', 'amountFen');
    expect(budgetError(invalid, bt)).toMatchObject({ title: '填写的内容不符合要求。', field: 'amountFen' });
    expect(budgetError(new ApiError(500, 'INTERNAL', 'boom'), bt).title).toBe('操作未成功');
    expect(budgetError(new Error('offline'), bt)).toEqual({ title: '操作未成功', message: 'offline' });
  });

  it('puts a server error under the form field it names', () => {
    const invalid = new ApiError(400, 'VALIDATION_FAILED', 'must be >= 1', 'r', 'amountFen');
    expect(formFieldOf(invalid, { amountFen: 'amount' })).toEqual({ name: 'amount', errors: ['must be >= 1'] });
    expect(formFieldOf(invalid, { reference: 'reference' })).toBeUndefined();
    expect(formFieldOf(new ApiError(409, 'POOL_PAUSED', 'paused'), { amountFen: 'amount' })).toBeUndefined();
  });
});
