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
  verifyChain,
  type BrokenLink,
  type ChainCheckpoint,
  type ChainProblem,
  type ChainVerification,
} from './verify.js';
