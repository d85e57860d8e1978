import { describe, expect, it } from 'vitest';
import { maskedLogin, maskedText } from './security-log.js';

describe('what the security log keeps of a login or a search', () => {
  it('masks a mobile number as everywhere else', () => {
    expect(maskedLogin(' 13812345678 ')).toBe('138****5678');
    expect(maskedText('13812345678')).toBe('138****5678');
  });

  it('keeps two characters of any other login, so a password typed as a login is not logged', () => {
    expect(maskedLogin('demo-admin')).toBe('de********');
    expect(maskedLogin('my secret password that is long')).toBe('my********');
    expect(maskedLogin('a')).toBe('a');
  });

  it('keeps the first character of a search, one star per other character', () => {
    expect(maskedText('王五')).toBe('王*');
    expect(maskedText('张三丰')).toBe('张**');
    expect(maskedText('')).toBe('');
  });
});
