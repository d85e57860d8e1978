import { describe, expect, it } from 'vitest';
import type { AuditStatementView } from '../../../../src/contract/audit';
import { statementFileName } from './statement';

describe('statementFileName', () => {
  it('names the file by its issue time, without characters some file systems refuse', () => {
    const statement = { issuedAt: '2026-12-01T08:15:30.123Z' } as AuditStatementView;
    expect(statementFileName(statement)).toBe('huimin-audit-statement-2026-12-01T08-15-30-123Z.json');
  });
});
