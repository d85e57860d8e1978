/**
 * Bad input never gets in: every route of the OpenAPI document that takes a body is sent wrong types,
 * missing fields, huge strings, invalid JSON and an oversized body (and the registration an invalid
 * ID number), as a role allowed to call it. Each answer is a 4xx with a stable error code, and no table
 * gains or loses a row. Every string a request body accepts is bounded, so huge strings are refused by
 * validation rather than reaching the database.
 */
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allows, ROLES, type Role } from '../../src/domain/access/permissions.js';
import { quietApp } from '../support/app.js';
import { ERROR_CODES } from '../../src/shared/errors.js';
import { DIALECTS, testEnvironment, type TestEnvironment } from '../support/databases.js';
import { call, DEMO_ENV, DEMO_LOGINS, signIn, type TestSession } from '../support/sessions.js';

interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  maxLength?: number;
  pattern?: string;
}
interface Operation {
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
  parameters?: { in: string; name: string; schema?: JsonSchema }[];
}
interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
}

const PARAMETERS: Record<string, string> = { number: '6', id: 'demo-citizen', poolId: 'appliance.hubin.city' };
const concrete = (path: string) => path.replace(/\{(\w+)\}/g, (_, name: string) => PARAMETERS[name] ?? 'x');
const fastifyPath = (path: string) => path.replace(/\{(\w+)\}/g, ':$1');

/** A value of the wrong JSON type for `schema`. */
function wrongType(schema: JsonSchema): unknown {
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'string':
      return 12345;
    case 'integer':
    case 'number':
      return 'not a number';
    case 'boolean':
      return 'not a boolean';
    case 'array':
      return 'not an array';
    case 'object':
      return 'not an object';
    default:
      return { unexpected: true };
  }
}

/** String properties (at any depth) lacking a bound: each is a way to write unbounded text. */
function unboundedStrings(schema: JsonSchema, path: string): string[] {
  const found: string[] = [];
  if (
    schema.type === 'string' &&
    schema.maxLength === undefined &&
    schema.pattern === undefined &&
    schema.enum === undefined
  ) {
    found.push(path);
  }
  for (const [name, property] of Object.entries(schema.properties ?? {}))
    found.push(...unboundedStrings(property, `${path}.${name}`));
  if (schema.items !== undefined) found.push(...unboundedStrings(schema.items, `${path}[]`));
  for (const option of schema.anyOf ?? []) found.push(...unboundedStrings(option, path));
  return found;
}

/** Paths of the integer (and number) fields of a body schema, as the error's `field` names them. */
function integerFields(schema: JsonSchema | undefined, path = ''): string[] {
  if (schema === undefined) return [];
  const type = Array.isArray(schema.type) ? schema.type : [schema.type];
  const found = type.includes('integer') || type.includes('number') ? [path] : [];
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    found.push(...integerFields(property, path === '' ? name : `${path}.${name}`));
  }
  if (schema.items !== undefined) found.push(...integerFields(schema.items, `${path}[0]`));
  for (const option of schema.anyOf ?? []) found.push(...integerFields(option, path));
  return [...new Set(found)];
}

/** Sets `path` (dotted, with [0]) in a copy of `body`. */
function withValue(body: unknown, path: string, value: unknown): unknown {
  const copy = structuredClone(body) as Record<string, unknown>;
  const keys = path.replace(/\[(\d+)\]/g, '.$1').split('.');
  let node = copy;
  for (const key of keys.slice(0, -1)) node = node[key] as Record<string, unknown>;
  node[keys.at(-1) ?? ''] = value;
  return copy;
}

/** Values that JSON integers are not, though type coercion would read them as numbers. */
const COERCIBLE = ['100', true, [100], '0x10', '1e3', ' 100'] as const;

