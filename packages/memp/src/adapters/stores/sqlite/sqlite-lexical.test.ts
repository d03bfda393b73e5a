import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { NS, createContractFixtures } from '../../../testing/memory-store-contract-fixtures.js';
import { runLexicalSearchContract } from '../../../testing/memory-store-contract-lexical.js';
import { hasLexicalSearch } from '../../../ports/memory-store.js';
import { SQLITE_MIGRATIONS, migrateSqlite } from './sqlite-migrations.js';
import { createSqliteMemoryStore } from './sqlite-memory-store.js';

const dir = mkdtempSync(join(tmpdir(), 'memp-lexical-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

runLexicalSearchContract('sqlite :memory:', () => createSqliteMemoryStore({ path: ':memory:' }));
runLexicalSearchContract('sqlite file', () => createSqliteMemoryStore({ path: join(dir, `store-${++n}.db`) }));

describe('SQLite lexical index migration', () => {
  it('indexes the memories a file held before the lexical index existed', () => {
    const path = join(dir, 'before-lexicon.db');
    const raw = new Database(path);
    migrateSqlite({ db: raw, migrations: SQLITE_MIGRATIONS.filter((m) => m.name !== 'lexical index') });
    const memory = createContractFixtures().memory({ id: 'old', task: 'put a soapbar in the cabinet', keywords: [] });
    raw
      .prepare(
        'INSERT INTO memories (namespace, id, status, kind, created_at, version, body) VALUES (?, ?, ?, ?, ?, ?, ?)',
      )
      .run(NS, memory.id, memory.status, memory.kind, memory.createdAt, memory.version, JSON.stringify(memory));
    raw.close();
    const store = createSqliteMemoryStore({ path });
    if (!hasLexicalSearch(store)) throw new Error('no lexical search');
    return store
      .lexicalSearch({ namespace: NS, terms: ['soapbar'], k: 3 })
      .then((hits) => expect(hits.map((h) => h.id)).toEqual(['old']))
      .finally(() => store.close());
  });
});

describe('SQLite lexical search at scale', () => {
  it('skips a term most memories hold when rarer ones remain, and keeps the rarest when all are common', async () => {
    const store = createSqliteMemoryStore({ path: ':memory:' });
    if (!hasLexicalSearch(store)) throw new Error('no lexical search');
    const fx = createContractFixtures();
    const many = Array.from({ length: 1100 }, (_, i) => ({
      id: `p${String(i).padStart(4, '0')}`,
      task: 'wash the plate',
      keywords: [],
    }));
    await fx.seed(store, [...many, { id: 'bowl', task: 'wash the bowl', keywords: [] }]);
    const weights = { task: 1, keywords: 0, procedure: 0 };
    const rare = await store.lexicalSearch({ namespace: NS, terms: ['wash', 'bowl'], weights, k: 5 });
    expect(rare.map((h) => h.id)).toEqual(['bowl']);
    expect(rare[0]?.matched).toEqual(['wash', 'bowl']);
    const common = await store.lexicalSearch({ namespace: NS, terms: ['wash', 'plate'], weights, k: 2 });
    expect(common).toHaveLength(2);
    await store.close();
  });

  it('finds the matches of one namespace when another holds many better-ranked ones', async () => {
    const store = createSqliteMemoryStore({ path: ':memory:' });
    if (!hasLexicalSearch(store)) throw new Error('no lexical search');
    const fx = createContractFixtures();
    const crowd = Array.from({ length: 300 }, (_, i) => ({
      id: `c${i}`,
      namespace: 'crowd',
      task: 'kettle kettle kettle',
      keywords: ['kettle'],
    }));
    await fx.seed(store, [...crowd, { id: 'mine', task: 'a kettle and other things to say here', keywords: [] }]);
    expect((await store.lexicalSearch({ namespace: NS, terms: ['kettl'], k: 3 })).map((h) => h.id)).toEqual(['mine']);
    await store.close();
  });
});
