import { Progress, Tooltip } from 'antd';
import type { PoolView } from './api';
import { BURN_DOWN_COLORS } from './burnDownOption';
import { fenToYuanText, sharePercent, shareText } from '../../lib/money';
import { useBudgetText } from './useBudget';

/** Spent (dark) and held (light) against the pool's total, as one bar. */
export function UsageBar({
  pool,
  width,
}: {
  pool: Pick<PoolView, 'spentFen' | 'heldFen' | 'totalFen'>;
  width?: number;
}) {
  const { bt } = useBudgetText();
  const used = pool.spentFen + pool.heldFen;
  return (
    <Tooltip
      title={bt('budget.usageTip', {
        spent: fenToYuanText(pool.spentFen),
        held: fenToYuanText(pool.heldFen),
        share: shareText(used, pool.totalFen),
      })}
    >
      <Progress
        percent={sharePercent(used, pool.totalFen)}
        success={{ percent: sharePercent(pool.spentFen, pool.totalFen), strokeColor: BURN_DOWN_COLORS.spent }}
        strokeColor={BURN_DOWN_COLORS.held}
        size={width === undefined ? 'small' : { width, height: 8 }}
        format={() => shareText(used, pool.totalFen)}
        style={{ margin: 0, minWidth: 100 }}
        data-testid="pool-usage"
      />
    </Tooltip>
  );
}