const QUOTE = {
  line: 'appliance',
  category: 'air_conditioner',
  efficiencyGrade: 1,
  finalPriceFen: 399900,
  purchaseDate: '2025-05-01',
};
/** A valid body for each route whose body has integer fields; each field is then spoiled in turn. */
const VALID_BODIES: Record<string, unknown> = {
  'POST /api/v1/quote': QUOTE,
  'POST /api/v1/budget/pools/{poolId}/tranches': { amountFen: 100 },
  'POST /api/v1/subsidy/grants': { purchase: QUOTE, applicantId: 'demo-citizen', unitId: 'hubin', source: 'city' },
  'POST /api/v1/trade-in/redemptions': {
    qualificationCode: 'ABCDEFGH',
    product: { category: 'tv', model: 'TV-1', serialNumber: 'SN-0001', efficiencyGrade: 1, finalPriceFen: 100 },
    invoice: { number: 'INV-1', buyerName: '张三', amountFen: 100 },
  },
  'POST /api/v1/trade-in/redemptions/{id}/returns': { returnedPriceFen: 100, reason: '退货' },
  'POST /api/v1/settlements/{id}/payment-results': { results: [{ reference: 'JS-1', status: 'paid', amountFen: 100 }] },
  'PUT /api/v1/supervision/targets/{id}/shares': { shares: [{ unitId: 'hubin', value: 100 }] },
  'POST /api/v1/supervision/reports': {
    subjectKind: 'target',
    subjectId: 'some-target',
    period: '2025-06',
    value: 100,
    narrative: '按计划推进',
  },
  'POST /api/v1/claims': {
    line: 'elderly_adaptation',
    unitId: 'hubin',
    dwelling: { address: '湖滨区崤山路 1 号', residentName: '张奶奶', residentBirthDate: '1950-01-01' },
    purchaseDate: '2025-06-01',
    items: [{ name: '扶手', productCostFen: 100, labourCostFen: 100 }],
    costs: [{ item: '场地', amountFen: 100 }],
    newCar: {
      vin: 'LNBSCB3F5PW100001',
      kind: 'fuel',
      displacementMl: 1500,
      invoiceNumber: '1',
      invoiceDate: '2025-06-01',
      priceFen: 100,
      registeredOn: '2025-06-02',
    },
  },
  'POST /api/v1/claims/payouts/{id}/payment-results': {
    results: [{ claimReference: 'SQ-1', status: 'paid', amountFen: 100 }],
  },
  'POST /api/v1/vouchers/campaigns': {
    name: '消费券',
    funder: { kind: 'city', poolId: 'no-such-pool' },
    categories: [],
    excludedCategories: [],
    units: ['hubin'],
    packs: [{ faceFen: 100, thresholdFen: 100, count: 1 }],
    limits: {
      perRound: { maxPacks: 1, maxFaceFen: 100 },
      perCampaign: { maxPacks: 1, maxFaceFen: 100 },
      perFunderYear: { maxPacks: 1, maxFaceFen: 100 },
    },
  },
  'POST /api/v1/vouchers/campaigns/{id}/rounds': {
    releaseAt: '2026-12-03T10:00:00+08:00',
    quantity: 100,
    validDays: 7,
    mode: 'first_come',
  },
  'POST /api/v1/vouchers/redemptions': { voucherCode: 'ABCDEFGHJKLM', billFen: 100, category: 'dining' },
  'POST /api/v1/vouchers/redemptions/{id}/refunds': { refundBillFen: 100 },
  'POST /api/v1/subsidy/reform-simulations': { changes: [{ key: 'appliance.grade1.rate_bp', value: 1500 }] },
  // well-formed (its signature is checked only after validation, so any base64 passes the schema)
  'POST /api/v1/audit/statements/verification': {
    format: 'huimin-audit-statement/1',
    kind: 'on_demand',
    issuedAt: '2026-12-01T00:00:00.000Z',
    chains: { audit: { sequence: 1, hash: 'a'.repeat(64) }, security: { sequence: 1, hash: 'b'.repeat(64) } },
    keyId: '0123456789abcdef',
    publicKey: 'AAAA',
    signature: 'AAAA',
  },
};

