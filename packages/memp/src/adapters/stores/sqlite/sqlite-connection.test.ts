import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqliteConnection } from './sqlite-connection.js';

const dir = mkdtempSync(join(tmpdir(), 'memp-sqlite-connection-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('openSqliteConnection', () => {
  it('opens a file in WAL mode, synchronous as asked, without a memory map', () => {
    const db = openSqliteConnection({ path: join(dir, 'a.db'), synchronous: 'full' });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.pragma('mmap_size', { simple: true })).toBe(0);
    db.exec("CREATE TABLE t (x TEXT); INSERT INTO t VALUES ('read')");
    expect(db.prepare('SELECT x FROM t').pluck().get()).toBe('read');
    db.close();
  });
});
