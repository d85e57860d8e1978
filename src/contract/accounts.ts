/**
 * The accounts module's wire contract: accounts, sessions, sign-in, roles and merchants. One TypeBox
 * source for validation, the TypeScript types and the OpenAPI document. Every string has a maximum
 * length, so an oversized field is a 400 naming it, never a database error.
 */
import { Type, type Static } from 'typebox';
import { Text, Timestamp } from './common.js';
import { PERMISSION_NAMES, ROLES } from '../domain/access/permissions.js';

export const RoleName = Type.Enum(ROLES, { description: 'role, see docs/access.md' });
export type RoleName = Static<typeof RoleName>;
export const PermissionName = Type.Enum(PERMISSION_NAMES);
export type PermissionName = Static<typeof PermissionName>;
export const OrganisationRef = Type.Object({
  kind: Type.Union([Type.Literal('department'), Type.Literal('unit'), Type.Literal('merchant')]),
  id: Type.String(),
  name: Type.String(),
});
export type OrganisationRef = Static<typeof OrganisationRef>;

export const RoleAssignment = Type.Object({ role: RoleName, organisation: Type.Union([OrganisationRef, Type.Null()]) });
export type RoleAssignment = Static<typeof RoleAssignment>;

export const AccountView = Type.Object({
  id: Type.String(),
  kind: Type.Union([Type.Literal('citizen'), Type.Literal('staff')]),
  username: Type.Union([Type.String(), Type.Null()]),
  name: Type.String(),
  mobile: Type.Union([Type.String(), Type.Null()], { description: 'masked, e.g. 138****5678' }),
  idNumber: Type.Union([Type.String(), Type.Null()], { description: 'masked, e.g. 4112**********123X' }),
  bankAccount: Type.Union([Type.String(), Type.Null()], { description: 'masked: last four digits' }),
  roles: Type.Array(RoleAssignment),
  status: Type.Union([Type.Literal('active'), Type.Literal('disabled')]),
  lockedUntil: Type.Union([Timestamp, Type.Null()]),
  demo: Type.Boolean(),
  createdAt: Timestamp,
  lastSignInAt: Type.Union([Timestamp, Type.Null()]),
});
export type AccountView = Static<typeof AccountView>;

export const SessionView = Type.Object({
  account: AccountView,
  permissions: Type.Array(PermissionName),
  csrfToken: Type.String({ description: 'send as X-CSRF-Token on POST/PUT/PATCH/DELETE' }),
  expiresAt: Timestamp,
});
export type SessionView = Static<typeof SessionView>;

export const AccountList = Type.Object({ items: Type.Array(AccountView), total: Type.Integer() });
export type AccountList = Static<typeof AccountList>;

const Password = Type.String({ minLength: 1, maxLength: 128 });
const Mobile = Type.String({ minLength: 1, maxLength: 20, description: '11-digit mainland mobile number' });
const OneTimeCode = Type.String({ pattern: '^[0-9]{6}$', description: 'the six digits sent' });

export const RegisterInput = Type.Object(
  {
    name: Text(50, 'name as on the ID card'),
    idNumber: Type.String({ minLength: 1, maxLength: 18, description: 'GB 11643 citizen ID number' }),
    mobile: Mobile,
    password: Password,
    code: Type.String({
      pattern: '^[0-9]{6}$',
      description: 'the registration code sent to the mobile number (one-time-code with purpose "register")',
    }),
  },
  { additionalProperties: false },
);
export type RegisterInput = Static<typeof RegisterInput>;

export const SignInInput = Type.Object(
  { login: Text(100, "a citizen's mobile number or a staff username"), password: Password },
  { additionalProperties: false },
);
export type SignInInput = Static<typeof SignInInput>;

export const OneTimeCodePurpose = Type.Union([Type.Literal('sign_in'), Type.Literal('register')], {
  description: 'sign_in (default): a code to sign in with; register: a code to register this number with',
});
export type OneTimeCodePurpose = Static<typeof OneTimeCodePurpose>;
export const OneTimeCodeRequest = Type.Object(
  { mobile: Mobile, purpose: Type.Optional(OneTimeCodePurpose) },
  { additionalProperties: false },
);
export type OneTimeCodeRequest = Static<typeof OneTimeCodeRequest>;
export const OneTimeCodeSent = Type.Object({
  sent: Type.Literal(true),
  expiresInSeconds: Type.Integer(),
  resendAfterSeconds: Type.Integer(),
});
export type OneTimeCodeSent = Static<typeof OneTimeCodeSent>;

