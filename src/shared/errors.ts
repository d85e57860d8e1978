/**
 * Stable error codes: the one table that maps each to its HTTP status. docs/errors.md lists the
 * same codes (a test keeps the two in step). Expected outcomes of a use case are values, not
 * errors; these are for requests that cannot be served.
 */
export const ERROR_CODES = {
  VALIDATION_FAILED: {
    status: 400,
    description: 'A field of the request is missing, of the wrong type or out of range; `field` names it.',
  },
  INVALID_JSON: { status: 400, description: 'The request body is not valid JSON.' },
  NOT_FOUND: { status: 404, description: 'No such route.' },
  MEASURE_NOT_FOUND: { status: 404, description: 'The plan has no measure with that number.' },
  DEPARTMENT_NOT_FOUND: { status: 404, description: 'The plan names no department with that id.' },
  UNIT_NOT_FOUND: { status: 404, description: 'The plan has no implementing unit with that id.' },
  POOL_NOT_FOUND: { status: 404, description: 'There is no budget pool with that id.' },
  HOLD_NOT_FOUND: { status: 404, description: 'There is no budget hold with that id.' },
  GRANT_NOT_FOUND: { status: 404, description: 'There is no subsidy grant with that id.' },
  GRANT_NOT_GRANTED: { status: 409, description: 'The subsidy grant has already been returned.' },
  BUDGET_EXHAUSTED: {
    status: 409,
    description: 'The budget pool has less available money than the amount asked; nothing was reserved.',
  },
  POOL_PAUSED: { status: 409, description: 'The budget pool is paused: it takes no new holds until it is resumed.' },
  HOLD_NOT_HELD: {
    status: 409,
    description: 'The hold is no longer held (released, or committed otherwise): no commit or release.',
  },
  HOLD_NOT_COMMITTED: {
    status: 409,
    description: 'The hold was never committed, so nothing can be returned against it.',
  },
  REVERSAL_EXCEEDS_SPENT: {
    status: 409,
    description: 'The return is larger than what the hold spent and has not yet returned.',
  },
  IDEMPOTENCY_KEY_REUSED: {
    status: 409,
    description: 'The idempotency key was used before for a different request (body, route or amount).',
  },
  UNAUTHENTICATED: {
    status: 401,
    description: 'Sign in first: the route needs a session and the request has none (or it ended).',
  },
  INVALID_CREDENTIALS: {
    status: 401,
    description:
      'The login and password (or the current password) do not match an account; which one is wrong is not said.',
  },
  INVALID_ONE_TIME_CODE: {
    status: 401,
    description: 'The one-time code is wrong, expired, already used or tried too often; ask for a new one.',
  },
  FORBIDDEN: {
    status: 403,
    description: "The signed-in account's roles do not allow this route or this organisation's data.",
  },
  CONFLICT_OF_INTEREST: {
    status: 403,
    description:
      'The caller is the beneficiary of the case (a subsidy, claim, redemption or batch): another person must grant, redeem, review or approve it.',
  },
  CSRF_FAILED: {
    status: 403,
    description: 'A state-changing request with a session cookie lacks the matching `X-CSRF-Token` header.',
  },
  ACCOUNT_DISABLED: { status: 403, description: 'The account has been disabled by an administrator.' },
  ACCOUNT_LOCKED: {
    status: 423,
    description: 'Too many wrong passwords in a row: the account is locked until the time in the message.',
  },
  ACCOUNT_NOT_FOUND: { status: 404, description: 'There is no account with that id.' },
  ACCOUNT_EXISTS: {
    status: 409,
    description:
      'A staff account with that username (or an account with that mobile number) exists; `field` says which.',
  },
  REGISTRATION_REFUSED: {
    status: 409,
    description: 'These details cannot be registered; which detail, and whether an account exists, is not said.',
  },
  APPLICANT_DISABLED: {
    status: 409,
    description: 'The applicant’s account has been disabled: nothing is granted to it until it is enabled again.',
  },
  PERSONAL_DATA_NOT_ALLOWED: {
    status: 400,
    description:
      'A field that takes an opaque key (dwelling, entity, new car) holds an ID number or a mobile number; `field` names it. Send a key that reveals no one.',
  },
  MERCHANT_NOT_FOUND: { status: 404, description: 'There is no merchant with that id.' },
  SUBJECT_NOT_FOUND: { status: 404, description: 'The plan in force has no target or task with that id.' },
  REPORT_NOT_FOUND: { status: 404, description: 'There is no progress report with that id.' },
  PERIOD_NOT_OPEN: {
    status: 400,
    description: 'The reporting period has not begun yet: a month is reported from its first day on.',
  },
  VALUE_DECREASED: {
    status: 409,
    description:
      'A cumulative value lower than one already reported for an earlier or the same period; send a `reason` to record the correction.',
  },
  CHANGE_REASON_REQUIRED: {
    status: 400,
    description: 'The report has been approved: changing it needs a `reason`, which is audited.',
  },
  REPORT_ALREADY_APPROVED: {
    status: 409,
    description: 'The progress report is already approved as it stands; nothing to approve.',
  },
  EVIDENCE_NOT_FOUND: { status: 404, description: 'No evidence file with that SHA-256 has been uploaded.' },
  EVIDENCE_TYPE_NOT_ALLOWED: {
    status: 415,
    description: 'An evidence file must be a PDF, JPEG or PNG, judged by its first bytes, not its name.',
  },
  EVIDENCE_TOO_LARGE: { status: 413, description: 'An evidence file is larger than the limit (10 MiB).' },
  INSTRUCTION_NOT_FOUND: { status: 404, description: 'There is no instruction (批示) with that id.' },
  INSTRUCTION_ANSWERED: { status: 409, description: 'The instruction has already been answered.' },
  MERCHANT_EXISTS: { status: 409, description: 'A merchant with that credit code is already registered.' },
  ORGANISATION_NOT_FOUND: {
    status: 400,
    description: 'A role names a department, implementing unit or merchant that does not exist, or the wrong kind.',
  },
  INVALID_ID_NUMBER: {
    status: 400,
    description: 'The ID number fails GB 11643 (length, region, birth date or check digit); the message says which.',
  },
  INVALID_MOBILE_NUMBER: { status: 400, description: 'The mobile number is not an 11-digit mainland number.' },
  INVALID_CREDIT_CODE: {
    status: 400,
    description: 'The unified social credit code is malformed (a checksum failure alone is accepted for manual check).',
  },
  WEAK_PASSWORD: {
    status: 400,
    description: 'The new password is too short, too common or contains the login; the message says which.',
  },
  IDEMPOTENCY_KEY_REQUIRED: {
    status: 400,
    description: 'A money-moving route needs an `Idempotency-Key` header (1–200 letters, digits and `-_.:`).',
  },
  IDEMPOTENCY_IN_PROGRESS: {
    status: 409,
    description: 'A request with the same idempotency key is still being processed; retry shortly.',
  },
  RATE_LIMITED: {
    status: 429,
    description:
      'Too many requests from this address or for this account; the `Retry-After` header says when to retry.',
  },
  PAYLOAD_TOO_LARGE: { status: 413, description: 'The request body is larger than the limit (1 MiB).' },
  UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    description: 'The request body is not in a supported content type (use application/json).',
  },
  STATEMENT_NOT_FOUND: { status: 404, description: 'No statement of the audit chains has been published yet.' },
  AUDIT_CHAIN_REWRITTEN: {
    status: 409,
    description:
      'The audit or security chain no longer matches the newest published statement; no new statement is signed.',
  },
  PLAN_NOT_LOADED: {
    status: 503,
    description: 'No plan version has been imported yet; start the server or run `huimin plan import`.',
  },
  DATABASE_UNAVAILABLE: { status: 503, description: 'The database does not answer; `/readyz` reports the same.' },
  INTERNAL: { status: 500, description: 'An unexpected failure; the request id in the response finds it in the logs.' },
  NO_RULE_IN_FORCE: {
    status: 409,
    description: 'The plan has no rule in force for this on the business day: nothing can be subsidised.',
  },
  CATEGORY_NOT_ELIGIBLE: { status: 409, description: "The category is not one of the line's categories in the plan." },
  QUALIFICATIONS_NOT_RELEASED: {
    status: 409,
    description: "Today's qualifications are released at the plan's hour (Henan: 10:00); try then.",
  },
  QUALIFICATIONS_SOLD_OUT: {
    status: 409,
    description: "Today's qualifications of the line are all claimed, or the money for them has not arrived.",
  },
  QUALIFICATION_OUTSTANDING: {
    status: 409,
    description: 'The citizen already holds an unused qualification of the category.',
  },
  QUALIFICATION_QUOTA_USED: {
    status: 409,
    description: "The citizen's used and outstanding qualifications of the category fill the yearly quota.",
  },
  QUALIFICATION_CODE_INVALID: {
    status: 400,
    description: 'The qualification code was not issued by this platform (forged or mistyped).',
  },
  QUALIFICATION_NOT_FOUND: { status: 404, description: 'No qualification has that code.' },
  QUALIFICATION_USED: {
    status: 409,
    description: 'The qualification has already been used at a checkout (it is single-use).',
  },
  QUALIFICATION_EXPIRED: {
    status: 409,
    description: 'The qualification has expired; the citizen may claim a new one.',
  },
  QUALIFICATION_CATEGORY_MISMATCH: {
    status: 409,
    description: "The product's category is not the qualification's category.",
  },
  SUBSIDY_NOT_ELIGIBLE: {
    status: 409,
    description:
      'The engine refused the purchase (grade, price ceiling, quota …); the message gives the reason and clause.',
  },
  GOODS_ALREADY_SUBSIDISED: {
    status: 409,
    description:
      'The serial number, IMEI or VIN has already been subsidised on the platform; staff see the earlier redemption in the security log.',
  },
  INVOICE_TO_COMPANY: {
    status: 409,
    description: 'The invoice is made out to a company; trade-in subsidies are for individuals.',
  },
  INVOICE_BUYER_MISMATCH: {
    status: 409,
    description: "The invoice's buyer is not the citizen who holds the qualification.",
  },
  INVOICE_AMOUNT_MISMATCH: {
    status: 409,
    description: 'The invoice total is not the final price (what the citizen pays plus the subsidy).',
  },
  INVOICE_ALREADY_USED: { status: 409, description: "The merchant's invoice number already carries a subsidy." },
  MERCHANT_NOT_MEMBER: {
    status: 403,
    description: 'The merchant is not an approved trade-in member for that line, category and unit.',
  },
  MERCHANT_SUSPENDED: {
    status: 403,
    description: "The merchant's membership is suspended (the message gives the reason): it redeems nothing.",
  },
  MERCHANT_CREDIT_LISTED: {
    status: 409,
    description: 'The merchant is on the abnormal-operation or dishonest list: it cannot join or be approved.',
  },
  BANK_ACCOUNT_NAME_MISMATCH: {
    status: 409,
    description: "The bank account is not in the merchant's (or applicant's) own name.",
  },
  MEMBERSHIP_NOT_FOUND: { status: 404, description: 'There is no membership application with that id.' },
  MEMBERSHIP_DECIDED: { status: 409, description: 'The membership application has already been decided.' },
  REDEMPTION_NOT_FOUND: { status: 404, description: 'There is no redemption with that id.' },
  REDEMPTION_RETURNED: { status: 409, description: 'The redemption has already been returned in full.' },
  REDEMPTION_CHANGED: {
    status: 409,
    description: 'The redemption changed while the request was decided (another return); try again.',
  },
  RETURN_WINDOW_CLOSED: { status: 409, description: 'The return window after the sale has closed.' },
  SETTLEMENT_NOT_FOUND: { status: 404, description: 'There is no settlement batch with that id.' },
  SETTLEMENT_NOT_REVIEWING: {
    status: 409,
    description: 'The settlement batch is not under review (or was decided meanwhile).',
  },
  SETTLEMENT_NOT_APPROVED: {
    status: 409,
    description: 'The settlement batch has not had its final approval (no payout file, no payment results).',
  },
  SETTLEMENT_REFERENCE_MISMATCH: { status: 400, description: "A payment result names another batch's reference." },
  SETTLEMENT_CONFLICT: {
    status: 409,
    description: 'Another settlement run took some of the same redemptions at the same time; run again.',
  },
  SAME_REVIEWER: {
    status: 403,
    description: 'The caller approved an earlier stage of the same case: another person must decide this stage.',
  },
  CLAIM_NOT_FOUND: { status: 404, description: 'There is no claim with that id (or it is not yours to see).' },
  CLAIM_NOT_EDITABLE: {
    status: 409,
    description: 'The claim is not with the applicant (draft or returned): evidence and submission are closed.',
  },
  CLAIM_EVIDENCE_MISSING: {
    status: 409,
    description: 'The claim lacks evidence its line requires; `field` lists the kinds.',
  },
  CLAIM_NOT_ELIGIBLE: {
    status: 409,
    description:
      'The subsidy engine finds the claim not eligible (or its quota or cap used meanwhile): nothing to hold.',
  },
  CLAIM_NOT_REVIEWING: {
    status: 409,
    description: 'The claim is not waiting at a stage (or another reviewer decided it meanwhile).',
  },
  CLAIM_PAYEE_REQUIRED: { status: 409, description: 'The claim has no payee account: add one before submitting.' },
  PAYEE_NAME_MISMATCH: {
    status: 400,
    description:
      "The payee's name is not the applicant's (or the company's): payouts go to the applicant's own account.",
  },
  CLAIM_PAYEE_LOCKED: {
    status: 409,
    description: 'The payee account is fixed once submitted; it can be corrected only after a failed payout.',
  },
  REASON_REQUIRED: { status: 400, description: 'Rejecting or returning needs at least one reason code.' },
  PAYOUT_BATCH_NOT_FOUND: { status: 404, description: 'There is no claims payout batch with that id.' },
  EVIDENCE_LIMIT_REACHED: { status: 409, description: 'The claim already keeps the most evidence files it may (30).' },
  NOTHING_TO_PAY: { status: 409, description: 'No approved claim waits for a payout batch.' },
  VOUCHER_CAMPAIGN_NOT_FOUND: { status: 404, description: 'There is no voucher campaign with that id.' },
  VOUCHER_ROUND_NOT_FOUND: { status: 404, description: 'There is no voucher round with that id.' },
  VOUCHER_NOT_FOUND: { status: 404, description: 'There is no voucher with that code.' },
  VOUCHER_SOLD_OUT: { status: 409, description: 'Every pack of the round has been claimed; nothing was issued.' },
  VOUCHER_LIMIT_REACHED: {
    status: 409,
    description:
      'The claim would pass a per-person limit (per round, per campaign, or per funder kind and year); `field` names the scope.',
  },
  ROUND_NOT_OPEN: {
    status: 409,
    description: 'The round takes no claims now: not yet released, drawn by lottery, or ended.',
  },
  VOUCHER_ALREADY_REDEEMED: {
    status: 409,
    description: 'The voucher has already been redeemed (perhaps at another till at the same moment).',
  },
  VOUCHER_NOT_REDEEMABLE: { status: 409, description: 'The voucher is no longer valid (expired or refunded).' },
  VOUCHER_EXPIRED: { status: 409, description: 'The voucher is past its validity.' },
  VOUCHER_MERCHANT_NOT_ACCEPTED: {
    status: 409,
    description: "The merchant is not one of the campaign's accepted merchants.",
  },
  VOUCHER_CATEGORY_EXCLUDED: {
    status: 409,
    description: "The bill's category is excluded by the campaign (e.g. pharmacy, fuel, appliances).",
  },
  VOUCHER_CATEGORY_NOT_ACCEPTED: { status: 409, description: "The bill's category is not one the campaign accepts." },
  VOUCHER_STACKING_NOT_ALLOWED: { status: 409, description: 'Only one voucher may be used per bill in this campaign.' },
  VOUCHER_THRESHOLD_NOT_MET: {
    status: 409,
    description: "The bill is below the voucher's threshold (满 threshold 减 face).",
  },
  VOUCHER_NOTHING_TO_DISCOUNT: { status: 409, description: 'Nothing is left to pay on the bill.' },
  ROUND_NOT_ENDED: {
    status: 409,
    description: 'The round has not reached its end (release day + valid days): it cannot expire yet.',
  },
  ROUND_ALREADY_EXPIRED: {
    status: 409,
    description: 'The round has already expired; its rest went back to the pool or into the next round.',
  },
  ROUND_NOT_LOTTERY: {
    status: 409,
    description: 'The round is first come first served: it takes no registrations and has no draw.',
  },
  REGISTRATION_CLOSED: {
    status: 409,
    description: "The lottery round's registration is not open (before release, or closed for the draw).",
  },
  ALREADY_REGISTERED: { status: 409, description: 'You are already registered for this lottery round.' },
  DRAW_NOT_DUE: {
    status: 409,
    description: "The lottery's registration is still open: the draw comes after it closes.",
  },
  ROUND_ALREADY_DRAWN: { status: 409, description: 'The lottery round has already been drawn.' },
  VOUCHER_REDEMPTION_NOT_FOUND: { status: 404, description: 'There is no voucher redemption with that id.' },
  VOUCHER_NOT_REDEEMED: {
    status: 409,
    description: "The voucher's bill has been refunded in full already: nothing is left to refund.",
  },
  VOUCHER_REFUND_EXCEEDS_BILL: { status: 409, description: 'The refund is more than what is left of the bill.' },
  VOUCHER_IN_SETTLEMENT: {
    status: 409,
    description: 'The redemption is in a settlement batch under review: refund it after the batch is decided.',
  },
} as const satisfies Record<string, { status: number; description: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'AppError';
    this.status = ERROR_CODES[code].status;
  }
}
