export {
  GENESIS_HASH,
  appendEntry,
  auditEncoding,
  hashEntry,
  type AuditEntry,
  type AuditEntryInput,
  type Sha256,
  type UnhashedAuditEntry,
} from './entry.js';
export {
  ChainVerifier,
  checkHead,
  storedBeyondHead,
  verifyChain,
  type BrokenLink,
  type ChainCheckpoint,
  type ChainProblem,
  type ChainVerification,
} from './verify.js';
export {
  STATEMENT_CHAINS,
  STATEMENT_FORMAT,
  compareWithStatement,
  signatureFinding,
  statementSigningText,
  type AuditStatement,
  type StatedHead,
  type StatementChain,
  type StatementFinding,
  type StatementProblem,
  type UnsignedStatement,
} from './statement.js';
