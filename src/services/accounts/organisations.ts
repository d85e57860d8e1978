/**
 * The organisations a role can be scoped to: the plan's departments and implementing units (from the
 * plan version in force) and registered merchants.
 */
import type { AccountRepository, RoleRow } from '../../db/accounts-repository.js';
import type { PlanService } from '../plan/plan-service.js';
import type { OrganisationKind, OrganisationNames } from './account-views.js';

export class OrganisationDirectory {
  constructor(
    private readonly plans: PlanService,
    private readonly accounts: AccountRepository,
  ) {}

  /** Names for the organisations these role rows mention. */
  async namesFor(roles: readonly Pick<RoleRow, 'organisation_kind' | 'organisation_id'>[]): Promise<OrganisationNames> {
    // Accounts without a department or unit role (the first administrator, made by `huimin admin
    // create` before any plan is imported) need no plan.
    const needsPlan = roles.some(
      (role) => role.organisation_kind === 'department' || role.organisation_kind === 'unit',
    );
    const catalogue = needsPlan ? (await this.plans.current()).catalogue : { departments: [], units: [] };
    const merchantIds = [
      ...new Set(roles.filter((role) => role.organisation_kind === 'merchant').map((role) => role.organisation_id)),
    ];
    const merchants = new Map((await this.accounts.merchants(merchantIds)).map((row) => [row.id, row.name]));
    const departments = new Map(catalogue.departments.map((department) => [department.id, department.name]));
    const units = new Map(catalogue.units.map((unit) => [unit.id, unit.name]));
    return {
      nameOf(kind: OrganisationKind, id: string): string | undefined {
        switch (kind) {
          case 'department':
            return departments.get(id);
          case 'unit':
            return units.get(id);
          case 'merchant':
            return merchants.get(id);
        }
      },
    };
  }

  async exists(kind: OrganisationKind, id: string): Promise<boolean> {
    const names = await this.namesFor([{ organisation_kind: kind, organisation_id: id }]);
    return names.nameOf(kind, id) !== undefined;
  }
}
