import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import type { EvidenceRecord } from '../../../core/evidence.js';
import { NS, createContractFixtures } from '../../../testing/memory-store-contract-fixtures.js';
import { createSqliteMemoryStore } from './sqlite-memory-store.js';
import { SQLITE_SCHEMA_VERSION } from './sqlite-migrations.js';

const dir = mkdtempSync(join(tmpdir(), 'memp-sqlite-evidence-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const AT = '2026-01-01T00:00:00.000Z';
const record = (id: string, memoryId: string, kind: EvidenceRecord['kind']): EvidenceRecord => ({
  id,
  memoryId,
  kind,
  source: 'local',
  trust: 'trusted',
  at: AT,
});

/** The tie-break's read: the success and failure records of some memories. */
const TRACK_RECORD_READ =
  'SELECT body FROM memory_evidence WHERE namespace = ? AND memory_id IN (SELECT value FROM json_each(?)) ' +
  'AND kind IN (SELECT value FROM json_each(?)) ORDER BY seq';

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
  const fx = createContractFixtures(5);
  await fx.seed(
    store,
    Array.from({ length: 10 }, (_, i) => ({ id: `m${i}` })),
  );
  const evidence: EvidenceRecord[] = [];
  for (let i = 0; i < 10; i++) for (let j = 0; j < 5; j++) evidence.push(record(`s${i}-${j}`, `m${i}`, 'support'));
  evidence.push(record('ok-3', 'm3', 'success'), record('bad-7', 'm7', 'failure'), record('ok-7', 'm7', 'success'));
  await store.apply(fx.change({ evidence }));
  return store;
}

describe('SQLite evidence index (schema 9)', () => {
  it('reads records of some kinds for some memories from the (namespace, memory_id, kind) index', async () => {
    const path = join(dir, 'fresh.db');
    const store = await storeWithEvidence(path);
    const found = await store.evidence({ namespace: NS, memoryIds: ['m3', 'm7', 'm9'], kinds: ['success', 'failure'] });
    expect(found.map((e) => e.id)).toEqual(['ok-3', 'bad-7', 'ok-7']);
    await store.close();
    expect(indexesOf(path)).toEqual(['memory_evidence_by_id', 'memory_evidence_by_memory_kind']);
    const db = new Database(path, { readonly: true });
    const plan = db.prepare(`EXPLAIN QUERY PLAN ${TRACK_RECORD_READ}`).all(NS, '["m3"]', '["success"]') as {
      detail: string;
    }[];
    db.close();
    expect(plan.map((p) => p.detail).join(' | ')).toMatch(
      /SEARCH memory_evidence USING (COVERING )?INDEX memory_evidence_by_memory_kind \(namespace=\? AND memory_id=\? AND kind=\?\)/,
    );
  });

  it('migrates a schema-8 file: the index replaces the (namespace, memory_id) one and every read is unchanged', async () => {
    const path = join(dir, 'schema8.db');
    const store = await storeWithEvidence(path);
    const queries = [
      { namespace: NS },
      { namespace: NS, memoryIds: ['m7', 'm3'] },
      { namespace: NS, memoryIds: ['m0', 'm3', 'm7'], kinds: ['success', 'failure'] as const },
      { namespace: NS, kinds: ['failure'] as const },
    ];
    const before = await Promise.all(queries.map((q) => store.evidence(q)));
    await store.close();
    // Back to the layout schema 8 had.
    const db = new Database(path);
    db.exec(`DROP INDEX memory_evidence_by_memory_kind;
      CREATE INDEX memory_evidence_by_memory ON memory_evidence (namespace, memory_id);
      PRAGMA user_version = ${SQLITE_SCHEMA_VERSION - 1};`);
    db.close();
    expect(indexesOf(path)).toEqual(['memory_evidence_by_id', 'memory_evidence_by_memory']);
    const reopened = createSqliteMemoryStore({ path });
    expect(await Promise.all(queries.map((q) => reopened.evidence(q)))).toEqual(before);
    await reopened.close();
    expect(indexesOf(path)).toEqual(['memory_evidence_by_id', 'memory_evidence_by_memory_kind']);
    const check = new Database(path, { readonly: true });
    expect(check.pragma('user_version', { simple: true })).toBe(SQLITE_SCHEMA_VERSION);
    check.close();
  });
});
