/**
 * Checks of the budget module's arguments, for callers that did not come through a schema (other
 * services, the CLI, tests): each failure is a VALIDATION_FAILED naming the field.
 */
import type { LedgerRefusal } from '../../domain/budget/outcomes.js';
import { describeRefusal } from '../../domain/budget/outcomes.js';
import { CITY_WIDE, FUNDING_SOURCES, BUDGET_LINES, UNIT_ID_PATTERN, type PoolKey } from '../../domain/budget/types.js';
import { AppError } from '../../shared/errors.js';

export const MAX_KEY_LENGTH = 200;
export const MAX_TEXT_LENGTH = 500;

export function invalid(field: string, message: string): AppError {
  return new AppError('VALIDATION_FAILED', message, field);
}

export function requireFen(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0) {
    throw invalid(field, `${field} must be a positive whole number of fen (got ${String(value)})`);
  }
  return value;
}

export function requireText(value: unknown, field: string, maxLength: number): string {
  if (typeof value !== 'string' || value.trim() === '' || value.length > maxLength) {
    throw invalid(field, `${field} must be a non-empty string of at most ${maxLength} characters`);
  }
  return value;
}

export function optionalText(value: unknown, field: string): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string' || value.length > MAX_TEXT_LENGTH) {
    throw invalid(field, `${field} must be a string of at most ${MAX_TEXT_LENGTH} characters`);
  }
  return value;
}

export function oneOf<T extends string>(values: readonly T[], value: unknown, field: string): T {
  const found = values.find((candidate) => candidate === value);
  if (found === undefined) throw invalid(field, `${field} must be one of ${values.join(', ')} (got ${String(value)})`);
  return found;
}

/** A ledger refusal as the error a caller who cannot go on answers with (its stable code, zh-CN words). */
export function refusalError(refusal: LedgerRefusal): AppError {
  return new AppError(refusal.code, describeRefusal(refusal));
}

export function poolNotFound(poolId: string): AppError {
  return new AppError('POOL_NOT_FOUND', `there is no budget pool "${poolId}"`, 'poolId');
}

export function holdNotFound(holdId: string): AppError {
  return new AppError('HOLD_NOT_FOUND', `there is no budget hold "${holdId}"`, 'holdId');
}

/** The pool a request names, checked: a known line and source, and a unit of the plan in force (or `city`). */
export async function poolKeyOf(
  request: { readonly line: unknown; readonly unitId: unknown; readonly source: unknown },
  unitsOfPlan: () => Promise<readonly string[] | undefined>,
): Promise<PoolKey> {
  const line = oneOf(BUDGET_LINES, request.line, 'line');
  const source = oneOf(FUNDING_SOURCES, request.source, 'source');
  const unitId = request.unitId;
  if (typeof unitId !== 'string' || !UNIT_ID_PATTERN.test(unitId)) {
    throw invalid('unitId', 'unitId must be an implementing-unit id (lower case, digits, hyphens) or "city"');
  }
  const units = unitId === CITY_WIDE ? undefined : await unitsOfPlan();
  if (units !== undefined && !units.includes(unitId)) {
    throw invalid('unitId', `unitId "${unitId}" is not an implementing unit of the plan`);
  }
  return { line, unitId, source };
}
