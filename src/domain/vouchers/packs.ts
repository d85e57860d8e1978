/**
 * Voucher packs (issue 13 §1): a pack holds several denominations, each `{faceFen, thresholdFen, count}`, e.g.
 * Hangzhou's 2×5 + 2×10 + 1×20 yuan, or Henan's 满100减20 (threshold 10,000, face 2,000) and 满200减50
 * (sources/reference.md, Vouchers). A round of `quantity` packs must hold exactly quantity × the pack's face
 * total when it is released (pre-funded, as WeChat Pay voucher stocks are: maximum amount = face × count), so
 * no voucher exists without money behind it. Integer fen throughout; products and sums are checked to stay
 * within Number.MAX_SAFE_INTEGER, so every figure is exact.
 */
import { safeProduct, safeSum } from './arithmetic.js';

export interface Denomination {
  /** What the voucher takes off a bill, fen (> 0). */
  readonly faceFen: number;
  /** The bill it needs (满 threshold 减 face), fen: 0 for none, else ≥ faceFen. */
  readonly thresholdFen: number;
  /** How many vouchers of this denomination one pack holds (≥ 1). */
  readonly count: number;
}

export type Pack = readonly Denomination[];

/** One voucher's value: what it takes off and the bill it needs. */
export interface VoucherFace {
  readonly faceFen: number;
  readonly thresholdFen: number;
}

/**
 * Platform bounds (not plan numbers): what a sane pack looks like. A face of 10,000 yuan allows the car and
 * appliance vouchers some cities issue; anything beyond these is a typing error, not a policy.
 */
export const MAX_FACE_FEN = 1_000_000;
/** 满 1,000,000 yuan is beyond any consumer bill a voucher is meant for. */
export const MAX_THRESHOLD_FEN = 100_000_000;
/** Vouchers of one denomination in one pack. */
export const MAX_COUNT_PER_DENOMINATION = 100;
/** Denominations in one pack. */
export const MAX_DENOMINATIONS = 20;
/** Packs in one round: ten times Hangzhou's 1.5 million packs. */
export const MAX_ROUND_QUANTITY = 15_000_000;

export type PackProblemCode = 'empty' | 'too_many' | 'not_integer' | 'not_positive' | 'too_large' | 'below_face';

export interface PackProblem {
  /** The field at fault: `packs`, `packs[1].thresholdFen`, `quantity`. */
  readonly field: string;
  readonly problem: PackProblemCode;
  readonly message: string;
  readonly messageEn: string;
}

function problem(field: string, code: PackProblemCode, message: string, messageEn: string): PackProblem {
  return { field, problem: code, message, messageEn };
}

function integerProblems(
  field: string,
  value: number,
  min: number,
  max: number,
  words: { zh: string; en: string },
): PackProblem[] {
  if (!Number.isSafeInteger(value)) {
    return [problem(field, 'not_integer', `${words.zh}必须是整数（分）`, `${words.en} must be a whole number`)];
  }
  if (value < min) {
    return [problem(field, 'not_positive', `${words.zh}不能小于 ${min}`, `${words.en} must be at least ${min}`)];
  }
  if (value > max) {
    return [problem(field, 'too_large', `${words.zh}不能大于 ${max}`, `${words.en} must be at most ${max}`)];
  }
  return [];
}

