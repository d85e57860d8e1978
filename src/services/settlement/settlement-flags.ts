/**
 * The risk flags of a settlement's lines (issue 11 §6), computed from one read of the look-back window
 * (90 days of redemptions) instead of a query per line, so that a batch of 100,000 lines is flagged in
 * memory in one pass per line. The rules themselves are pure: domain/trade-in/flags.ts.
 */
import type { RiskFlag } from '../../contract/settlement.js';
import type { RedemptionRow } from '../../db/trade-in-repository.js';
import { BURST_WINDOW_MS, riskFlags, type FlagContext } from '../../domain/trade-in/flags.js';

/** Risk flags of each queued redemption from one read of the look-back window. */
export function flagComputer(
  lookBack: readonly RedemptionRow[],
  clawbackCounts: ReadonlyMap<string, number>,
  limitsOf: (line: string, day: string) => FlagContext['limits'],
): (redemption: RedemptionRow) => RiskFlag[] {
  const byModel = new Map<string, RedemptionRow[]>();
  const byMerchantLine = new Map<string, RedemptionRow[]>();
  const byDevice = new Map<string, Set<string>>();
  const byMerchant = new Map<string, number[]>();
  const byCitizenDay = new Map<string, Set<string>>();
  for (const row of lookBack) {
    const model = byModel.get(row.model) ?? [];
    model.push(row);
    byModel.set(row.model, model);
    const merchantLine = `${row.merchant_id}\u0000${row.line}`;
    const sales = byMerchantLine.get(merchantLine) ?? [];
    sales.push(row);
    byMerchantLine.set(merchantLine, sales);
    if (row.device_id !== null) {
      const citizens = byDevice.get(row.device_id) ?? new Set<string>();
      citizens.add(row.citizen_id);
      byDevice.set(row.device_id, citizens);
    }
    const moments = byMerchant.get(row.merchant_id) ?? [];
    moments.push(Date.parse(row.created_at));
    byMerchant.set(row.merchant_id, moments);
    const citizenDay = `${row.citizen_id}\u0000${row.day}`;
    const units = byCitizenDay.get(citizenDay) ?? new Set<string>();
    units.add(row.unit_id);
    byCitizenDay.set(citizenDay, units);
  }
  return (redemption) => {
    const sold = Date.parse(redemption.created_at);
    const within = (row: RedemptionRow, days: number) =>
      row.id !== redemption.id &&
      Date.parse(row.created_at) < sold &&
      sold - Date.parse(row.created_at) <= days * 86_400_000;
    const model = byModel.get(redemption.model) ?? [];
    const merchantSales = (byMerchantLine.get(`${redemption.merchant_id}\u0000${redemption.line}`) ?? []).filter(
      (row) => Math.abs(sold - Date.parse(row.created_at)) <= 30 * 86_400_000,
    );
    const burst = (byMerchant.get(redemption.merchant_id) ?? [])
      .filter((moment) => Math.abs(moment - sold) <= BURST_WINDOW_MS)
      .map((moment) => new Date(moment).toISOString());
    return riskFlags(
      {
        id: redemption.id,
        line: redemption.line,
        category: redemption.category,
        model: redemption.model,
        merchantId: redemption.merchant_id,
        citizenId: redemption.citizen_id,
        unitId: redemption.unit_id,
        day: redemption.day,
        createdAt: redemption.created_at,
        finalPriceFen: Number(redemption.final_price_fen),
        deviceId: redemption.device_id,
      },
      {
        modelPrices30: model.filter((row) => within(row, 30)).map((row) => Number(row.final_price_fen)),
        modelPrices90: model.filter((row) => within(row, 90)).map((row) => Number(row.final_price_fen)),
        merchantLinePrices: merchantSales.map((row) => Number(row.final_price_fen)),
        limits: limitsOf(redemption.line, redemption.day),
        deviceCitizens: redemption.device_id === null ? 0 : (byDevice.get(redemption.device_id)?.size ?? 0),
        merchantBurst: burst,
        merchantReturnsAfterSettlement: clawbackCounts.get(redemption.merchant_id) ?? 0,
        citizenUnitsThatDay: [...(byCitizenDay.get(`${redemption.citizen_id}\u0000${redemption.day}`) ?? [])],
      },
    );
  };
}
