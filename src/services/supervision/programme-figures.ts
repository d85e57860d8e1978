/**
 * The platform's own figures for targets it measures (docs/supervision.md): one port, many sources.
 * Each programme registers a source for the metrics it knows (compose.ts passes the list); the
 * supervision service asks the first source that lists a metric. A source answers null when it has no
 * figure for the period (the programme has not started, or keeps no such count).
 */
import type { SupervisionRepository } from '../../db/supervision-repository.js';

export interface FigurePeriod {
  /** `YYYY-MM-DD`, both included. */
  readonly from: string;
  readonly to: string;
}

export interface FigureScope {
  /** One implementing unit; absent: the whole city. */
  readonly unitId?: string;
}

export interface ProgrammeFigureSource {
  /** A name for logs and docs: `subsidy-grants`, `trade-in` … */
  readonly name: string;
  readonly metrics: readonly string[];
  figure(metric: string, period: FigurePeriod, scope: FigureScope): Promise<number | null>;
}

/**
 * What exists today: standing subsidy grants (returns excluded), by purchase date. Appliances count
 * grants of the appliance line (one grant, one appliance); cars the car_scrap and car_replace lines;
 * elderly households the dwellings with an elderly_adaptation grant. Vouchers are not kept yet.
 */
export class GrantFigureSource implements ProgrammeFigureSource {
  readonly name = 'subsidy-grants';
  readonly metrics = ['trade_in.appliance_units', 'trade_in.car_units', 'claims.elderly_households'] as const;

  constructor(private readonly repository: SupervisionRepository) {}

  async figure(metric: string, period: FigurePeriod, scope: FigureScope): Promise<number | null> {
    switch (metric) {
      case 'trade_in.appliance_units':
        return this.repository.grantCount(['appliance'], period, scope.unitId, 'grant');
      case 'trade_in.car_units':
        return this.repository.grantCount(['car_scrap', 'car_replace'], period, scope.unitId, 'grant');
      case 'claims.elderly_households':
        return this.repository.grantCount(['elderly_adaptation'], period, scope.unitId, 'dwelling');
      default:
        return null;
    }
  }
}

/** Asks the first source that lists the metric; null when none does. */
export async function platformFigure(
  sources: readonly ProgrammeFigureSource[],
  metric: string,
  period: FigurePeriod,
  scope: FigureScope,
): Promise<number | null> {
  const source = sources.find((candidate) => candidate.metrics.includes(metric));
  return source === undefined ? null : source.figure(metric, period, scope);
}
