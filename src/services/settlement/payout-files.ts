/**
 * Payout files (shared by merchant settlement and, later, claims' payouts): a real .xlsx workbook
 * (exceljs) and a bank CSV with one row per payee: name, bank, account, amount in fen and in yuan, and
 * the batch reference the bank transfer must carry. The .xlsx adds a sheet of the lines behind the sum.
 */
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { yuan as unsignedYuan } from '../../domain/subsidy/money.js';

/** Yuan with two decimals, for negative amounts (clawbacks) too. */
function yuan(fen: number): string {
  return fen < 0 ? `-${unsignedYuan(-fen)}` : unsignedYuan(fen);
}

export interface PayoutRow {
  readonly reference: string;
  readonly payeeName: string;
  readonly creditCode: string;
  readonly bankName: string;
  readonly bankAccount: string;
  readonly amountFen: number;
  readonly unitId: string;
  readonly period: string;
}

export interface PayoutDetail {
  readonly reference: string;
  readonly item: string;
  readonly kind: string;
  readonly description: string;
  readonly amountFen: number;
}

const HEADERS = [
  '序号',
  '批次号',
  '收款单位',
  '统一社会信用代码',
  '开户银行',
  '银行账号',
  '金额（分）',
  '金额（元）',
  '县区',
  '清算期间',
];

function csvCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** UTF-8 with a byte-order mark, so spreadsheet programs read the Chinese headers. */
export function payoutCsv(rows: readonly PayoutRow[]): Buffer {
  const lines = [HEADERS.join(',')];
  rows.forEach((row, index) => {
    lines.push(
      [
        String(index + 1),
        row.reference,
        row.payeeName,
        row.creditCode,
        row.bankName,
        row.bankAccount,
        String(row.amountFen),
        yuan(row.amountFen),
        row.unitId,
        row.period,
      ]
        .map(csvCell)
        .join(','),
    );
  });
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
}

/**
 * The workbook, written by exceljs' streaming writer: each row is serialised as it is added and the zip
 * is deflated by Node's zlib, so a batch of 100,000 lines never holds a document model of them (the
 * in-memory Workbook and its JavaScript deflate took 13 s for 100,000 lines under load).
 */
export async function payoutXlsx(rows: readonly PayoutRow[], details: readonly PayoutDetail[]): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const stream = new PassThrough();
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    stream.on('end', resolve);
    stream.on('error', reject);
  });
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: false });
  workbook.creator = 'huimin';
  const sheet = workbook.addWorksheet('付款清单');
  // Columns (widths and formats) first: a streamed row takes its cells' styles when it is added.
  sheet.columns = HEADERS.map((_, index) => ({
    width: 18,
    ...(index === 5 ? { style: { numFmt: '@' } } : index === 7 ? { style: { numFmt: '0.00' } } : {}),
  }));
  const header = sheet.addRow(HEADERS);
  header.font = { bold: true };
  header.commit();
  rows.forEach((row, index) => {
    sheet
      .addRow([
        index + 1,
        row.reference,
        row.payeeName,
        row.creditCode,
        row.bankName,
        row.bankAccount,
        row.amountFen,
        Number(yuan(row.amountFen)),
        row.unitId,
        row.period,
      ])
      .commit();
  });
  sheet.commit();
  const lines = workbook.addWorksheet('明细');
  lines.columns = [{}, {}, {}, {}, {}, { style: { numFmt: '0.00' } }];
  const lineHeader = lines.addRow(['批次号', '核销编号', '类型', '说明', '金额（分）', '金额（元）']);
  lineHeader.font = { bold: true };
  lineHeader.commit();
  for (const detail of details) {
    lines
      .addRow([
        detail.reference,
        detail.item,
        detail.kind,
        detail.description,
        detail.amountFen,
        Number(yuan(detail.amountFen)),
      ])
      .commit();
  }
  lines.commit();
  await workbook.commit();
  await ended;
  return Buffer.concat(chunks);
}
