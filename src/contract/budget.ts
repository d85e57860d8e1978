/**
 * The budget API's wire contract: pools, holds and ledger transactions with their postings, a pool's
 * balances by day and its run-dry forecast, the books check, and the requests and queries of the
 * budget routes. Money is integer fen.
 */
import { Type, type Static } from 'typebox';
import {
  FUNDING_SOURCES,
  HOLD_STATUSES,
  MAX_FORECAST_WINDOW_DAYS,
  POOL_STATUSES,
  REVERSAL_DESTINATIONS,
  BUDGET_LINES,
  TRANSACTION_KINDS,
} from '../domain/budget/types.js';

const Fen = Type.Integer({ description: 'integer fen (分)' });
const IsoInstant = Type.String({ description: 'ISO 8601, UTC' });

export const PoolView = Type.Object(
  {
    id: Type.String(),
    line: Type.Enum(BUDGET_LINES),
    unitId: Type.String({ description: 'implementing-unit id, or `city`' }),
    source: Type.Enum(FUNDING_SOURCES),
    status: Type.Enum(POOL_STATUSES),
    pauseReason: Type.Union([Type.String(), Type.Null()]),
    fundedFen: Fen,
    availableFen: Fen,
    heldFen: Fen,
    spentFen: Fen,
    withdrawnFen: Fen,
    /** fundedFen − withdrawnFen = availableFen + heldFen + spentFen */
    totalFen: Fen,
    /**
     * How many slices the pool is split into, present when it is split (2 or more). The balances above
     * are always the whole pool's: the sums over its slices (docs/ledger.md "Slices").
     */
    slices: Type.Optional(Type.Integer({ minimum: 2, maximum: 64 })),
    createdAt: IsoInstant,
    updatedAt: IsoInstant,
  },
  { additionalProperties: false },
);
export type PoolView = Static<typeof PoolView>;

export const HoldView = Type.Object(
  {
    id: Type.String(),
    poolId: Type.String(),
    amountFen: Fen,
    status: Type.Enum(HOLD_STATUSES),
    /** What the commit spent (≤ amountFen; the rest went back to available); 0 until committed. */
    committedFen: Fen,
    /** What later returns gave back; never more than committedFen. */
    reversedFen: Fen,
    idempotencyKey: Type.String(),
    reference: Type.Union([Type.String(), Type.Null()]),
    createdAt: IsoInstant,
    /** When it was committed or released. */
    settledAt: Type.Union([IsoInstant, Type.Null()]),
  },
  { additionalProperties: false },
);
export type HoldView = Static<typeof HoldView>;

export const PostingView = Type.Object(
  {
    account: Type.String({ description: 'available | held | spent | funding:<source> | treasury' }),
    poolId: Type.Union([Type.String(), Type.Null()]),
    amountFen: Type.Integer({ description: 'signed fen: positive into the account, negative out of it' }),
  },
  { additionalProperties: false },
);

export type PostingView = Static<typeof PostingView>;

export const TransactionView = Type.Object(
  {
    id: Type.Integer(),
    poolId: Type.String(),
    kind: Type.Enum(TRANSACTION_KINDS),
    holdId: Type.Union([Type.String(), Type.Null()]),
    amountFen: Fen,
    idempotencyKey: Type.Union([Type.String(), Type.Null()]),
    /** reverse only: where the returned money went */
    destination: Type.Union([Type.Enum(REVERSAL_DESTINATIONS), Type.Null()]),
    actor: Type.String(),
    reference: Type.Union([Type.String(), Type.Null()]),
    /** the pause reason, for a pause */
    note: Type.Union([Type.String(), Type.Null()]),
    createdAt: IsoInstant,
    bookedOn: Type.String({ description: 'business date in China Standard Time, YYYY-MM-DD' }),
    postings: Type.Array(PostingView),
  },
  { additionalProperties: false },
);
export type TransactionView = Static<typeof TransactionView>;

