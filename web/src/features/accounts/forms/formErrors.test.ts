import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../lib/api/client';
import { fieldErrorOf } from './formErrors';

describe('fieldErrorOf', () => {
  it('puts an error that names a field of the form under it', () => {
    const error = new ApiError(400, 'VALIDATION_FAILED', '身份证号码校验码不正确', 'r1', 'idNumber');
    expect(fieldErrorOf(error, ['name', 'idNumber'])).toEqual({ name: 'idNumber', errors: ['身份证号码校验码不正确'] });
  });

  it('maps a nested field to its top-level form field', () => {
    const error = new ApiError(400, 'VALIDATION_FAILED', 'organisation needed', 'r1', 'roles[0].organisationId');
    expect(fieldErrorOf(error, ['roles'])?.name).toBe('roles');
  });

  it('leaves form-level errors to an alert', () => {
    expect(fieldErrorOf(new ApiError(401, 'INVALID_CREDENTIALS', 'wrong'), ['login'])).toBeUndefined();
    expect(fieldErrorOf(new ApiError(400, 'X', 'm', 'r', 'other'), ['login'])).toBeUndefined();
    expect(fieldErrorOf(new Error('boom'), ['login'])).toBeUndefined();
  });
});
