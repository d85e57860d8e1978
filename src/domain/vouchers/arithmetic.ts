/**
 * Exact integer arithmetic for vouchers: fen and counts are safe integers, and a product or sum that would pass
 * Number.MAX_SAFE_INTEGER is refused rather than rounded. Divisions round once with the platform's one named
 * mode, half_up (domain/subsidy/money.ts), computed in BigInt so no intermediate product can lose a fen.
 */
import { ROUNDING_MODE, type RoundingMode } from '../subsidy/money.js';

export const VOUCHER_ROUNDING: RoundingMode = ROUNDING_MODE;

/** a × b, or null when the exact product would pass Number.MAX_SAFE_INTEGER (a, b safe non-negative integers). */
export function safeProduct(a: number, b: number): number | null {
  const product = a * b;
  // Rounding is monotone: a true product above MAX_SAFE_INTEGER never lands on a safe integer.
  return Number.isSafeInteger(product) ? product : null;
}

/** a + b, or null past Number.MAX_SAFE_INTEGER (a, b safe non-negative integers). */
export function safeSum(a: number, b: number): number | null {
  const sum = a + b;
  return Number.isSafeInteger(sum) ? sum : null;
}

/** Σ values, throwing RangeError past Number.MAX_SAFE_INTEGER. */
export function exactTotal(values: Iterable<number>): number {
  let total = 0;
  for (const value of values) {
    const next = safeSum(total, value);
    if (next === null) throw new RangeError('total passes Number.MAX_SAFE_INTEGER');
    total = next;
  }
  return total;
}

/**
 * a × b ÷ c rounded half_up (a half rounds up), for safe integers a, b ≥ 0 and c ≥ 1, exact whatever the size of
 * a × b: mulDivHalfUp(2000, 90, 100) → 1800; mulDivHalfUp(1, 1, 2) → 1.
 */
export function mulDivHalfUp(a: number, b: number, c: number): number {
  if (!Number.isSafeInteger(a) || !Number.isSafeInteger(b) || !Number.isSafeInteger(c) || a < 0 || b < 0 || c < 1) {
    throw new RangeError('mulDivHalfUp takes safe integers a, b ≥ 0 and c ≥ 1');
  }
  const numerator = BigInt(a) * BigInt(b);
  const divisor = BigInt(c);
  const result = (2n * numerator + divisor) / (2n * divisor);
  const value = Number(result);
  if (!Number.isSafeInteger(value)) throw new RangeError('result passes Number.MAX_SAFE_INTEGER');
  return value;
}
