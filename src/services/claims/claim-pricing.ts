/**
 * What pricing a claim needs besides the engine: its reference, the normalised keys of its VINs and
 * dwelling, the decision as kept on the claim row, and the goods register's refusal in the engine's words.
 */
import type { QuoteResult } from '../../domain/subsidy/index.js';
import type { ClaimLine } from '../../domain/claims/vocabulary.js';
import type { StoredDecision } from './claim-views.js';

/** A claim's reference on the payout file and the bank transfer: `SQ-<LINE>-<short id>`. */
export function claimReference(line: ClaimLine, id: string): string {
  const code = { car_scrap: 'BF', car_replace: 'ZH', elderly_adaptation: 'SL', first_launch: 'SF' }[line];
  return `SQ-${code}-${id.replace(/-/g, '').slice(0, 12).toUpperCase()}`;
}

export function normaliseVin(vin: string): string {
  return vin.trim().toUpperCase();
}

export function normaliseAddress(address: string): string {
  return address
    .normalize('NFKC')
    .replace(/\s+/g, '')
    .replace(/[，,。.、]/g, '');
}

export function storedDecision(decision: QuoteResult): StoredDecision {
  return {
    explanation: decision.explanation,
    explanationEn: decision.explanationEn,
    reasons: decision.reasons.map((reason) => ({
      code: reason.code,
      message: reason.message,
      messageEn: reason.messageEn,
    })),
    parameterVersion: decision.parameterVersion,
    planVersionId: decision.planVersionId,
  };
}

/** The engine found it eligible, but the new car's VIN is already on the goods register. */
export function alreadySubsidised(decision: QuoteResult): QuoteResult {
  const message = '该车辆（车架号）已享受过汽车以旧换新补贴，同一辆车只补贴一次。';
  const messageEn = 'This car (VIN) has already been subsidised: one car is subsidised once.';
  return {
    ...decision,
    eligible: false,
    subsidyFen: 0,
    reasons: [{ code: 'QUOTA_USED', field: 'newCar.vin', message, messageEn }],
    explanation: `不符合补贴条件：${message}`,
    explanationEn: `Not eligible: ${messageEn}`,
  };
}
