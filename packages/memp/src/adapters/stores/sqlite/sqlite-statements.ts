import type Database from 'better-sqlite3';
import type { EvidenceKind } from '../../../core/evidence.js';
import { type EmbeddingStatements, prepareEmbeddingStatements } from './sqlite-embeddings.js';

/** The evidence kinds of a track record, which `trackRecordOfMemories` reads from their own index (migration 10). */
export const TRACK_RECORD_EVIDENCE_KINDS: ReadonlySet<EvidenceKind> = new Set(['success', 'failure']);

/** The prepared statements of a SQLite memory store, compiled once per connection. */
export interface SqliteStatements {
  memoryBody: Database.Statement<[string, string]>;
  memoryBodiesOf: Database.Statement<[string, string]>;
  memoryCreatedAt: Database.Statement<[string, string]>;
  insertMemory: Database.Statement<[string, string, string, string, string, number, string]>;
  updateMemory: Database.Statement<[string, string, number, string, string, string]>;
  memoryIdsByStatus: Database.Statement<[string, string]>;
  memoryKinds: Database.Statement<[string, string]>;
  memorySlots: Database.Statement<[string]>;
  memoryBodies: Database.Statement<[string]>;
  memoryCounts: Database.Statement<[string]>;
  embeddings: EmbeddingStatements;
  taskVectors: Database.Statement<[string]>;
  keywordLists: Database.Statement<[string]>;
  namespaceKeywordVectors: Database.Statement<[string]>;
  embeddingCount: Database.Statement<[string]>;
  storeId: Database.Statement<[]>;
  recordSearchChange: Database.Statement<[string, number, string]>;
  pruneSearchChanges: Database.Statement<[string, number]>;
  oldestSearchChange: Database.Statement<[string]>;
  searchChangesSince: Database.Statement<[string, number]>;
  memoryStatus: Database.Statement<[string, string]>;
  keywordVectorCount: Database.Statement<[string]>;
  deleteMemory: Database.Statement<[string, string]>;
  deleteRevisionsOf: Database.Statement<[string, string]>;
  insertRevision: Database.Statement<[string, string, number, string]>;
  revisionsOf: Database.Statement<[string, string]>;
  revisionCount: Database.Statement<[string]>;
  trajectoryBody: Database.Statement<[string, string]>;
  trajectoryExists: Database.Statement<[string, string]>;
  insertTrajectory: Database.Statement<[string, string, string]>;
  trajectoryCount: Database.Statement<[string]>;
  space: Database.Statement<[string]>;
  upsertSpace: Database.Statement<[string, string, number]>;
  generation: Database.Statement<[string]>;
  namespaces: Database.Statement<[]>;
  insertEvidence: Database.Statement<[string, string, string, string, string]>;
  evidenceExists: Database.Statement<[string, string]>;
  deleteEvidenceOf: Database.Statement<[string, string]>;
  evidenceOfNamespace: Database.Statement<[string]>;
  evidenceOfMemories: Database.Statement<[string, string]>;
  evidenceOfMemoriesOfKinds: Database.Statement<[string, string, string]>;
  trackRecordOfMemories: Database.Statement<[string, string, string]>;
}

