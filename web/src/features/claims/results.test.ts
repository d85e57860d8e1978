import { describe, expect, it } from 'vitest';
import { cellsOf, marksOf, parsePaymentCsv, payoutFileLines, resultsFromMarks, statusOf } from './results';

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

describe('the payout file’s lines', () => {
  it('reads each claim’s reference, amount in fen and payee from the bank CSV, keeping no account', () => {
    const file =
      '\uFEFF序号,批次号,收款单位,统一社会信用代码,开户银行,银行账号,金额（分）,金额（元）,县区,清算期间\r\n' +
      '1,SQ-BF-5610483A45E5,演示市民 张三,,中国银行三门峡分行,6222000011112222,2000000,20000.00,hubin,汽车报废更新\r\n' +
      '2,SQ-SF-ABCDEF,"三门峡某某公司",91411200MA00000000,建设银行,6217000000000000,500000,5000.00,hubin,首发经济\r\n';
    expect(payoutFileLines(file)).toEqual([
      { reference: 'SQ-BF-5610483A45E5', amountFen: 2_000_000, payee: '演示市民 张三 · 中国银行三门峡分行' },
      { reference: 'SQ-SF-ABCDEF', amountFen: 500_000, payee: '三门峡某某公司 · 建设银行' },
    ]);
    expect(JSON.stringify(payoutFileLines(file))).not.toContain('6222000011112222');
  });
});