export const BurnForecast = Type.Object(
  {
    status: Type.Union([
      /** available is 0: the pool is dry now */
      Type.Literal('exhausted'),
      /** no complete day since the pool opened: nothing to average yet */
      Type.Literal('no_history'),
      /** nothing (net) was spent in the window: no date can be given */
      Type.Literal('no_burn'),
      /** the money lasts longer than the horizon (ten years) at this pace */
      Type.Literal('beyond_horizon'),
      Type.Literal('forecast'),
    ]),
    availableFen: Type.Integer(),
    windowDays: Type.Integer({ description: 'N asked for' }),
    /** First and last day averaged (inclusive); null when there is no such day. */
    windowStart: Type.Union([Type.String(), Type.Null()]),
    windowEnd: Type.Union([Type.String(), Type.Null()]),
    daysAveraged: Type.Integer(),
    burnInWindowFen: Type.Integer(),
    /** For display: the average rounded half up to whole fen. The date uses the exact ratio. */
    averageDailyBurnFen: Type.Integer(),
    /** Days the money lasts, counting today as the first; null when burn is zero or there is no history. */
    daysLeft: Type.Union([Type.Integer(), Type.Null()]),
    /** The day the last fen is expected to go; null when burn is zero, there is no history or it is beyond the horizon. */
    runsDryOn: Type.Union([Type.String(), Type.Null()]),
    /** Burn of each day averaged, oldest first (zeros included), for a burn-down chart. */
    days: Type.Array(Type.Object({ date: Type.String(), burnFen: Type.Integer() })),
  },
  { additionalProperties: false },
);
export type BurnForecast = Static<typeof BurnForecast>;

/** A pool's balances at the end of one business day (the burn-down chart). */
export const PoolDay = Type.Object({
  date: Type.String(),
  availableFen: Type.Integer(),
  heldFen: Type.Integer(),
  spentFen: Type.Integer(),
});
export type PoolDay = Static<typeof PoolDay>;

export const BooksReport = Type.Object({
  balanced: Type.Boolean(),
  problems: Type.Array(Type.String()),
  postingCount: Type.Integer(),
  transactionCount: Type.Integer(),
  poolCount: Type.Integer(),
});
export type BooksReport = Static<typeof BooksReport>;

export const PoolParams = Type.Object({ poolId: Type.String({ minLength: 1, maxLength: 200 }) });
export type PoolParams = Static<typeof PoolParams>;
export const PoolListQuery = Type.Object(
  {
    line: Type.Optional(Type.Enum(BUDGET_LINES)),
    unitId: Type.Optional(Type.String({ minLength: 1, maxLength: 80 })),
    source: Type.Optional(Type.Enum(FUNDING_SOURCES)),
    status: Type.Optional(Type.Enum(POOL_STATUSES)),
  },
  { additionalProperties: false },
);
export type PoolListQuery = Static<typeof PoolListQuery>;
export const PoolList = Type.Object({ items: Type.Array(PoolView) });
export type PoolList = Static<typeof PoolList>;
export const CreatePoolInput = Type.Object(
  {
    line: Type.Enum(BUDGET_LINES),
    unitId: Type.String({ minLength: 1, maxLength: 80, description: 'implementing-unit id, or city' }),
    source: Type.Enum(FUNDING_SOURCES),
  },
  { additionalProperties: false },
);
export type CreatePoolInput = Static<typeof CreatePoolInput>;
export const PoolCreated = Type.Object({ created: Type.Boolean(), pool: PoolView });

const Reference = Type.String({ minLength: 1, maxLength: 500, description: 'document number, note' });

export const TrancheInput = Type.Object(
  {
    amountFen: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER, description: 'integer fen' }),
    reference: Type.Optional(Reference),
  },
  { additionalProperties: false },
);
export type TrancheInput = Static<typeof TrancheInput>;
export const TrancheReceived = Type.Object({ replayed: Type.Boolean(), pool: PoolView, transactionId: Type.Integer() });

export const PauseInput = Type.Object(
  { reason: Type.Optional(Type.String({ maxLength: 500, description: 'shown to applicants and officers' })) },
  { additionalProperties: false },
);
export type PauseInput = Static<typeof PauseInput>;
export const PoolStatusChanged = Type.Object({
  replayed: Type.Boolean(),
  pool: PoolView,
  transactionId: Type.Union([Type.Integer(), Type.Null()]),
});

export const TransactionListQuery = Type.Object(
  {
    after: Type.Optional(Type.Integer({ minimum: 0 })),
    before: Type.Optional(Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
  },
  { additionalProperties: false },
);
export type TransactionListQuery = Static<typeof TransactionListQuery>;
export const TransactionList = Type.Object({ items: Type.Array(TransactionView) });
export type TransactionList = Static<typeof TransactionList>;
export const PoolHistory = Type.Object({ days: Type.Array(PoolDay) });
export type PoolHistory = Static<typeof PoolHistory>;
export const ForecastQuery = Type.Object(
  { windowDays: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_FORECAST_WINDOW_DAYS })) },
  { additionalProperties: false },
);
export type ForecastQuery = Static<typeof ForecastQuery>;
export type PoolStatusChanged = Static<typeof PoolStatusChanged>;
export type TrancheReceived = Static<typeof TrancheReceived>;
export type PoolCreated = Static<typeof PoolCreated>;
