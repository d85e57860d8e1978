/**
 * The campaign report as .xlsx (exceljs, as services/settlement/payout-files.ts): a first sheet 说明 with the
 * campaign, when it was made, the note on gross leverage and the rounding; then a sheet per grouping (总计,
 * 按批次, 按品类, 按县区, 按商户) with Chinese headers in row 1 and English in row 2. Money is in yuan with two
 * decimals, converted from integer fen as text first (domain/subsidy/money.ts `yuan`), so every cell is the fen
 * figure exactly; the rate is a percentage with two decimals (basis points ÷ 100), leverage labelled 毛撬动比.
 */
import ExcelJS from 'exceljs';
import type { CampaignReport, Figures } from '../../contract/voucher-report.js';
import { yuan } from '../../domain/subsidy/money.js';
import { hundredthsText } from '../../domain/vouchers/report.js';

const COLUMNS: readonly { zh: string; en: string; value: (row: Figures) => number | null; money?: true }[] = [
  { zh: '发放张数', en: 'Vouchers issued', value: (row) => row.issued },
  { zh: '发放金额（元）', en: 'Issued (yuan)', value: (row) => row.issuedFen, money: true },
  { zh: '领取张数', en: 'Vouchers claimed', value: (row) => row.claimed },
  { zh: '领取金额（元）', en: 'Claimed (yuan)', value: (row) => row.claimedFen, money: true },
  { zh: '过期张数', en: 'Vouchers expired', value: (row) => row.expired },
  { zh: '过期金额（元）', en: 'Expired (yuan)', value: (row) => row.expiredFen, money: true },
  { zh: '滚动再投放金额（元）', en: 'Re-released (yuan)', value: (row) => row.rereleasedFen, money: true },
  { zh: '核销张数', en: 'Redemptions', value: (row) => row.redeemed },
  { zh: '核销券金额（元）', en: 'Voucher money redeemed (yuan)', value: (row) => row.voucherFen, money: true },
  { zh: '带动销售额（元）', en: 'Sales on redeemed bills (yuan)', value: (row) => row.salesFen, money: true },
];

const SHEETS = [
  { name: '总计', en: 'Total', rows: (report: CampaignReport) => (report.total === undefined ? [] : [report.total]) },
  { name: '按批次', en: 'By round', rows: (report: CampaignReport) => report.byRound ?? [] },
  { name: '按品类', en: 'By category', rows: (report: CampaignReport) => report.byCategory ?? [] },
  { name: '按县区', en: 'By unit', rows: (report: CampaignReport) => report.byUnit ?? [] },
  { name: '按商户', en: 'By merchant', rows: (report: CampaignReport) => report.byMerchant ?? [] },
] as const;

/** Yuan as a number that is exactly the two-decimal text of the fen (the nearest double, shown as 0.00). */
function money(fen: number | null): number | null {
  return fen === null ? null : Number(yuan(fen));
}

export async function reportWorkbook(
  report: CampaignReport,
  names: { readonly merchantNames: ReadonlyMap<string, string>; readonly roundReleases: ReadonlyMap<string, string> },
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'huimin';
  workbook.created = new Date(report.generatedAt);
  const about = workbook.addWorksheet('说明');
  about.addRows([
    ['活动 Campaign', report.campaignName],
    ['活动编号 Campaign id', report.campaignId],
    ['生成时间 Generated at (UTC)', report.generatedAt],
    ['毛撬动比 Gross leverage', report.note.zh],
    ['', report.note.en],
    ['舍入 Rounding', report.rounding],
    ['金额单位 Money', '元，两位小数，由整数分换算 yuan with 2 decimals, from whole fen'],
  ]);
  about.getColumn(1).width = 28;
  about.getColumn(1).font = { bold: true };
  about.getColumn(2).width = 90;

  for (const sheetOf of SHEETS) {
    const sheet = workbook.addWorksheet(sheetOf.name);
    const labelled = sheetOf.name === '按批次' || sheetOf.name === '按商户';
    const head = [
      { zh: '分组', en: sheetOf.en },
      ...(labelled ? [{ zh: sheetOf.name === '按批次' ? '开抢时间' : '商户名称', en: 'Name' }] : []),
      ...COLUMNS,
      { zh: '核销率（%）', en: 'Redemption rate (%)' },
      { zh: '毛撬动比', en: 'Gross leverage' },
    ];
    sheet.addRow(head.map((column) => column.zh));
    sheet.addRow(head.map((column) => column.en));
    sheet.getRow(1).font = { bold: true };
    sheet.getRow(2).font = { italic: true };
    for (const row of sheetOf.rows(report)) {
      const label =
        sheetOf.name === '按批次'
          ? [names.roundReleases.get(row.key) ?? '']
          : sheetOf.name === '按商户'
            ? [names.merchantNames.get(row.key) ?? '']
            : [];
      sheet.addRow([
        row.key,
        ...label,
        ...COLUMNS.map((column) => (column.money === true ? money(column.value(row)) : column.value(row))),
        row.redemptionRateBp === null ? null : Number(hundredthsText(row.redemptionRateBp)),
        row.grossLeverageHundredths === null ? null : Number(hundredthsText(row.grossLeverageHundredths)),
      ]);
    }
    const first = labelled ? 3 : 2;
    COLUMNS.forEach((column, index) => {
      sheet.getColumn(first + index).numFmt = column.money === true ? '0.00' : '0';
    });
    sheet.getColumn(first + COLUMNS.length).numFmt = '0.00';
    sheet.getColumn(first + COLUMNS.length + 1).numFmt = '0.00';
    sheet.columns.forEach((column) => {
      column.width = 16;
    });
    sheet.getColumn(1).width = 38;
    sheet.views = [{ state: 'frozen', ySplit: 2 }];
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
