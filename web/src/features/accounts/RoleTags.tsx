import { Tag, Tooltip } from 'antd';
import type { Role } from '../../../../src/domain/access/permissions';
import type { RoleAssignment } from '../../../../src/contract/accounts';
import { useI18n } from '../../lib/i18n/useI18n';

export const roleColors: Record<Role, string> = {
  citizen: 'default',
  merchant_owner: 'orange',
  merchant_cashier: 'gold',
  department_officer: 'blue',
  county_officer: 'cyan',
  county_finance_officer: 'lime',
  reviewer: 'purple',
  finance_officer: 'green',
  auditor: 'geekblue',
  admin: 'red',
  department_leader: 'blue',
  county_leader: 'cyan',
  city_leader: 'magenta',
};

/** Role names with the organisation each is scoped to: 部门经办人 · 市商务局. */
export function RoleTags({ roles }: { roles: readonly RoleAssignment[] }) {
  const { t } = useI18n();
  if (roles.length === 0) return <>{t('common.none')}</>;
  return (
    <span className="tag-list" data-testid="role-tags">
      {roles.map(({ role, organisation }) => {
        const label = organisation ? `${t(`role.${role}`)} · ${organisation.name}` : t(`role.${role}`);
        return (
          <Tooltip key={`${role}:${organisation?.id ?? ''}`} title={organisation && t(`orgKind.${organisation.kind}`)}>
            <Tag color={roleColors[role]}>{label}</Tag>
          </Tooltip>
        );
      })}
    </span>
  );
}

/** The role names of an account, joined, for the header and exports. */
export function roleNames(roles: readonly RoleAssignment[], t: (key: `role.${Role}`) => string): string {
  return [...new Set(roles.map((r) => t(`role.${r.role}`)))].join('、');
}
