import { describe, expect, it } from 'vitest';
import * as identity from './index.js';

describe('identity index', () => {
  it('re-exports the public API', () => {
    expect(Object.keys(identity).sort()).toEqual([
      'CREDIT_CODE_ALPHABET',
      'checkCreditCode',
      'checkDisplayName',
      'checkIdNumber',
      'checkMobileNumber',
      'creditCodeCheckCharacter',
      'idNumberCheckCharacter',
      'isCalendarDate',
      'maskBankAccount',
      'maskIdNumber',
      'maskMobile',
      'personalDataIn',
    ]);
  });
});
