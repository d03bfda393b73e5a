import type Database from 'better-sqlite3';
import { MempError } from '../../../core/errors.js';

/**
 * The schema of the lexical index's change log: each write that changes a namespace's lexical rows (a memory
 * indexed, re-indexed at a new version, or removed) adds a generation listing the memories it changed. The newest
 * generation is the namespace's lexical change counter, so a connection holding the index in memory can tell
 * cheaply whether it is stale, and catch up on just the listed memories.
 */
export const SQLITE_LEXICON_CHANGES_SCHEMA = `
  CREATE TABLE memory_lexicon_changes (
    namespace TEXT NOT NULL,
    generation INTEGER NOT NULL,
    memory_id TEXT NOT NULL,
    PRIMARY KEY (namespace, generation, memory_id)
  ) WITHOUT ROWID;
`;

/** Generations whose changed memories stay listed (older ones are pruned). */
export const RETAINED_LEXICON_GENERATIONS = 2000;
/** Pruning runs every this many generations. */
const PRUNE_EVERY = 64;

/** The change log of the SQLite lexical index (statements prepared on first use). */
export class SqliteLexiconChanges {
  #st:
    | {
        generation: Database.Statement<[string]>;
        oldest: Database.Statement<[string]>;
        record: Database.Statement<[string, number, string]>;
        prune: Database.Statement<[string, number]>;
        since: Database.Statement<[string, number]>;
      }
    | undefined;

  constructor(private readonly db: Database.Database) {}

  get #statements() {
    this.#st ??= {
      generation: this.db.prepare('SELECT max(generation) FROM memory_lexicon_changes WHERE namespace = ?').pluck(),
      oldest: this.db.prepare('SELECT min(generation) FROM memory_lexicon_changes WHERE namespace = ?').pluck(),
      record: this.db.prepare(
        'INSERT OR IGNORE INTO memory_lexicon_changes (namespace, generation, memory_id) VALUES (?, ?, ?)',
      ),
      prune: this.db.prepare('DELETE FROM memory_lexicon_changes WHERE namespace = ? AND generation <= ?'),
      since: this.db
        .prepare('SELECT DISTINCT memory_id FROM memory_lexicon_changes WHERE namespace = ? AND generation > ?')
        .pluck(),
    };
    return this.#st;
  }

  /** The namespace's lexical change counter (0 before its first change). */
  generation(namespace: string): number {
    const value: unknown = this.#statements.generation.get(namespace);
    if (value === null || value === undefined) return 0;
    if (typeof value !== 'number') throw new MempError('STORAGE_FAILED', 'stored lexicon generation is malformed');
    return value;
  }

  /** Records one new generation listing `ids` (nothing when empty). Call inside the write transaction. */
  record(namespace: string, ids: readonly string[]): void {
    if (ids.length === 0) return;
    const generation = this.generation(namespace) + 1;
    for (const id of ids) this.#statements.record.run(namespace, generation, id);
    if (generation % PRUNE_EVERY === 0) {
      this.#statements.prune.run(namespace, generation - RETAINED_LEXICON_GENERATIONS);
    }
  }

  /**
   * The memories changed after generation `since`, or undefined when the log no longer reaches back that far (or
   * the counter went back), so the caller must load everything afresh.
   */
  changedSince(namespace: string, since: number): string[] | undefined {
    const now = this.generation(namespace);
    if (now < since) return undefined;
    if (now === since) return [];
    const oldest: unknown = this.#statements.oldest.get(namespace);
    if (typeof oldest !== 'number' || oldest > since + 1) return undefined;
    return this.#statements.since.all(namespace, since).map((id) => {
      if (typeof id !== 'string') throw new MempError('STORAGE_FAILED', 'stored lexicon change is malformed');
      return id;
    });
  }
}