describe.each(DIALECTS)('malformed requests on %s', (dialect) => {
  let environment: TestEnvironment;
  let app: FastifyInstance;
  const sessions = new Map<Role, TestSession>();
  let routes: { method: string; path: string; schema: JsonSchema | undefined }[] = [];

  beforeAll(async () => {
    environment = await testEnvironment(dialect, DEMO_ENV);
    app = await quietApp(environment.config);
    await app.demoActivity;
    for (const role of ROLES) sessions.set(role, await signIn(app, DEMO_LOGINS[role]));
    const document = (await app.inject({ method: 'GET', url: '/openapi.json' })).json<OpenApiDocument>();
    routes = Object.entries(document.paths).flatMap(([path, operations]) =>
      Object.entries(operations)
        .filter(([method]) => ['post', 'put', 'patch'].includes(method))
        .filter(() => !path.endsWith('/sign-out'))
        .map(([method, operation]) => ({
          method: method.toUpperCase(),
          path,
          schema: operation.requestBody?.content?.['application/json']?.schema,
        })),
    );
  });
  afterAll(async () => {
    await app?.close();
    await environment?.cleanup();
  });

  /** Rows per table, to prove nothing was written. */
  async function rowCounts(): Promise<Record<string, number>> {
    const tables = [
      'accounts',
      'role_assignments',
      'merchants',
      'sessions',
      'one_time_codes',
      'audit_entries',
      'idempotency_records',
      'budget_pools',
      'budget_holds',
      'ledger_transactions',
      'ledger_postings',
      'plan_versions',
    ];
    const counts: Record<string, number> = {};
    for (const table of tables) {
      const result = await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(
        app.services.database.db,
      );
      counts[table] = Number(result.rows[0]?.n);
    }
    return counts;
  }

  function sessionFor(method: string, path: string): TestSession | null {
    const permission =
      app.routePermissions.find((route) => route.method === method && route.url === fastifyPath(path))?.permission ??
      'public';
    if (permission === 'public') return null;
    const role = ROLES.find((candidate) => allows(permission, [candidate]));
    return role === undefined ? null : (sessions.get(role) ?? null);
  }

  it('bounds every string a request body accepts', () => {
    expect(routes.length).toBeGreaterThan(15);
    const unbounded = routes.flatMap((route) =>
      route.schema === undefined ? [] : unboundedStrings(route.schema, `${route.method} ${route.path} body`),
    );
    expect(unbounded).toEqual([]);
  });

  it('takes money and counts as JSON integers only: no "100", true, [100], "0x10", "1e3" or " 100"', async () => {
    const document = (await app.inject({ method: 'GET', url: '/openapi.json' })).json<OpenApiDocument>();
    const before = await rowCounts();
    const problems: string[] = [];
    let tried = 0;
    for (const [path, operations] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        const route = `${method.toUpperCase()} ${path}`;
        const session = sessionFor(method.toUpperCase(), path);
        const fields = integerFields(operation.requestBody?.content?.['application/json']?.schema);
        const body = VALID_BODIES[route];
        if (fields.length > 0 && body === undefined)
          problems.push(`${route}: no valid body to spoil ${fields.join(', ')}`);
        for (const field of body === undefined ? [] : fields) {
          for (const value of COERCIBLE) {
            tried += 1;
            const response = await call(app, session, {
              method: method.toUpperCase(),
              url: concrete(path),
              headers: { 'idempotency-key': `coerce-${tried}` },
              payload: withValue(body, field, value) as Record<string, unknown>,
            });
            const error = response.json<{ error?: { code?: string; field?: string } }>().error;
            if (
              response.statusCode !== 400 ||
              error?.code !== 'VALIDATION_FAILED' ||
              !(error.field ?? '').startsWith(field)
            ) {
              problems.push(
                `${route} ${field}=${JSON.stringify(value)}: ${response.statusCode} ${response.body.slice(0, 160)}`,
              );
            }
          }
        }
        // Integers in the query string and the path are text, but only ever in decimal digits.
        for (const parameter of operation.parameters ?? []) {
          if (parameter.schema?.type !== 'integer') continue;
          for (const value of ['0x10', '1e3', ' 100', '1.5', '+7']) {
            tried += 1;
            const url =
              parameter.in === 'path'
                ? concrete(path).replace(PARAMETERS[parameter.name] ?? 'x', encodeURIComponent(value))
                : `${concrete(path)}?${parameter.name}=${encodeURIComponent(value)}`;
            const response = await call(app, session, { method: method.toUpperCase(), url });
            const error = response.json<{ error?: { code?: string; field?: string } }>().error;
            if (response.statusCode !== 400 || error?.field !== parameter.name) {
              problems.push(
                `${route} ${parameter.in} ${parameter.name}=${JSON.stringify(value)}: ${response.statusCode} ${response.body.slice(0, 160)}`,
              );
            }
          }
        }
      }
    }
    expect(problems).toEqual([]);
    expect(tried).toBeGreaterThan(100);
    expect(await rowCounts()).toEqual(before);
  });

  it('answers every malformed body with a 4xx and a stable code, writing nothing', async () => {
    const before = await rowCounts();
    const problems: string[] = [];
    for (const route of routes) {
      const session = sessionFor(route.method, route.path);
      const cases: { name: string; payload: string }[] = [
        { name: 'invalid JSON', payload: '{"unterminated": ' },
        { name: 'JSON that is not an object', payload: '[1, 2, 3]' },
        { name: 'oversized body', payload: JSON.stringify({ filler: 'x'.repeat(1_100_000) }) },
      ];
      const properties = Object.entries(route.schema?.properties ?? {});
      if (route.schema !== undefined && (route.schema.required ?? []).length > 0) {
        cases.push({ name: 'missing fields', payload: '{}' });
      }
      for (const [name, property] of properties) {
        cases.push({ name: `wrong type for ${name}`, payload: JSON.stringify({ [name]: wrongType(property) }) });
        if (property.type === 'string') {
          cases.push({ name: `huge ${name}`, payload: JSON.stringify({ [name]: '长'.repeat(200_000) }) });
        }
      }
      if (properties.some(([name]) => name === 'idNumber')) {
        for (const idNumber of ['11010519491231002A', '110105194912310021', '11010520991231002X', '9901051949123100']) {
          cases.push({
            name: `invalid ID number ${idNumber}`,
            payload: JSON.stringify({
              name: '测试',
              idNumber,
              mobile: '13912345678',
              password: 'a fine password',
              code: '123456',
            }),
          });
        }
      }
      for (const testCase of cases) {
        const response = await call(app, session, {
          method: route.method,
          url: concrete(route.path),
          headers: {
            'content-type': 'application/json',
            'idempotency-key': `malformed-${route.path}-${testCase.name}`,
          },
          payload: testCase.payload,
        });
        const code = response.json<{ error?: { code?: string } }>().error?.code;
        const where = `${route.method} ${route.path} (${testCase.name})`;
        if (response.statusCode < 400 || response.statusCode >= 500) {
          problems.push(`${where}: ${response.statusCode} ${response.body.slice(0, 200)}`);
        } else if (code === undefined || !(code in ERROR_CODES)) {
          problems.push(`${where}: no stable error code in ${response.body.slice(0, 200)}`);
        }
      }
    }
    expect(problems).toEqual([]);
    expect(await rowCounts()).toEqual(before);
  });
});
