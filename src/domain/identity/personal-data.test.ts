import { describe, expect, it } from 'vitest';
import { personalDataIn } from './personal-data.js';

describe('personal data where an opaque key is expected', () => {
  it('finds ID numbers, alone or inside a value', () => {
    expect(personalDataIn('11010519491231002X')).toBe('id_number');
    expect(personalDataIn('11010519491231002x')).toBe('id_number');
    expect(personalDataIn('dwelling-53010219200508011X')).toBe('id_number');
    expect(personalDataIn('110105491231002')).toBe('id_number');
  });

  it('finds mobile numbers, with or without separators and country prefix', () => {
    expect(personalDataIn('13800000001')).toBe('mobile');
    expect(personalDataIn('+86 138-0000-0001')).toBe('mobile');
    expect(personalDataIn('home:13912345678')).toBe('mobile');
  });

  it('lets opaque keys through', () => {
    expect(personalDataIn('d7f3c2a0-5b1e-4f7a-9c3d-2e8b6a1f0c94')).toBeNull();
    expect(personalDataIn('dwelling-hubin-0042')).toBeNull();
    // 18 digits with a wrong check character is not an ID number.
    expect(personalDataIn('110105194912310021')).toBeNull();
    expect(personalDataIn('LFV2A21K8E4123456')).toBeNull();
    expect(personalDataIn('12345678901')).toBeNull();
  });
});
