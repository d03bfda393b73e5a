import type Database from 'better-sqlite3';
import type { Memory } from '../../../core/memory.js';
import { lexicalDocument } from '../../../core/text/lexical-terms.js';
import type { ChangePlan } from '../shared/plan-change.js';
import { SqliteLexiconChanges } from './sqlite-lexicon-changes.js';
import { memoryFromRow } from './sqlite-rows.js';

/**
 * The schema of the lexical index: an FTS5 table of each memory's normalised terms (`lexicalTerms`, one
 * space-separated column per field, so FTS5's `unicode61` tokenizer sees exactly those terms), and a table that
 * gives each memory a stable FTS rowid (`INTEGER PRIMARY KEY` survives `VACUUM`) and records the memory version
 * the row was built from.
 */
export const SQLITE_LEXICON_SCHEMA = `
  CREATE TABLE memory_lexicon_rows (
    rowid INTEGER PRIMARY KEY,
    namespace TEXT NOT NULL,
    memory_id TEXT NOT NULL,
    version INTEGER NOT NULL,
    UNIQUE (namespace, memory_id)
  );
  CREATE VIRTUAL TABLE memory_lexicon USING fts5(task, keywords, procedure, tokenize = 'unicode61');
  CREATE VIRTUAL TABLE memory_lexicon_vocab USING fts5vocab(memory_lexicon, 'row');
`;

/** The migration's data step: indexes every stored memory. */
export function indexAllMemories(db: Database.Database): void {
  const lexicon = new SqliteLexicon(db);
  for (const body of db.prepare('SELECT body FROM memories').pluck().all()) lexicon.index(memoryFromRow(body));
}

/** One memory's row of the lexical index: its terms per field (space-separated) and its status. */
export interface LexiconRow {
  memory_id: string;
  status: string;
  task: string;
  keywords: string;
  procedure: string;
}

/**
 * The SQLite store's lexical index, written in the store's write transactions: an FTS5 table of each memory's
 * terms (the persistent copy, and FTS5's own `bm25` for ad-hoc queries), a change log, and readers for the
 * in-process index that searches it ({@link SqliteLexicalIndex}).
 */
export class SqliteLexicon {
  readonly #rowOf: Database.Statement<[string, string]>;
  readonly #insertRow: Database.Statement<[string, string, number]>;
  readonly #setVersion: Database.Statement<[number, number]>;
  readonly #deleteRow: Database.Statement<[number]>;
  readonly #insertTerms: Database.Statement<[number, string, string, string]>;
  readonly #deleteTerms: Database.Statement<[number]>;
  readonly #rowsOfNamespace: Database.Statement<[string]>;
  readonly #rowOfMemory: Database.Statement<[string, string]>;
  /** The log of changed memories, which in-process copies of the index catch up from. */
  readonly changes: SqliteLexiconChanges;

  constructor(db: Database.Database) {
    this.#rowOf = db.prepare('SELECT rowid, version FROM memory_lexicon_rows WHERE namespace = ? AND memory_id = ?');
    this.#insertRow = db.prepare('INSERT INTO memory_lexicon_rows (namespace, memory_id, version) VALUES (?, ?, ?)');
    this.#setVersion = db.prepare('UPDATE memory_lexicon_rows SET version = ? WHERE rowid = ?');
    this.#deleteRow = db.prepare('DELETE FROM memory_lexicon_rows WHERE rowid = ?');
    this.#insertTerms = db.prepare('INSERT INTO memory_lexicon (rowid, task, keywords, procedure) VALUES (?, ?, ?, ?)');
    this.#deleteTerms = db.prepare('DELETE FROM memory_lexicon WHERE rowid = ?');
    const rows = `SELECT r.memory_id, m.status, l.task, l.keywords, l.procedure
      FROM memory_lexicon_rows r
      JOIN memory_lexicon l ON l.rowid = r.rowid
      JOIN memories m ON m.namespace = r.namespace AND m.id = r.memory_id
      WHERE r.namespace = ?`;
    this.#rowsOfNamespace = db.prepare(rows);
    this.#rowOfMemory = db.prepare(`${rows} AND r.memory_id = ?`);
    this.changes = new SqliteLexiconChanges(db);
  }

  /**
   * Indexes a memory unless its row is already at its version; true when it wrote. Call inside a write
   * transaction.
   */
  index(memory: Memory): boolean {
    const row = this.#rowOf.get(memory.namespace, memory.id) as { rowid: number; version: number } | undefined;
    if (row?.version === memory.version) return false;
    let rowid: number;
    if (row === undefined) {
      rowid = Number(this.#insertRow.run(memory.namespace, memory.id, memory.version).lastInsertRowid);
    } else {
      rowid = row.rowid;
      this.#deleteTerms.run(rowid);
      this.#setVersion.run(memory.version, rowid);
    }
    const doc = lexicalDocument(memory);
    this.#insertTerms.run(rowid, doc.task.join(' '), doc.keywords.join(' '), doc.procedure.join(' '));
    return true;
  }

  /** Removes a memory's row; true when there was one. */
  remove(namespace: string, id: string): boolean {
    const row = this.#rowOf.get(namespace, id) as { rowid: number } | undefined;
    if (row === undefined) return false;
    this.#deleteTerms.run(row.rowid);
    this.#deleteRow.run(row.rowid);
    return true;
  }

  /** Brings the index in line with a written change, and logs the memories it changed (same transaction). */
  applyPlan(plan: ChangePlan): void {
    const changed: string[] = [];
    for (const p of plan.memories.values()) if (this.index(p.memory)) changed.push(p.memory.id);
    for (const id of plan.deleted) if (this.remove(plan.namespace, id)) changed.push(id);
    this.changes.record(plan.namespace, changed);
  }

  /** Every row of the namespace. Call inside a read transaction. */
  rows(namespace: string): LexiconRow[] {
    return this.#rowsOfNamespace.all(namespace) as LexiconRow[];
  }

  /** The row of one memory, undefined when it has none (deleted). */
  row(namespace: string, id: string): LexiconRow | undefined {
    return this.#rowOfMemory.get(namespace, id) as LexiconRow | undefined;
  }
}
