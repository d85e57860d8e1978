import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from './errors.js';
import { projectRoot } from './project-root.js';

describe('error codes', () => {
  it('are all documented in docs/errors.md with the same status and meaning', () => {
    const doc = readFileSync(path.join(projectRoot(), 'docs', 'errors.md'), 'utf8');
    const rows = new Map(
      [...doc.matchAll(/^\|\s*`([A-Z_]+)`\s*\|\s*(\d{3})\s*\|\s*(.+?)\s*\|$/gm)].map((match) => [
        match[1],
        { status: Number(match[2]), description: match[3] },
      ]),
    );
    for (const [code, { status, description }] of Object.entries(ERROR_CODES)) {
      expect(rows.get(code), code).toEqual({ status, description });
    }
    expect([...rows.keys()].sort()).toEqual(Object.keys(ERROR_CODES).sort());
  });
});
