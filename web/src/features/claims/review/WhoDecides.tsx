/**
 * Why the decision panel is not shown on a claim under review: the caller's own claim, or who decides
 * the stage it waits at (the stage's role; of its department for a department's stage, of the claim's
 * unit for a unit stage).
 */
import { Alert } from 'antd';
import type { ClaimView } from '../../../../../src/contract/claims';
import { ROLES, type Role } from '../../../../../src/domain/access/permissions';
import { useDepartmentLabel, useUnitIndex } from '../../plan/lookups';
import { useClaimsI18n } from '../messages';

const isRole = (role: string): role is Role => (ROLES as readonly string[]).includes(role);

export function WhoDecides({ claim, own }: { claim: ClaimView; own: boolean }) {
  const { t, pick } = useClaimsI18n();
  const departmentLabel = useDepartmentLabel();
  const units = useUnitIndex();
  const stage = claim.stage;
  if (own) return <Alert type="info" showIcon title={t('cl.review.ownClaim')} data-testid="review-not-yours" />;
  if (!stage) return null;
  const role = isRole(stage.role) ? t(`role.${stage.role}`) : stage.role;
  const unit = units.get(claim.unitId);
  const org =
    stage.department !== undefined
      ? departmentLabel(stage.department)
      : stage.scope === 'unit'
        ? unit
          ? pick(unit.name, unit.nameEn)
          : claim.unitId
        : undefined;
  const who = org === undefined ? role : t('cl.review.whoIn', { org, role });
  return (
    <Alert
      type="info"
      showIcon
      title={t('cl.review.decidedBy', { stage: pick(stage.label, stage.labelEn), who })}
      data-testid="review-not-yours"
      data-stage={stage.id}
    />
  );
}
