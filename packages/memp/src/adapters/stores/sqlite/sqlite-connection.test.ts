import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SQLITE_MMAP_BYTES, openSqliteConnection } from './sqlite-connection.js';

const dir = mkdtempSync(join(tmpdir(), 'memp-sqlite-connection-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('openSqliteConnection', () => {
  it('opens a file in WAL mode, synchronous as asked, reading through a memory map', () => {
    const db = openSqliteConnection({ path: join(dir, 'a.db'), synchronous: 'full' });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.pragma('mmap_size', { simple: true })).toBe(SQLITE_MMAP_BYTES);
    db.exec("CREATE TABLE t (x TEXT); INSERT INTO t VALUES ('mapped')");
    expect(db.prepare('SELECT x FROM t').pluck().get()).toBe('mapped');
    db.close();
  });
});
