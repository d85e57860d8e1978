/**
 * Payout files (shared by merchant settlement and, later, claims' payouts): a real .xlsx workbook
 * (exceljs) and a bank CSV with one row per payee: name, bank, account, amount in fen and in yuan, and
 * the batch reference the bank transfer must carry. The .xlsx adds a sheet of the lines behind the sum.
 */
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

export async function payoutXlsx(rows: readonly PayoutRow[], details: readonly PayoutDetail[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'huimin';
  const sheet = workbook.addWorksheet('付款清单');
  sheet.addRow(HEADERS);
  rows.forEach((row, index) => {
    sheet.addRow([
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
    ]);
  });
  sheet.getRow(1).font = { bold: true };
  sheet.getColumn(6).numFmt = '@';
  sheet.getColumn(8).numFmt = '0.00';
  sheet.columns.forEach((column) => {
    column.width = 18;
  });
  const lines = workbook.addWorksheet('明细');
  lines.addRow(['批次号', '核销编号', '类型', '说明', '金额（分）', '金额（元）']);
  lines.getRow(1).font = { bold: true };
  for (const detail of details) {
    lines.addRow([
      detail.reference,
      detail.item,
      detail.kind,
      detail.description,
      detail.amountFen,
      Number(yuan(detail.amountFen)),
    ]);
  }
  lines.getColumn(6).numFmt = '0.00';
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
