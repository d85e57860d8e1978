import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QuoteResult } from '../../src/domain/subsidy/index.js';
import { quietApp } from '../support/app.js';
import { DIALECTS, testEnvironment, type TestEnvironment } from '../support/databases.js';

const AIR_CONDITIONER = {
  line: 'appliance',
  category: 'air_conditioner',
  efficiencyGrade: 1,
  finalPriceFen: 399900,
  purchaseDate: '2025-05-01',
};

describe.each(DIALECTS)('POST /api/v1/quote on %s', (dialect) => {
  let environment: TestEnvironment;
  let app: FastifyInstance;

  beforeAll(async () => {
    environment = await testEnvironment(dialect);
    app = await quietApp(environment.config);
  });
  afterAll(async () => {
    await app?.close();
    await environment?.cleanup();
  });

  it('answers the issue example: 20% of 3,999.00 yuan is 799.80 yuan, with the clause', async () => {
    const response = await app.inject({ method: 'POST', url: '/api/v1/quote', payload: AIR_CONDITIONER });
    expect(response.statusCode).toBe(200);
    const result = response.json<QuoteResult>();
    expect(result).toMatchObject({ eligible: true, subsidyFen: 79980, reasons: [] });
    expect(result.explanation).toContain('799.80');
    expect(result.clause).toContain('20%');
    expect(result.parameterVersion).toMatch(/^sanmenxia-2025@[0-9a-f]{12}:/);
  });

  it('says why a purchase is not eligible, as a value', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/quote',
      payload: { ...AIR_CONDITIONER, purchaseDate: '2024-05-01' },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json<QuoteResult>()).toMatchObject({ eligible: false, subsidyFen: 0 });
    expect(response.json<QuoteResult>().reasons[0]?.code).toBe('NO_RULE_IN_FORCE');
  });

  it('refuses bad input with 400 and the field', async () => {
    const cases: [unknown, string][] = [
      [{ ...AIR_CONDITIONER, finalPriceFen: 'a lot' }, 'finalPriceFen'],
      [{ ...AIR_CONDITIONER, finalPriceFen: -1 }, 'finalPriceFen'],
      [{ ...AIR_CONDITIONER, finalPriceFen: 1.5 }, 'finalPriceFen'],
      [{ ...AIR_CONDITIONER, purchaseDate: '2025-02-30' }, 'purchaseDate'],
      [{ ...AIR_CONDITIONER, line: 'yacht' }, 'line'],
      [{ category: 'tv' }, 'line'],
      [{ ...AIR_CONDITIONER, colour: 'red' }, 'colour'],
    ];
    for (const [payload, field] of cases) {
      const response = await app.inject({ method: 'POST', url: '/api/v1/quote', payload: payload as object });
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
      expect(response.json<{ error: { code: string; field: string } }>().error).toMatchObject({
        code: 'VALIDATION_FAILED',
        field,
      });
    }
  });

  it('refuses a body that is not JSON', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/quote',
      headers: { 'content-type': 'application/json' },
      payload: '{"line":',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json<{ error: { code: string } }>().error.code).toBe('INVALID_JSON');
  });
});
