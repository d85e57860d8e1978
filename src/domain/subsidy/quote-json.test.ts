import { Value } from 'typebox/value';
import { describe, expect, it } from 'vitest';
import { sampleBook } from '../../../test/subsidy/fixture.js';
import { parseQuoteJson, quoteFromJson, quoteResultFromJson } from './quote-json.js';
import { QuoteResult } from './schema.js';

const book = sampleBook();
const EXAMPLE =
  '{"line":"appliance","category":"air_conditioner","efficiencyGrade":1,"finalPriceFen":399900,"purchaseDate":"2025-05-01"}';

describe('huimin quote as a function', () => {
  it('answers the issue’s example: eligible, 79980 fen', () => {
    const output = JSON.parse(quoteFromJson(EXAMPLE, book)) as Record<string, unknown>;
    expect(output).toMatchObject({
      eligible: true,
      subsidyFen: 79_980,
      reasons: [],
      explanation:
        '按最终销售价格3999.00元的20%计算为799.80元，未超过每件2000元上限。补贴799.80元。需核验：每人每年该品类限补贴3件（未核对此前补贴记录）。',
      parameterVersion: 'test-plan@1:appliance-categories,appliance-grade1,appliance-air-conditioners,appliance-cap',
    });
    expect(typeof output.clause).toBe('string');
  });

  it('prints one JSON object that matches the QuoteResult schema', () => {
    for (const text of [EXAMPLE, '{"line":"ebike","purchaseDate":"2026-01-01"}', '{', '[]', '{"line":"boat"}']) {
      const output: unknown = JSON.parse(quoteFromJson(text, book));
      expect(Value.Check(QuoteResult, output), text).toBe(true);
    }
  });

  it('checks quotas against a history when given one', () => {
    const history = [
      { line: 'appliance', category: 'air_conditioner', subsidyFen: 1, ruleDate: '2025-01-02' },
    ] as const;
    expect(
      quoteResultFromJson(EXAMPLE, book, [...history, ...history, ...history]).reasons.map((item) => item.code),
    ).toEqual(['QUOTA_USED']);
  });

  it('answers text that is not a quote with INVALID_INPUT reasons naming the field', () => {
    expect(quoteResultFromJson('not json', book)).toMatchObject({
      eligible: false,
      subsidyFen: 0,
      line: null,
      reasons: [{ code: 'INVALID_INPUT', field: '', messageEn: 'the input is not valid JSON' }],
    });
    expect(quoteResultFromJson('{"line":"appliance","finalPrice":1}', book).reasons.map((item) => item.field)).toEqual([
      'finalPrice',
      'purchaseDate',
      'finalPriceFen',
      'category',
      'efficiencyGrade',
    ]);
    expect(parseQuoteJson('{"line":"ebike","purchaseDate":"2025-05-01"}')).toEqual({
      ok: true,
      input: { line: 'ebike', purchaseDate: '2025-05-01' },
    });
  });
});
