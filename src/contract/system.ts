/** Liveness and readiness answers (/healthz, /readyz). */
import { Type, type Static } from 'typebox';

export const HealthStatus = Type.Object({
  status: Type.String(),
  database: Type.Optional(Type.String()),
  planVersion: Type.Optional(Type.String()),
});
export type HealthStatus = Static<typeof HealthStatus>;
