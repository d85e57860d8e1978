import type { AuditStatementView } from '../../../../src/contract/audit';

/** The file name a statement is saved under: its kind and issue time, safe on every file system. */
export function statementFileName(statement: AuditStatementView): string {
  return `huimin-audit-statement-${statement.issuedAt.replace(/[:.]/g, '-')}.json`;
}

/** Saves a statement as the JSON file `huimin audit verify --against` reads. */
export function downloadStatement(statement: AuditStatementView): void {
  const blob = new Blob([`${JSON.stringify(statement, null, 2)}\n`], { type: 'application/json' });
  const href = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = href;
  link.download = statementFileName(statement);
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(href), 1000);
}
