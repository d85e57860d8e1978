/**
 * Funding shares (资金分担): one subsidy draws from each funding source's pool in the line's share, exact
 * to the fen. Declared rounding: the central share is rounded half up to the fen (the engine's one
 * rounding mode, domain/subsidy/money.ts); the city's share is the remainder, so the shares always add
 * up to the subsidy. A share of 0 fen draws nothing (no empty hold).
 */
import type { FundingSource } from '../budget/types.js';
import { rateAmountFen } from '../subsidy/money.js';

export interface FundingShare {
  readonly source: FundingSource;
  readonly amountFen: number;
}

export const SHARE_ROUNDING = 'central: half_up to the fen; city: the remainder' as const;

export function splitFunding(subsidyFen: number, centralShareBp: number): FundingShare[] {
  if (!Number.isSafeInteger(subsidyFen) || subsidyFen < 0) throw new RangeError('subsidyFen must be whole fen ≥ 0');
  if (!Number.isInteger(centralShareBp) || centralShareBp < 0 || centralShareBp > 10_000) {
    throw new RangeError('centralShareBp must be 0…10000');
  }
  const central = rateAmountFen(subsidyFen, centralShareBp);
  const shares: FundingShare[] = [
    { source: 'central', amountFen: central },
    { source: 'city', amountFen: subsidyFen - central },
  ];
  return shares.filter((share) => share.amountFen > 0);
}
