/**
 * The audit module's wire contract: audit and security entries, their verification and the signed
 * statements of the chains' heads.
 */
import { Type, type Static } from 'typebox';
import { STATEMENT_FORMAT } from '../domain/audit/statement.js';
import { Text, Timestamp } from './common.js';

export const AuditEntryView = Type.Object({
  sequence: Type.Integer(),
  at: Timestamp,
  actor: Type.String(),
  role: Type.String(),
  action: Type.String(),
  subject: Type.String(),
  summary: Type.Object({ before: Type.Optional(Type.Unknown()), after: Type.Optional(Type.Unknown()) }),
  requestId: Type.String(),
  previousHash: Type.String(),
  hash: Type.String(),
});
export type AuditEntryView = Static<typeof AuditEntryView>;
const Head = Type.Object({ sequence: Type.Integer(), hash: Type.String() });
export const AuditEntryList = Type.Object({
  items: Type.Array(AuditEntryView),
  head: Head,
  nextBefore: Type.Union([Type.Integer(), Type.Null()]),
});
export type AuditEntryList = Static<typeof AuditEntryList>;
export const AuditListQuery = Type.Object(
  {
    before: Type.Optional(Type.Integer({ minimum: 1 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
    actor: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    action: Type.Optional(Type.String({ minLength: 1, maxLength: 80 })),
    subject: Type.Optional(Type.String({ minLength: 1, maxLength: 300 })),
  },
  { additionalProperties: false },
);
export type AuditListQuery = Static<typeof AuditListQuery>;
const ChainVerificationFields = {
  ok: Type.Boolean(),
  checked: Type.Integer(),
  head: Head,
  lastHash: Type.Union([Type.String(), Type.Null()]),
  firstBroken: Type.Union([
    Type.Object({
      sequence: Type.Integer(),
      problem: Type.String(),
      message: Type.String(),
      messageEn: Type.String(),
    }),
    Type.Null(),
  ]),
  durationMs: Type.Integer(),
};
/** The audit chain's report (the original fields), the security chain's beside it, and both together. */
export const AuditVerification = Type.Object({
  ...ChainVerificationFields,
  security: Type.Object({ chain: Type.String(), ...ChainVerificationFields }),
  allOk: Type.Boolean({ description: 'both chains intact' }),
});
export type AuditVerification = Static<typeof AuditVerification>;
const StatedHead = Type.Object(
  { sequence: Type.Integer({ minimum: 0 }), hash: Type.String({ pattern: '^[0-9a-f]{64}$' }) },
  { additionalProperties: false },
);
/** A signed statement of both chains' heads (src/domain/audit/statement.ts), as published and as sent back to be checked. */
export const AuditStatementView = Type.Object(
  {
    format: Type.Literal(STATEMENT_FORMAT),
    kind: Type.Union([Type.Literal('daily'), Type.Literal('on_demand')]),
    issuedAt: Text(40, 'ISO 8601, UTC'),
    chains: Type.Object({ audit: StatedHead, security: StatedHead }, { additionalProperties: false }),
    keyId: Text(64, 'first 16 hex digits of SHA-256 of the public key (SPKI DER)'),
    publicKey: Text(200, 'Ed25519 public key, SPKI DER, base64'),
    signature: Text(200, 'Ed25519 signature of the canonical JSON of the other fields, base64'),
  },
  { additionalProperties: false },
);
export type AuditStatementView = Static<typeof AuditStatementView>;
const ComparedHead = Type.Object({ stated: Head, head: Head });
export const StatementCheckView = Type.Object({
  ok: Type.Boolean(),
  signatureOk: Type.Boolean(),
  keyId: Type.String(),
  issuedAt: Type.String(),
  chains: Type.Object({ audit: ComparedHead, security: ComparedHead }),
  findings: Type.Array(
    Type.Object({
      chain: Type.Union([Type.String(), Type.Null()]),
      problem: Type.String(),
      message: Type.String(),
      messageEn: Type.String(),
    }),
  ),
});
export type StatementCheckView = Static<typeof StatementCheckView>;
