/**
 * The embedded database's files are readable by their owner only, like keys.json beside them: the data
 * folder 0700, the SQLite file and its WAL and shared-memory files 0600, both when the server creates
 * them and when it finds them looser at start. (SQLite only: PostgreSQL keeps its own files.)
 */
import { mkdir, mkdtemp, rm, stat, chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { quietApp } from '../support/app.js';

const modeOf = async (file: string) => (await stat(file)).mode & 0o777;

describe.skipIf(process.platform === 'win32')('data files on sqlite', () => {
  let parent: string;
  afterEach(async () => {
    await rm(parent, { recursive: true, force: true });
  });

  async function modes(dataDir: string): Promise<Record<string, string>> {
    const entries: Record<string, string> = { folder: (await modeOf(dataDir)).toString(8) };
    for (const name of ['huimin.sqlite', 'huimin.sqlite-wal', 'huimin.sqlite-shm', 'keys.json']) {
      entries[name] = (await modeOf(path.join(dataDir, name))).toString(8);
    }
    return entries;
  }

  const ownerOnly = {
    folder: '700',
    'huimin.sqlite': '600',
    'huimin.sqlite-wal': '600',
    'huimin.sqlite-shm': '600',
    'keys.json': '600',
  };

  it('creates the data folder and the database files for their owner only', async () => {
    parent = await mkdtemp(path.join(tmpdir(), 'huimin-files-'));
    const dataDir = path.join(parent, 'data');
    const app = await quietApp(loadConfig({ HUIMIN_DATA_DIR: dataDir, LOG_LEVEL: 'silent', HUIMIN_DEMO_SCALE: '0' }));
    try {
      // demo accounts and the plan were written at start: the WAL files exist while the app runs
      expect(await modes(dataDir)).toEqual(ownerOnly);
    } finally {
      await app.close();
    }
  });

  it('tightens files it finds readable by others at start', async () => {
    parent = await mkdtemp(path.join(tmpdir(), 'huimin-files-'));
    const dataDir = path.join(parent, 'data');
    await mkdir(dataDir, { mode: 0o755 });
    await chmod(dataDir, 0o755);
    const file = path.join(dataDir, 'huimin.sqlite');
    // An older server's database, still open (so its WAL files exist), everything world-readable.
    const older = new SQLite(file);
    older.pragma('journal_mode = WAL');
    older.exec('create table leftover (id integer primary key)');
    older.exec('insert into leftover default values');
    for (const name of ['huimin.sqlite', 'huimin.sqlite-wal', 'huimin.sqlite-shm']) {
      await chmod(path.join(dataDir, name), 0o644);
    }
    try {
      const app = await quietApp(loadConfig({ HUIMIN_DATA_DIR: dataDir, LOG_LEVEL: 'silent', HUIMIN_DEMO_SCALE: '0' }));
      try {
        expect(await modes(dataDir)).toEqual(ownerOnly);
      } finally {
        await app.close();
      }
    } finally {
      older.close();
    }
  });
});
