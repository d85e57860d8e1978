/**
 * The supervision office's spreadsheet (docs/supervision.md): one real .xlsx with the columns 序号, 任务,
 * 牵头单位, 配合单位, 目标, 完成情况, 进度, 状态, 存在问题, every target first and then every task of the
 * plan, as they stand at the end of the period.
 */
import ExcelJS from 'exceljs';
import { COMPARATOR_SYMBOLS, formatValue } from '../../domain/plan/units.js';
import type { MeasureUnit } from '../../domain/plan/schema.js';
import { STAGE_LABELS, STATUS_LABELS } from '../../domain/supervision/labels.js';
import type { Standings } from './supervision-reads.js';

export const EXPORT_COLUMNS = [
  '序号',
  '任务',
  '牵头单位',
  '配合单位',
  '目标',
  '完成情况',
  '进度',
  '状态',
  '存在问题',
] as const;

function percent(bp: number | null): string {
  return bp === null ? '—' : `${(bp / 100).toFixed(1)}%`;
}

/** The rows of the sheet, as text (the workbook and the printable report share them). */
export function exportRows(standings: Standings): string[][] {
  const { plan } = standings;
  const name = (id: string) => plan.names.get(id)?.name ?? id;
  const rows: string[][] = [];
  for (const { target, row } of standings.targets) {
    const unit = target.unit as MeasureUnit;
    const reported = row.reported === null ? '未报送' : `累计 ${formatValue(row.reported, unit)}`;
    rows.push([
      String(rows.length + 1),
      `措施${target.measure}：${target.metric}（${target.quote}）`,
      name(target.lead),
      target.supporting.map(name).join('、'),
      `${COMPARATOR_SYMBOLS[target.comparator]} ${formatValue(target.value, unit)}，${target.deadline} 前`,
      row.narrative === null ? reported : `${reported}；${row.narrative}`,
      percent(row.progressBp),
      STATUS_LABELS[row.status].zh,
      row.problems ?? '',
    ]);
  }
  for (const task of standings.tasks) {
    rows.push([
      String(rows.length + 1),
      `措施${task.measure}：${task.quote}`,
      name(task.lead),
      task.supporting.map(name).join('、'),
      '（定性任务）',
      task.narrative ?? '未报送',
      task.stage === null ? '—' : STAGE_LABELS[task.stage].zh,
      task.stage === null ? STATUS_LABELS.not_reported.zh : STAGE_LABELS[task.stage].zh,
      task.problems ?? '',
    ]);
  }
  return rows;
}

export async function exportWorkbook(standings: Standings): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'huimin';
  workbook.created = new Date(`${standings.asOf}T00:00:00Z`);
  const sheet = workbook.addWorksheet(`督办台账 ${standings.period}`);
  sheet.addRow([`三门峡市提振消费专项行动督办台账（截至 ${standings.asOf}）`]);
  sheet.mergeCells(1, 1, 1, EXPORT_COLUMNS.length);
  sheet.getRow(1).font = { bold: true, size: 14 };
  const header = sheet.addRow([...EXPORT_COLUMNS]);
  header.font = { bold: true };
  header.eachCell((cell) => {
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E1F2' } };
    cell.border = { bottom: { style: 'thin' } };
  });
  for (const row of exportRows(standings)) sheet.addRow(row);
  const widths = [6, 60, 22, 36, 26, 50, 10, 12, 40];
  widths.forEach((width, index) => {
    const column = sheet.getColumn(index + 1);
    column.width = width;
    column.alignment = { wrapText: true, vertical: 'top' };
  });
  sheet.views = [{ state: 'frozen', ySplit: 2 }];
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