/** Every problem of a pack at once (field-named), or an empty list. */
export function validatePack(pack: Pack, field = 'packs'): PackProblem[] {
  if (pack.length === 0)
    return [problem(field, 'empty', '券包至少要有一种面额', 'A pack needs at least one denomination')];
  if (pack.length > MAX_DENOMINATIONS) {
    return [
      problem(
        field,
        'too_many',
        `券包最多 ${MAX_DENOMINATIONS} 种面额`,
        `A pack holds at most ${MAX_DENOMINATIONS} denominations`,
      ),
    ];
  }
  return pack.flatMap((denomination, index) => {
    const at = `${field}[${index}]`;
    const found = [
      ...integerProblems(`${at}.faceFen`, denomination.faceFen, 1, MAX_FACE_FEN, { zh: '面额', en: 'faceFen' }),
      ...integerProblems(`${at}.thresholdFen`, denomination.thresholdFen, 0, MAX_THRESHOLD_FEN, {
        zh: '使用门槛',
        en: 'thresholdFen',
      }),
      ...integerProblems(`${at}.count`, denomination.count, 1, MAX_COUNT_PER_DENOMINATION, {
        zh: '张数',
        en: 'count',
      }),
    ];
    const { faceFen, thresholdFen } = denomination;
    if (found.length === 0 && thresholdFen !== 0 && thresholdFen < faceFen) {
      found.push(
        problem(
          `${at}.thresholdFen`,
          'below_face',
          '使用门槛必须为 0（无门槛）或不低于面额',
          'thresholdFen must be 0 (no threshold) or at least faceFen',
        ),
      );
    }
    return found;
  });
}

/** Problems of a round's pack and quantity, including a budget that would pass Number.MAX_SAFE_INTEGER. */
export function validateRound(pack: Pack, quantity: number): PackProblem[] {
  const found = [
    ...validatePack(pack),
    ...integerProblems('quantity', quantity, 1, MAX_ROUND_QUANTITY, { zh: '券包数量', en: 'quantity' }),
  ];
  if (found.length === 0 && exactRoundBudget(pack, quantity) === null) {
    found.push(problem('quantity', 'too_large', '本轮所需资金超出可精确计算的范围', 'The round’s budget is too large'));
  }
  return found;
}

/** Σ face × count, or null past MAX_SAFE_INTEGER. */
function exactFaceTotal(pack: Pack): number | null {
  let total = 0;
  for (const { faceFen, count } of pack) {
    const part = safeProduct(faceFen, count);
    const next = part === null ? null : safeSum(total, part);
    if (next === null) return null;
    total = next;
  }
  return total;
}

function exactRoundBudget(pack: Pack, quantity: number): number | null {
  const face = exactFaceTotal(pack);
  return face === null ? null : safeProduct(face, quantity);
}

function requireValid(found: readonly PackProblem[]): void {
  if (found.length > 0) throw new RangeError(found.map((item) => `${item.field}: ${item.messageEn}`).join('; '));
}

/** The face value of one pack, fen: 2×500 + 2×1000 + 1×2000 → 5000. Throws RangeError on an invalid pack. */
export function packFaceFen(pack: Pack): number {
  requireValid(validatePack(pack));
  const total = exactFaceTotal(pack);
  if (total === null) throw new RangeError('pack face total passes Number.MAX_SAFE_INTEGER');
  return total;
}

/** Vouchers in one pack: 2 + 2 + 1 → 5. */
export function packVoucherCount(pack: Pack): number {
  requireValid(validatePack(pack));
  return pack.reduce((sum, { count }) => sum + count, 0);
}

/**
 * The money a round of `quantity` packs must hold when released: quantity × the pack's face total, exact.
 * Throws RangeError on an invalid pack or quantity, or a budget past Number.MAX_SAFE_INTEGER (validateRound
 * answers the same as values, for the service to refuse the request before it gets here).
 */
export function roundBudgetFen(pack: Pack, quantity: number): number {
  requireValid(validateRound(pack, quantity));
  const budget = exactRoundBudget(pack, quantity);
  if (budget === null) throw new RangeError('round budget passes Number.MAX_SAFE_INTEGER');
  return budget;
}

/** The vouchers of one pack, one entry per voucher, denominations in the pack's order (what a claim issues). */
export function packVouchers(pack: Pack): VoucherFace[] {
  requireValid(validatePack(pack));
  return pack.flatMap(({ faceFen, thresholdFen, count }) =>
    Array.from({ length: count }, () => ({ faceFen, thresholdFen })),
  );
}
