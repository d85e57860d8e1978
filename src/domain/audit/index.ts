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
  verifyChain,
  type BrokenLink,
  type ChainCheckpoint,
  type ChainProblem,
  type ChainVerification,
} from './verify.js';