/** Compiles every statement the store uses. */
export function prepareStatements(db: Database.Database): SqliteStatements {
  const p = <P extends unknown[]>(sql: string): Database.Statement<P> => db.prepare<P>(sql);
  return {
    memoryBody: p('SELECT body FROM memories WHERE namespace = ? AND id = ?'),
    memoryBodiesOf: p('SELECT id, body FROM memories WHERE namespace = ? AND id IN (SELECT value FROM json_each(?))'),
    memoryCreatedAt: p('SELECT created_at FROM memories WHERE namespace = ? AND id = ?'),
    insertMemory: p(
      'INSERT INTO memories (namespace, id, status, kind, created_at, version, body) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ),
    updateMemory: p('UPDATE memories SET status = ?, kind = ?, version = ?, body = ? WHERE namespace = ? AND id = ?'),
    memoryIdsByStatus: p('SELECT id FROM memories WHERE namespace = ? AND status = ? ORDER BY created_at, id'),
    memoryKinds: p(
      'SELECT id, kind, status FROM memories WHERE namespace = ? AND id IN (SELECT value FROM json_each(?))',
    ),
    memorySlots: p('SELECT id, status, kind FROM memories WHERE namespace = ? ORDER BY created_at, id'),
    memoryBodies: p('SELECT body FROM memories WHERE namespace = ? ORDER BY created_at, id'),
    memoryCounts: p(`SELECT count(*) AS memories,
        coalesce(sum(status = 'active'), 0) AS active, coalesce(sum(status = 'deprecated'), 0) AS deprecated,
        coalesce(sum(kind = 'trajectory'), 0) AS trajectory, coalesce(sum(kind = 'script'), 0) AS script,
        coalesce(sum(kind = 'proceduralization'), 0) AS proceduralization, coalesce(sum(kind = 'lesson'), 0) AS lesson
      FROM memories WHERE namespace = ?`),
    embeddings: prepareEmbeddingStatements(db),
    taskVectors: p('SELECT version, memory_id, task FROM memory_embeddings WHERE namespace = ?'),
    keywordLists: p('SELECT memory_id, keywords FROM memory_embeddings WHERE namespace = ?'),
    namespaceKeywordVectors: p('SELECT key, vector FROM keyword_vectors WHERE namespace = ?'),
    embeddingCount: p('SELECT count(*) FROM memory_embeddings WHERE namespace = ?'),
    storeId: p("SELECT value FROM store_meta WHERE name = 'store_id'"),
    recordSearchChange: p('INSERT OR IGNORE INTO search_changes (namespace, generation, memory_id) VALUES (?, ?, ?)'),
    pruneSearchChanges: p('DELETE FROM search_changes WHERE namespace = ? AND generation <= ?'),
    oldestSearchChange: p('SELECT min(generation) FROM search_changes WHERE namespace = ?'),
    searchChangesSince: p('SELECT DISTINCT memory_id FROM search_changes WHERE namespace = ? AND generation > ?'),
    memoryStatus: p('SELECT status, kind FROM memories WHERE namespace = ? AND id = ?'),
    keywordVectorCount: p('SELECT count(*) FROM keyword_vectors WHERE namespace = ?'),
    deleteMemory: p('DELETE FROM memories WHERE namespace = ? AND id = ?'),
    deleteRevisionsOf: p('DELETE FROM revisions WHERE namespace = ? AND memory_id = ?'),
    insertRevision: p('INSERT INTO revisions (namespace, memory_id, version, body) VALUES (?, ?, ?, ?)'),
    revisionsOf: p('SELECT body FROM revisions WHERE namespace = ? AND memory_id = ? ORDER BY version, seq'),
    revisionCount: p('SELECT count(*) FROM revisions WHERE namespace = ?'),
    trajectoryBody: p('SELECT body FROM trajectories WHERE namespace = ? AND id = ?'),
    trajectoryExists: p('SELECT 1 FROM trajectories WHERE namespace = ? AND id = ?'),
    insertEvidence: p('INSERT INTO memory_evidence (namespace, id, memory_id, kind, body) VALUES (?, ?, ?, ?, ?)'),
    evidenceExists: p('SELECT 1 FROM memory_evidence WHERE namespace = ? AND id = ?'),
    deleteEvidenceOf: p('DELETE FROM memory_evidence WHERE namespace = ? AND memory_id = ?'),
    evidenceOfNamespace: p('SELECT body FROM memory_evidence WHERE namespace = ? ORDER BY seq'),
    evidenceOfMemories: p(
      'SELECT body FROM memory_evidence WHERE namespace = ? AND memory_id IN (SELECT value FROM json_each(?)) ORDER BY seq',
    ),
    evidenceOfMemoriesOfKinds: p(
      'SELECT body FROM memory_evidence WHERE namespace = ? AND memory_id IN (SELECT value FROM json_each(?)) ' +
        'AND kind IN (SELECT value FROM json_each(?)) ORDER BY seq',
    ),
    // Kinds among TRACK_RECORD_EVIDENCE_KINDS only: the small partial index of migration 10 (named, as the planner does not
    // know without statistics how much smaller it is). Its WHERE must stay the index's.
    trackRecordOfMemories: p(
      'SELECT body FROM memory_evidence INDEXED BY memory_evidence_track_record WHERE namespace = ? ' +
        "AND memory_id IN (SELECT value FROM json_each(?)) AND kind IN ('success', 'failure') " +
        'AND kind IN (SELECT value FROM json_each(?)) ORDER BY seq',
    ),
    insertTrajectory: p('INSERT INTO trajectories (namespace, id, body) VALUES (?, ?, ?)'),
    trajectoryCount: p('SELECT count(*) FROM trajectories WHERE namespace = ?'),
    space: p('SELECT embedder, dimension FROM namespace_spaces WHERE namespace = ?'),
    upsertSpace: p(
      `INSERT INTO namespace_spaces (namespace, embedder, dimension) VALUES (?, ?, ?)
       ON CONFLICT (namespace) DO UPDATE SET embedder = excluded.embedder, dimension = excluded.dimension`,
    ),
    generation: p('SELECT max(generation) FROM search_changes WHERE namespace = ?'),
    namespaces: p(
      'SELECT namespace FROM (SELECT DISTINCT namespace FROM memories UNION SELECT DISTINCT namespace FROM trajectories) ORDER BY namespace',
    ),
  };
}
