/**
 * The bank's payment results of a claims payout batch, as the finance officer records them: marked
 * claim by claim in the form, or pasted from the bank's return as CSV lines
 * `申请编号,结果,金额(元),银行流水号,失败原因` (result 已付/paid or 失败/failed; the amount may be left
 * out when the batch's own amount is known). Pure.
 */
import type { ClaimPaymentResult, ClaimPayoutLineView } from '../../../../src/contract/claims';
import { fenOf } from './form';

export type PaymentStatus = ClaimPaymentResult['status'];

/** One claim's mark in the form. */
export type PaymentMark = Pick<ClaimPaymentResult, 'status' | 'bankReference' | 'failureReason'>;

const PAID = new Set(['paid', 'success', 'ok', '已付', '已付款', '成功', '付款成功']);
const FAILED = new Set(['failed', 'fail', 'failure', '失败', '付款失败', '退回', '银行退回']);

/** A result word as a status, or undefined. */
export function statusOf(word: string): PaymentStatus | undefined {
  const text = word.trim().toLowerCase();
  if (PAID.has(text)) return 'paid';
  if (FAILED.has(text)) return 'failed';
  return undefined;
}

/** The cells of one CSV line: commas (or tabs, from a spreadsheet), double quotes around a cell. */
export function cellsOf(line: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i += 1) {
    const char = line[i];
    if (quoted) {
      if (char === '"' && line[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"') quoted = true;
    else if (char === ',' || char === '\t') {
      cells.push(cell.trim());
      cell = '';
    } else cell += char;
  }
  cells.push(cell.trim());
  return cells;
}

export interface ParsedResults {
  readonly results: ClaimPaymentResult[];
  /** Lines (1-based) that are neither a header nor a result. */
  readonly problems: number[];
}

/**
 * Pasted CSV as payment results. `amounts` are the batch's amounts by claim reference (fen), used
 * when a line gives none; a first line that is not a result is taken for a header.
 */
export function parsePaymentCsv(text: string, amounts: ReadonlyMap<string, number> = new Map()): ParsedResults {
  const results: ClaimPaymentResult[] = [];
  const problems: number[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  let first = true;
  lines.forEach((line, index) => {
    if (line.trim() === '') return;
    const header = first;
    first = false;
    const [reference = '', word = '', amount = '', bankReference = '', ...rest] = cellsOf(line);
    const status = statusOf(word);
    const amountFen = amount === '' ? amounts.get(reference) : fenOf(amount);
    if (reference === '' || status === undefined || amountFen === undefined) {
      if (!header || /^SQ-/i.test(reference)) problems.push(index + 1);
      return;
    }
    const failureReason = rest.join(',').trim();
    results.push({
      claimReference: reference,
      status,
      amountFen,
      ...(bankReference ? { bankReference } : {}),
      ...(status === 'failed' && failureReason ? { failureReason } : {}),
    });
  });
  return { results, problems };
}

/**
 * The results to send from the form's marks: one per marked claim of the batch (unmarked ones are
 * left pending), with the batch's amount; a failure's reason only on failures.
 */
export function resultsFromMarks(
  claims: readonly { reference: string; amountFen: number }[],
  marks: Readonly<Record<string, PaymentMark | undefined>>,
): ClaimPaymentResult[] {
  return claims.flatMap(({ reference, amountFen }) => {
    const mark = marks[reference];
    if (!mark) return [];
    const bankReference = mark.bankReference?.trim();
    const failureReason = mark.failureReason?.trim();
    return [
      {
        claimReference: reference,
        status: mark.status,
        amountFen,
        ...(bankReference ? { bankReference } : {}),
        ...(mark.status === 'failed' && failureReason ? { failureReason } : {}),
      },
    ];
  });
}

/** Pasted results as marks of the form (so they can be checked before sending). */
export function marksOf(results: readonly ClaimPaymentResult[]): Record<string, PaymentMark> {
  return Object.fromEntries(
    results.map((r) => [
      r.claimReference,
      {
        status: r.status,
        ...(r.bankReference ? { bankReference: r.bankReference } : {}),
        ...(r.failureReason ? { failureReason: r.failureReason } : {}),
      },
    ]),
  );
}

/** Pasted results sorted against the batch's lines: those to mark, and the references to leave out. */
export interface PastedAgainstBatch {
  /** Results for lines still waiting for the bank's answer. */
  readonly pending: ClaimPaymentResult[];
  /** References of lines whose result is already recorded (the server keeps the first). */
  readonly recorded: string[];
  /** References that are no claim of this batch (the server would refuse the whole import). */
  readonly unknown: string[];
}

export function againstBatch(
  results: readonly ClaimPaymentResult[],
  lines: readonly Pick<ClaimPayoutLineView, 'claimReference' | 'status'>[],
): PastedAgainstBatch {
  const status = new Map(lines.map((line) => [line.claimReference, line.status]));
  const pending: ClaimPaymentResult[] = [];
  const recorded: string[] = [];
  const unknown: string[] = [];
  for (const result of results) {
    const found = status.get(result.claimReference);
    if (found === 'pending') pending.push(result);
    else if (found === undefined) unknown.push(result.claimReference);
    else recorded.push(result.claimReference);
  }
  return { pending, recorded, unknown };
}
