/**
 * Money arithmetic of the engine: integer fen, rates in basis points, one named rounding mode
 * applied once. A rate amount is base × rate / 10,000; the product base × rate is an exact integer
 * (the input bound MAX_MONEY_FEN keeps it below 2^53), so nothing is ever a float.
 */

/**
 * half_up (四舍五入): to the nearest fen, a half fen rounds up. Amounts are never negative, so
 * half up and half away from zero agree.
 */
export type RoundingMode = 'half_up';
export const ROUNDING_MODE: RoundingMode = 'half_up';

/** 100% in basis points: a unit conversion, not a policy number. */
export const BASIS_POINTS_PER_WHOLE = 10_000;
const HALF = BASIS_POINTS_PER_WHOLE / 2;

export const ROUNDING_LABELS: Readonly<Record<RoundingMode, { zh: string; en: string }>> = {
  half_up: { zh: '四舍五入到分', en: 'rounded half up to the fen' },
};

/**
 * Rounds an amount given in ten-thousandths of a fen (base × rate in basis points) to whole fen.
 * `scaled` must be a non-negative safe integer.
 */
export function roundScaledToFen(scaled: number, mode: RoundingMode): number {
  const remainder = scaled % BASIS_POINTS_PER_WHOLE;
  const whole = (scaled - remainder) / BASIS_POINTS_PER_WHOLE;
  switch (mode) {
    case 'half_up':
      return remainder >= HALF ? whole + 1 : whole;
  }
}

/** base × rate, rounded once with ROUNDING_MODE: 399,900 fen at 2,000 bp → 79,980 fen. */
export function rateAmountFen(baseFen: number, rateBp: number): number {
  return roundScaledToFen(baseFen * rateBp, ROUNDING_MODE);
}

/** Fen as yuan with two decimals, no grouping, integer arithmetic only: 399900 → "3999.00". */
export function yuan(fen: number): string {
  const whole = Math.trunc(fen / 100);
  const cents = fen % 100;
  return `${whole}.${String(cents).padStart(2, '0')}`;
}

/** A plan amount as the plan writes it: whole yuan without decimals (200000 → "2000"), else two. */
export function yuanAsPlanned(fen: number): string {
  return fen % 100 === 0 ? String(fen / 100) : yuan(fen);
}

/**
 * An exact rate amount before rounding, from ten-thousandths of a fen: 185185500 → "185.1855"
 * (at least two decimals, no trailing zeros beyond them).
 */
export function yuanExact(scaled: number): string {
  const perYuan = 100 * BASIS_POINTS_PER_WHOLE;
  const whole = Math.trunc(scaled / perYuan);
  const fraction = String(scaled % perYuan)
    .padStart(6, '0')
    .replace(/0{1,4}$/, '');
  return `${whole}.${fraction}`;
}