export const CodeSignInInput = Type.Object({ mobile: Mobile, code: OneTimeCode }, { additionalProperties: false });
export type CodeSignInInput = Static<typeof CodeSignInInput>;
export const PasswordChangeInput = Type.Object(
  { currentPassword: Password, newPassword: Password },
  { additionalProperties: false },
);
export type PasswordChangeInput = Static<typeof PasswordChangeInput>;
export const PasswordResetInput = Type.Object({ newPassword: Password }, { additionalProperties: false });
export type PasswordResetInput = Static<typeof PasswordResetInput>;
export const BankAccountInput = Type.Object(
  { bankAccount: Type.String({ pattern: '^[0-9 ]{12,40}$', description: 'bank card or account number, digits' }) },
  { additionalProperties: false },
);
export type BankAccountInput = Static<typeof BankAccountInput>;
export const RoleGrant = Type.Object(
  {
    role: RoleName,
    organisationId: Type.Optional(Text(80, 'department, unit or merchant id, as the role requires')),
  },
  { additionalProperties: false },
);
export type RoleGrant = Static<typeof RoleGrant>;

export const RolesInput = Type.Object(
  { roles: Type.Array(RoleGrant, { minItems: 1, maxItems: 20 }) },
  { additionalProperties: false },
);
export type RolesInput = Static<typeof RolesInput>;
export const StaffAccountInput = Type.Object(
  {
    username: Type.String({
      pattern: '^[a-z][a-z0-9._-]{2,39}$',
      description: '3–40 lower-case letters, digits, dot, dash, underscore; starts with a letter',
    }),
    name: Text(100),
    password: Password,
    mobile: Type.Optional(Mobile),
    roles: Type.Array(RoleGrant, { minItems: 1, maxItems: 20 }),
  },
  { additionalProperties: false },
);
export type StaffAccountInput = Static<typeof StaffAccountInput>;

export const RevealInput = Type.Object(
  {
    field: Type.Union([Type.Literal('idNumber'), Type.Literal('mobile'), Type.Literal('bankAccount')]),
    reason: Text(200, 'why the full value is needed; kept in the audit log'),
  },
  { additionalProperties: false },
);
export type RevealInput = Static<typeof RevealInput>;
export const RevealedValue = Type.Object({ field: Type.String(), value: Type.Union([Type.String(), Type.Null()]) });
export type RevealedValue = Static<typeof RevealedValue>;
export const AccountListQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 100 })),
    role: Type.Optional(RoleName),
    status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('disabled')])),
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  },
  { additionalProperties: false },
);
export type AccountListQuery = Static<typeof AccountListQuery>;

export const AccountIdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 40 }) });
export type AccountIdParams = Static<typeof AccountIdParams>;
export const MerchantView = Type.Object({
  id: Type.String(),
  name: Type.String(),
  creditCode: Type.String(),
  creditCodeStatus: Type.Union([Type.Literal('verified'), Type.Literal('needs_manual_verification')]),
  unitId: Type.String(),
  createdAt: Timestamp,
});
export type MerchantView = Static<typeof MerchantView>;
export const MerchantList = Type.Object({ items: Type.Array(MerchantView), total: Type.Integer() });
export type MerchantList = Static<typeof MerchantList>;
export const MerchantInput = Type.Object(
  {
    name: Text(200),
    creditCode: Type.String({ minLength: 1, maxLength: 18, description: 'GB 32100 unified social credit code' }),
    unitId: Text(80, 'the implementing unit (county-level division or zone) it trades in'),
  },
  { additionalProperties: false },
);
export type MerchantInput = Static<typeof MerchantInput>;

export const RoleCatalogue = Type.Object({
  roles: Type.Array(
    Type.Object({
      role: RoleName,
      label: Type.String(),
      labelEn: Type.String(),
      organisation: Type.Union([Type.String(), Type.Null()]),
      organisationRequired: Type.Boolean(),
      permissions: Type.Array(PermissionName),
    }),
  ),
  permissions: Type.Array(
    Type.Object({ permission: PermissionName, description: Type.String(), roles: Type.Array(Type.String()) }),
  ),
});
export type RoleCatalogue = Static<typeof RoleCatalogue>;
export const MerchantItems = Type.Object({ items: Type.Array(MerchantView) });
export type MerchantItems = Static<typeof MerchantItems>;
