import { Flex, Typography } from 'antd';
import type { UnitView } from '../../../../../src/contract/plan';
import { usePlanI18n } from '../messages';

/** A unit's statutory code, its former codes, or that it has none. */
export function UnitCode({ unit }: { unit: UnitView }) {
  const { t } = usePlanI18n();
  if (!unit.regionCode) return <Typography.Text type="secondary">{t('units.noCode')}</Typography.Text>;
  return (
    <Flex gap={6} align="center" wrap>
      <Typography.Text code>{unit.regionCode}</Typography.Text>
      {unit.formerRegionCodes.length > 0 && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('units.formerCodes')} {unit.formerRegionCodes.join('、')}
        </Typography.Text>
      )}
    </Flex>
  );
}
