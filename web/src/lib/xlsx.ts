/**
 * Tables to a real .xlsx workbook in the browser (exceljs, loaded on first export so pages do not
 * carry it): one sheet, a header row, the rows as given (numbers stay numbers), a download.
 */
export type Cell = string | number | null;

/** The workbook's bytes: one sheet named `sheet` with `header` then `rows`. */
export async function xlsxBytes(
  sheet: string,
  header: readonly string[],
  rows: readonly Cell[][],
): Promise<ArrayBuffer> {
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  const worksheet = workbook.addWorksheet(sheet);
  worksheet.addRow([...header]).font = { bold: true };
  for (const row of rows) worksheet.addRow(row);
  return await workbook.xlsx.writeBuffer();
}

/** Builds the workbook and saves it as `fileName` (.xlsx). */
export async function downloadXlsx(
  fileName: string,
  sheet: string,
  header: readonly string[],
  rows: readonly Cell[][],
): Promise<void> {
  const bytes = await xlsxBytes(sheet, header, rows);
  const blob = new Blob([bytes], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
