import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { NS, createContractFixtures } from '../../../testing/memory-store-contract-fixtures.js';
import { runLexicalSearchContract } from '../../../testing/memory-store-contract-lexical.js';
import { hasLexicalSearch } from '../../../ports/memory-store.js';
import type { LexicalField } from '../../../ports/memory-store.js';
import { LEXICAL_FIELDS, lexicalTerms } from '../../../core/text/lexical-terms.js';
import { createSeededRandom } from '../../../core/random.js';
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
    migrateSqlite({ db: raw, migrations: SQLITE_MIGRATIONS.filter((m) => m.version < 7) });
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
  it('ranks as FTS5 bm25 over the same rows: same memories, same order, same scores', async () => {
    const path = join(dir, 'bm25.db');
    const store = createSqliteMemoryStore({ path });
    if (!hasLexicalSearch(store)) throw new Error('no lexical search');
    const fx = createContractFixtures();
    const random = createSeededRandom(3);
    const pick = (words: string[], n: number) =>
      Array.from({ length: n }, () => words[Math.floor(random() * words.length)] as string).join(' ');
    const objects = ['apple', 'egg', 'mug', 'soap bar', 'desk lamp', 'plate', 'knife', 'towel', 'pan', 'book'];
    const verbs = ['heat', 'cool', 'clean', 'put', 'find', 'slice', 'look at', 'take'];
    const memories = Array.from({ length: 2500 }, (_, i) => ({
      id: `m${String(i).padStart(5, '0')}`,
      task: `${pick(verbs, 1)} the ${pick(objects, 1 + (i % 3))} and put it in the ${pick(objects, 1)}`,
      keywords: i % 4 === 0 ? [pick(objects, 1), pick(verbs, 1)] : [],
      script: `go to the ${pick(objects, 1)}\n${pick(verbs, 1)} ${pick(objects, 2 + (i % 5))}`,
      status: i % 7 === 0 ? ('deprecated' as const) : ('active' as const),
    }));
    for (let i = 0; i < memories.length; i += 500) await fx.seed(store, memories.slice(i, i + 500));
    const raw = new Database(path, { readonly: true });
    const fts5 = (terms: string[], weights: Record<LexicalField, number>, status: string[], k: number) => {
      const fields = LEXICAL_FIELDS.filter((f) => weights[f] > 0).join(' ');
      const match = `{${fields}} : (${terms.map((t) => `"${t}"`).join(' OR ')})`;
      return raw
        .prepare(
          `SELECT r.memory_id AS id, -bm25(memory_lexicon, @task, @keywords, @procedure) AS score
           FROM memory_lexicon JOIN memory_lexicon_rows r ON r.rowid = memory_lexicon.rowid
           JOIN memories m ON m.namespace = r.namespace AND m.id = r.memory_id
           WHERE memory_lexicon MATCH @match AND m.status IN (SELECT value FROM json_each(@status))
           ORDER BY score DESC, r.memory_id LIMIT @k`,
        )
        .all({ ...weights, match, status: JSON.stringify(status), k }) as Array<{ id: string; score: number }>;
    };
    try {
      const queries = ['heat the apple', 'put a clean mug in the soapbar', 'take book', 'go to the desk lamp', 'put'];
      const weightings = [
        { task: 1, keywords: 0.5, procedure: 0.2 },
        { task: 1, keywords: 1, procedure: 1 },
        { task: 0, keywords: 0, procedure: 1 },
        { task: 2, keywords: 0, procedure: 0 },
      ];
      let compared = 0;
      for (const text of queries) {
        for (const weights of weightings) {
          for (const [k, status] of [
            [3, ['active']],
            [30, ['active']],
            [10, ['active', 'deprecated']],
          ] as const) {
            const terms = lexicalTerms(text);
            const hits = await store.lexicalSearch({ namespace: NS, terms, weights, k, status: [...status] });
            const expected = fts5(terms, weights, [...status], k);
            expect(hits.map((h) => h.id)).toEqual(expected.map((e) => e.id));
            for (const [i, h] of hits.entries()) expect(h.score).toBeCloseTo(expected[i]?.score ?? Number.NaN, 9);
            compared += expected.length;
          }
        }
      }
      expect(compared).toBeGreaterThan(500);
    } finally {
      raw.close();
      await store.close();
    }
  });

  it('sees what another connection wrote, a procedure-only update included, and reloads when the log was pruned', async () => {
    const path = join(dir, 'two-connections.db');
    const reader = createSqliteMemoryStore({ path });
    const writer = createSqliteMemoryStore({ path });
    if (!hasLexicalSearch(reader)) throw new Error('no lexical search');
    const fx = createContractFixtures();
    const ids = async (text: string) =>
      (await reader.lexicalSearch({ namespace: NS, terms: lexicalTerms(text), k: 10 })).map((h) => h.id);
    try {
      await fx.seed(writer, [
        { id: 'a', task: 'heat an egg', keywords: [], script: 'go to the microwave' },
        { id: 'b', task: 'cool a tomato', keywords: [], script: 'go to the fridge' },
      ]);
      expect(await ids('egg microwave')).toEqual(['a']);
      const [a] = await writer.get({ namespace: NS, ids: ['a'] });
      if (a === undefined) throw new Error('no memory a');
      await writer.apply(
        fx.change({
          update: [{ id: 'a', expectedVersion: a.version, content: { script: 'use the stoveburner' }, reason: 'edit' }],
        }),
      );
      expect(await ids('microwave')).toEqual([]);
      expect(await ids('stoveburner')).toEqual(['a']);
      await writer.apply(
        fx.change({ update: [{ id: 'b', expectedVersion: 1, status: 'deprecated', reason: 'deprecation' }] }),
      );
      expect(await ids('tomato')).toEqual([]);
      await writer.apply(fx.change({ delete: [{ id: 'a', expectedVersion: a.version + 1 }] }));
      expect(await ids('egg')).toEqual([]);
      await fx.seed(writer, [{ id: 'c', task: 'slice an egg', keywords: [] }]);
      const raw = new Database(path);
      raw
        .prepare(
          'DELETE FROM memory_lexicon_changes WHERE generation < (SELECT max(generation) FROM memory_lexicon_changes)',
        )
        .run();
      raw.close();
      await fx.seed(writer, [{ id: 'd', task: 'egg on a plate', keywords: [] }]);
      expect(await ids('egg')).toEqual(['c', 'd']);
    } finally {
      await reader.close();
      await writer.close();
    }
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
