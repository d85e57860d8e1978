/** How vouchers read: 满100减20 from fen, on the digits (lib/money), whole yuan without their ".00". */
import { fenToYuanText } from '../../lib/money';
import type { PoolNaming } from '../budget/useBudget';
import type { VouchersI18n } from './messages';

/** 10000 → "100", 1050 → "10.50". */
export function yuanShort(fen: number): string {
  return fenToYuanText(fen).replace(/\.00$/, '');
}

/** One denomination: 满100减20 (or 无门槛减5). */
export function denominationText(t: VouchersI18n['t'], d: { faceFen: number; thresholdFen: number }): string {
  const face = yuanShort(d.faceFen);
  return d.thresholdFen === 0
    ? t('vo.pack.noThreshold', { face })
    : t('vo.pack.rule', { threshold: yuanShort(d.thresholdFen), face });
}

/** A pack: 满100减20×1 + 无门槛减5×2. */
export function packText(
  t: VouchersI18n['t'],
  packs: readonly { faceFen: number; thresholdFen: number; count: number }[],
): string {
  return packs.map((d) => `${denominationText(t, d)}${t('vo.pack.count', { n: d.count })}`).join(' + ');
}

/** A pool's id (line.unit.source) in words, as the budget pages name it: 消费券 · 湖滨区 · 市级. */
export function poolText(naming: PoolNaming, poolId: string): string {
  const [line, unitId, source] = poolId.split('.');
  if (line === undefined || unitId === undefined || source === undefined) return poolId;
  return naming.pool({ line, unitId, source } as Parameters<PoolNaming['pool']>[0]);
}
