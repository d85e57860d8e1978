import { describe, expect, it } from 'vitest';
import { againstBatch, cellsOf, marksOf, parsePaymentCsv, resultsFromMarks, statusOf } from './results';

describe('pasted payment results', () => {
  it('reads references, results in either language, yuan amounts, bank references and reasons', () => {
    const text = [
      '\uFEFF申请编号,结果,金额,流水号,原因',
      'SQ-BF-AAAA,已付,"15,000.00",B001',
      'SQ-SL-BBBB\tfailed\t\t\t户名不符，账户已销户',
      '',
      'SQ-SF-CCCC,成功,,B003',
      'nonsense',
    ].join('\r\n');
    const amounts = new Map([
      ['SQ-SL-BBBB', 300_000],
      ['SQ-SF-CCCC', 5_000_000],
    ]);
    expect(parsePaymentCsv(text, amounts)).toEqual({
      results: [
        { claimReference: 'SQ-BF-AAAA', status: 'paid', amountFen: 1_500_000, bankReference: 'B001' },
        { claimReference: 'SQ-SL-BBBB', status: 'failed', amountFen: 300_000, failureReason: '户名不符，账户已销户' },
        { claimReference: 'SQ-SF-CCCC', status: 'paid', amountFen: 5_000_000, bankReference: 'B003' },
      ],
      problems: [6],
    });
  });

  it('reports a first line that looks like a result but is not one', () => {
    expect(parsePaymentCsv('SQ-BF-AAAA,maybe,1').problems).toEqual([1]);
    expect(parsePaymentCsv('SQ-BF-AAAA,paid').problems).toEqual([1]); // no amount, none known
  });

  it('splits cells on commas and tabs, with quotes', () => {
    expect(cellsOf('a,"b,""c""",d')).toEqual(['a', 'b,"c"', 'd']);
    expect(statusOf(' PAID ')).toBe('paid');
    expect(statusOf('付款失败')).toBe('failed');
    expect(statusOf('?')).toBeUndefined();
  });
});

describe('results from the form', () => {
  it('sends the marked claims with the batch’s amounts, reasons only on failures', () => {
    const claims = [
      { reference: 'A', amountFen: 100 },
      { reference: 'B', amountFen: 200 },
      { reference: 'C', amountFen: 300 },
    ];
    expect(
      resultsFromMarks(claims, {
        A: { status: 'paid', bankReference: ' B1 ', failureReason: 'ignored' },
        C: { status: 'failed', failureReason: ' 账号错误 ' },
      }),
    ).toEqual([
      { claimReference: 'A', status: 'paid', amountFen: 100, bankReference: 'B1' },
      { claimReference: 'C', status: 'failed', amountFen: 300, failureReason: '账号错误' },
    ]);
    expect(marksOf([{ claimReference: 'A', status: 'paid', amountFen: 1, bankReference: 'X' }])).toEqual({
      A: { status: 'paid', bankReference: 'X' },
    });
  });
});

describe('pasted results against the batch', () => {
  it('marks the lines still pending, and leaves out those already recorded and those of no claim of the batch', () => {
    const lines = [
      { claimReference: 'A', status: 'pending' as const },
      { claimReference: 'B', status: 'paid' as const },
      { claimReference: 'C', status: 'failed' as const },
    ];
    const pasted = [
      { claimReference: 'A', status: 'paid' as const, amountFen: 100 },
      { claimReference: 'B', status: 'paid' as const, amountFen: 200 },
      { claimReference: 'C', status: 'paid' as const, amountFen: 300 },
      { claimReference: 'Z', status: 'failed' as const, amountFen: 1 },
    ];
    expect(againstBatch(pasted, lines)).toEqual({
      pending: [{ claimReference: 'A', status: 'paid', amountFen: 100 }],
      recorded: ['B', 'C'],
      unknown: ['Z'],
    });
  });
});
