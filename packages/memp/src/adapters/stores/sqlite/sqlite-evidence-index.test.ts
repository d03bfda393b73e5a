import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import {
  createContractFixtures,
  evidenceRecord,
  NS,
  seedTrackRecords,
} from '../../../testing/memory-store-contract-fixtures.js';
import { createSqliteMemoryStore } from './sqlite-memory-store.js';
import { migrateSqlite, SQLITE_MIGRATIONS, SQLITE_SCHEMA_VERSION } from './sqlite-migrations.js';
import { prepareStatements } from './sqlite-statements.js';

const dir = mkdtempSync(join(tmpdir(), 'memp-sqlite-evidence-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The plan SQLite chooses for the store's statement `name` on the file at `path`. */
function planOf(path: string, name: 'evidenceOfMemoriesOfKinds' | 'trackRecordOfMemories'): string {
  const db = new Database(path, { readonly: true });
  try {
    const statement = prepareStatements(db)[name];
    const plan = db.prepare(`EXPLAIN QUERY PLAN ${statement.source}`).all(NS, '["m3"]', '["success"]') as {
      detail: string;
    }[];
    return plan.map((p) => p.detail).join(' | ');
  } finally {
    db.close();
  }
}

function indexesOf(path: string): string[] {
  const db = new Database(path, { readonly: true });
  try {
    return db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'memory_evidence' ORDER BY name")
      .pluck()
      .all() as string[];
  } finally {
    db.close();
  }
}

/** A store at `path` holding memories m0–m9, each with support records and a few with outcomes. */
async function storeWithEvidence(path: string) {
  const store = createSqliteMemoryStore({ path });
  await seedTrackRecords(store, createContractFixtures(5), 5);
  return store;
}

describe('SQLite evidence index by memory and kind', () => {
  it('reads records of some kinds for some memories from the (namespace, memory_id, kind) index', async () => {
    const path = join(dir, 'fresh.db');
    const store = await storeWithEvidence(path);
    const found = await store.evidence({ namespace: NS, memoryIds: ['m3', 'm7', 'm9'], kinds: ['success', 'failure'] });
    expect(found.map((e) => e.id)).toEqual(['ok-3', 'bad-7', 'ok-7']);
    await store.close();
    expect(indexesOf(path)).toEqual([
      'memory_evidence_by_id',
      'memory_evidence_by_memory_kind',
      'memory_evidence_track_record',
    ]);
    expect(planOf(path, 'evidenceOfMemoriesOfKinds')).toMatch(
      /SEARCH memory_evidence USING (COVERING )?INDEX memory_evidence_by_memory_kind \(namespace=\? AND memory_id=\? AND kind=\?\)/,
    );
  });

  it('reads a track record (success and failure records) from the partial index of just those records', async () => {
    const path = join(dir, 'track-record.db');
    const store = await storeWithEvidence(path);
    // Other kinds, or track-record kinds mixed with others, take the general statement and find the same rows.
    const support = await store.evidence({ namespace: NS, memoryIds: ['m3'], kinds: ['support'] });
    expect(support.length).toBeGreaterThan(0);
    expect(support.every((e) => e.kind === 'support')).toBe(true);
    const mixed = await store.evidence({ namespace: NS, memoryIds: ['m7'], kinds: ['success', 'support', 'failure'] });
    const outcomes = await store.evidence({ namespace: NS, memoryIds: ['m7'], kinds: ['failure', 'success'] });
    expect(outcomes.map((e) => e.id)).toEqual(['bad-7', 'ok-7']);
    expect(mixed.filter((e) => e.kind !== 'support')).toEqual(outcomes);
    expect(await store.evidence({ namespace: NS, memoryIds: ['m7'], kinds: ['success'] })).toEqual([outcomes[1]]);
    await store.close();
    expect(planOf(path, 'trackRecordOfMemories')).toMatch(
      /SEARCH memory_evidence USING INDEX memory_evidence_track_record \(namespace=\? AND memory_id=\?\)/,
    );
    const db = new Database(path, { readonly: true });
    const inIndex = db
      .prepare(
        'SELECT count(*) FROM memory_evidence INDEXED BY memory_evidence_track_record ' +
          "WHERE namespace = ? AND memory_id >= '' AND kind IN ('success', 'failure')",
      )
      .pluck()
      .get(NS);
    const trackRecords = db
      .prepare("SELECT count(*) FROM memory_evidence WHERE namespace = ? AND kind IN ('success', 'failure')")
      .pluck()
      .get(NS);
    const all = db.prepare('SELECT count(*) FROM memory_evidence WHERE namespace = ?').pluck().get(NS);
    db.close();
    expect(inIndex).toBe(trackRecords);
    expect(trackRecords as number).toBeLessThan(all as number);
  });

  it('migrates a file from before both indexes: (namespace, memory_id) is replaced and reads are unchanged', async () => {
    const path = join(dir, 'before.db');
    const mine = SQLITE_MIGRATIONS.find((m) => m.name === 'evidence by memory and kind');
    if (mine === undefined) throw new Error('the evidence index migration is missing');
    // A file as the migrations before this one left it, with evidence rows written in that layout.
    const db = new Database(path);
    migrateSqlite({ db, migrations: SQLITE_MIGRATIONS.filter((m) => m.version < mine.version) });
    const records = [
      evidenceRecord('s1', 'm1', 'support'),
      evidenceRecord('ok1', 'm1', 'success'),
      evidenceRecord('bad2', 'm2', 'failure'),
      evidenceRecord('s2', 'm2', 'support'),
      evidenceRecord('ok2', 'm2', 'success'),
    ];
    const insert = db.prepare(
      'INSERT INTO memory_evidence (namespace, id, memory_id, kind, body) VALUES (?, ?, ?, ?, ?)',
    );
    for (const r of records) insert.run(NS, r.id, r.memoryId, r.kind, JSON.stringify(r));
    db.close();
    expect(indexesOf(path)).toEqual(['memory_evidence_by_id', 'memory_evidence_by_memory']);
    const store = createSqliteMemoryStore({ path });
    expect(await store.evidence({ namespace: NS })).toEqual(records);
    expect(await store.evidence({ namespace: NS, memoryIds: ['m2'] })).toEqual(records.slice(2));
    const outcomes = await store.evidence({ namespace: NS, memoryIds: ['m2', 'm1'], kinds: ['success', 'failure'] });
    expect(outcomes.map((e) => e.id)).toEqual(['ok1', 'bad2', 'ok2']);
    await store.close();
    expect(indexesOf(path)).toEqual([
      'memory_evidence_by_id',
      'memory_evidence_by_memory_kind',
      'memory_evidence_track_record',
    ]);
    // The track-record read above (records written before the migrations) went through the new partial index.
    expect(planOf(path, 'trackRecordOfMemories')).toMatch(/USING INDEX memory_evidence_track_record/);
    const check = new Database(path, { readonly: true });
    expect(check.pragma('user_version', { simple: true })).toBe(SQLITE_SCHEMA_VERSION);
    check.close();
  });
});
