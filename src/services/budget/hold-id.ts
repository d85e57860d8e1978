/**
 * Hold ids are time-ordered UUIDs (version 7), so that new holds land together in budget_holds' primary
 * key and ledger_transactions.hold_id (src/shared/time-ordered-id.ts says why and how).
 */
export { timeOrderedId as newHoldId } from '../../shared/time-ordered-id.js';
