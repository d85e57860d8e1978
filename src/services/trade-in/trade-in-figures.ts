/**
 * Trade-in's figures for target supervision (issue 14's port): appliances traded in are the appliance
 * redemptions at the till that still stand (not returned in full) plus the appliance grants made
 * before checkout existed, which the grants source counts. Measure 6: 家电产品以旧换新15万台以上.
 */
import type { TradeInRepository } from '../../db/trade-in-repository.js';
import type { FigurePeriod, FigureScope, ProgrammeFigureSource } from '../supervision/programme-figures.js';

export class TradeInFigureSource implements ProgrammeFigureSource {
  readonly name = 'trade-in';
  readonly metrics = ['trade_in.appliance_units'] as const;

  constructor(
    private readonly repository: TradeInRepository,
    private readonly grants: ProgrammeFigureSource,
  ) {}

  async figure(metric: string, period: FigurePeriod, scope: FigureScope): Promise<number | null> {
    if (metric !== 'trade_in.appliance_units') return null;
    const sold = await this.repository.unitsSold(['appliance'], period.from, period.to, scope.unitId);
    const granted = (await this.grants.figure(metric, period, scope)) ?? 0;
    return sold + granted;
  }
}
