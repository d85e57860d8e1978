import { describe, expect, it } from 'vitest';
import { voucherCode } from './voucher-service.js';

describe('voucher codes', () => {
  const at = Date.UTC(2026, 11, 6, 10, 0, 0);

  it('are 16 characters a cashier can key in: no 0, O, 1 or I', () => {
    for (let count = 0; count < 1000; count += 1) expect(voucherCode(at)).toMatch(/^[2-9A-HJ-NP-Z]{16}$/);
  });

  it('start with the second they were made, so a later second sorts after an earlier one', () => {
    const codes = [0, 1, 2, 31, 32, 1000, 86_400].map((seconds) => voucherCode(at + seconds * 1000));
    expect([...codes].sort()).toEqual(codes);
    expect(voucherCode(at).slice(0, 5)).toBe(voucherCode(at + 999).slice(0, 5));
    expect(voucherCode(at).slice(0, 5)).not.toBe(voucherCode(at + 1000).slice(0, 5));
  });

  it('differ in their random part within one second', () => {
    const codes = new Set(Array.from({ length: 10_000 }, () => voucherCode(at)));
    expect(codes.size).toBe(10_000);
    expect(new Set([...codes].map((code) => code.slice(5, 7))).size).toBeGreaterThan(900);
  });

  it('wrap after 32^5 seconds and before the epoch without leaving the alphabet', () => {
    expect(voucherCode(Date.UTC(2024, 0, 1))).toMatch(/^[2-9A-HJ-NP-Z]{16}$/);
    expect(voucherCode(Date.UTC(2025, 0, 1) + 32 ** 5 * 1000).slice(0, 5)).toBe('22222');
  });
});
