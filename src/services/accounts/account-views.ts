/** Account rows as the API shows them: personal data decrypted only to be masked, organisations named. */
import type { AccountRow, RoleRow } from '../../db/accounts-repository.js';
import { isRole, type Role } from '../../domain/access/permissions.js';
import type { AccountView, OrganisationRef, RoleAssignment } from '../../contract/accounts.js';
import { maskBankAccount, maskIdNumber, maskMobile } from '../../domain/identity/index.js';
import type { PersonalDataCipher } from '../security/personal-data-cipher.js';

export type OrganisationKind = OrganisationRef['kind'];

/** Names of departments, units and merchants, for role assignments. */
export interface OrganisationNames {
  nameOf(kind: OrganisationKind, id: string): string | undefined;
}

export function roleAssignmentsOf(rows: readonly RoleRow[], names: OrganisationNames): RoleAssignment[] {
  return rows
    .filter((row) => isRole(row.role))
    .map((row) => ({
      role: row.role as Role,
      organisation:
        row.organisation_kind === ''
          ? null
          : {
              kind: row.organisation_kind,
              id: row.organisation_id,
              name: names.nameOf(row.organisation_kind, row.organisation_id) ?? row.organisation_id,
            },
    }));
}

function masked(cipher: PersonalDataCipher, stored: string | null, mask: (value: string) => string): string | null {
  return stored === null ? null : mask(cipher.decrypt(stored));
}

export function accountView(
  row: AccountRow,
  roles: readonly RoleRow[],
  cipher: PersonalDataCipher,
  names: OrganisationNames,
): AccountView {
  return {
    id: row.id,
    kind: row.kind,
    username: row.username,
    name: row.name,
    mobile: masked(cipher, row.mobile_cipher, maskMobile),
    idNumber: masked(cipher, row.id_number_cipher, maskIdNumber),
    bankAccount: masked(cipher, row.bank_account_cipher, maskBankAccount),
    roles: roleAssignmentsOf(roles, names),
    status: row.status,
    lockedUntil: row.locked_until,
    demo: row.demo === 1,
    createdAt: row.created_at,
    lastSignInAt: row.last_sign_in_at,
  };
}

/** Role assignments as stored, for an audit summary (no personal data). */
export function rolesSummary(roles: readonly { role: string; organisation_id: string }[]): string[] {
  return roles.map((role) => (role.organisation_id === '' ? role.role : `${role.role}@${role.organisation_id}`));
}
