import type Database from 'better-sqlite3';
import type { Memory } from '../../../core/memory.js';
import { LEXICAL_FIELDS, lexicalDocument } from '../../../core/text/lexical-terms.js';
import type { LexicalHit } from '../../../ports/memory-store.js';
import type { CheckedLexicalSearch } from '../shared/lexical-search-check.js';
import type { ChangePlan } from '../shared/plan-change.js';
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

/** Below this many indexed memories every query term is searched (pruning saves nothing there). */
export const PRUNE_MIN_MEMORIES = 1000;
/** A term held by more than this share of the indexed memories is skipped while rarer terms remain. */
export const COMMON_TERM_SHARE = 0.2;

/** The migration's data step: indexes every stored memory. */
export function indexAllMemories(db: Database.Database): void {
  const lexicon = new SqliteLexicon(db);
  for (const body of db.prepare('SELECT body FROM memories').pluck().all()) lexicon.index(memoryFromRow(body));
}

interface LexiconRow {
  memory_id: string;
  score: number;
  task: string;
  keywords: string;
  procedure: string;
}

/** The SQLite store's lexical index (FTS5), written in the store's write transactions and searched with `bm25`. */
export class SqliteLexicon {
  readonly #rowOf: Database.Statement<[string, string]>;
  readonly #insertRow: Database.Statement<[string, string, number]>;
  readonly #setVersion: Database.Statement<[number, number]>;
  readonly #deleteRow: Database.Statement<[number]>;
  readonly #insertTerms: Database.Statement<[number, string, string, string]>;
  readonly #deleteTerms: Database.Statement<[number]>;
  readonly #searches = new Map<string, Database.Statement>();
  readonly #termCounts: Database.Statement;
  readonly #indexed: Database.Statement<[]>;
  readonly #matchCount: Database.Statement;

  constructor(private readonly db: Database.Database) {
    this.#rowOf = db.prepare('SELECT rowid, version FROM memory_lexicon_rows WHERE namespace = ? AND memory_id = ?');
    this.#insertRow = db.prepare('INSERT INTO memory_lexicon_rows (namespace, memory_id, version) VALUES (?, ?, ?)');
    this.#setVersion = db.prepare('UPDATE memory_lexicon_rows SET version = ? WHERE rowid = ?');
    this.#deleteRow = db.prepare('DELETE FROM memory_lexicon_rows WHERE rowid = ?');
    this.#insertTerms = db.prepare('INSERT INTO memory_lexicon (rowid, task, keywords, procedure) VALUES (?, ?, ?, ?)');
    this.#deleteTerms = db.prepare('DELETE FROM memory_lexicon WHERE rowid = ?');
    this.#termCounts = db.prepare(
      'SELECT term, doc FROM memory_lexicon_vocab WHERE term IN (SELECT value FROM json_each(?))',
    );
    this.#indexed = db.prepare('SELECT max(rowid) FROM memory_lexicon_rows');
    this.#matchCount = db.prepare(
      'SELECT count(*) FROM (SELECT rowid FROM memory_lexicon WHERE memory_lexicon MATCH @match LIMIT @over)',
    );
  }

  /**
   * The query terms worth searching: in an index of at least {@link PRUNE_MIN_MEMORIES} memories, terms held by more
   * than {@link COMMON_TERM_SHARE} of them are dropped (their BM25 weight is near zero, and their long posting lists
   * are most of a search's cost), unless every term is that common, then the rarest are kept. Counts are over the
   * whole index (every namespace), an estimate for one namespace.
   */
  #searchedTerms(terms: string[]): string[] {
    const indexed = Number(this.#indexed.pluck().get() ?? 0);
    if (indexed < PRUNE_MIN_MEMORIES) return terms;
    const counts = new Map(
      (this.#termCounts.all(JSON.stringify(terms)) as Array<{ term: string; doc: number }>).map((r) => [r.term, r.doc]),
    );
    const held = terms.filter((t) => (counts.get(t) ?? 0) > 0);
    const rare = held.filter((t) => (counts.get(t) ?? 0) <= COMMON_TERM_SHARE * indexed);
    if (rare.length > 0) return rare;
    const fewest = Math.min(...held.map((t) => counts.get(t) ?? 0));
    return held.length === 0 ? terms : held.filter((t) => counts.get(t) === fewest);
  }

  /** Indexes a memory unless its row is already at its version. Call inside a write transaction. */
  index(memory: Memory): void {
    const row = this.#rowOf.get(memory.namespace, memory.id) as { rowid: number; version: number } | undefined;
    if (row?.version === memory.version) return;
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
  }

  /** Removes a memory's row. */
  remove(namespace: string, id: string): void {
    const row = this.#rowOf.get(namespace, id) as { rowid: number } | undefined;
    if (row === undefined) return;
    this.#deleteTerms.run(row.rowid);
    this.#deleteRow.run(row.rowid);
  }

  /** Brings the index in line with a written change (same transaction). */
  applyPlan(plan: ChangePlan): void {
    for (const p of plan.memories.values()) this.index(p.memory);
    for (const id of plan.deleted) this.remove(plan.namespace, id);
  }

  /**
   * The best `q.k` memories by FTS5 `bm25` with the field weights; only fields of positive weight are matched. FTS5
   * ranks on its own first (its fast path: no join), reading `over` rows; those of another namespace or status are
   * then dropped, and when that leaves fewer than `k` while more rows matched, it reads four times deeper.
   */
  search(q: CheckedLexicalSearch): LexicalHit[] {
    const fields = LEXICAL_FIELDS.filter((f) => q.weights[f] > 0);
    const statuses = [...q.statuses].sort();
    const statement = this.#searchStatement(statuses.length);
    // Terms hold only letters and digits (checked), so quoting each makes a literal FTS5 string.
    const match = `{${fields.join(' ')}} : (${this.#searchedTerms(q.terms)
      .map((t) => `"${t}"`)
      .join(' OR ')})`;
    let over = Math.max(4 * q.k, 64);
    for (;;) {
      const rows = statement.all({
        match,
        namespace: q.namespace,
        k: q.k,
        over,
        task: q.weights.task,
        keywords: q.weights.keywords,
        procedure: q.weights.procedure,
        ...Object.fromEntries(statuses.map((s, i) => [`s${i}`, s])),
      }) as LexiconRow[];
      if (rows.length < q.k && Number(this.#matchCount.pluck().get({ match, over })) >= over) {
        over *= 4;
        continue;
      }
      return rows.map((row) => {
        const held = new Set(fields.flatMap((f) => row[f].split(' ')));
        return { id: row.memory_id, score: row.score, matched: q.terms.filter((t) => held.has(t)) };
      });
    }
  }

  #searchStatement(statusCount: number): Database.Statement {
    const key = String(statusCount);
    let statement = this.#searches.get(key);
    if (statement === undefined) {
      const statusList = Array.from({ length: statusCount }, (_, i) => `@s${i}`).join(', ');
      statement = this.db.prepare(`
        WITH ranked AS MATERIALIZED (
          SELECT rowid, -bm25(memory_lexicon, @task, @keywords, @procedure) AS score
          FROM memory_lexicon WHERE memory_lexicon MATCH @match
          ORDER BY score DESC LIMIT @over
        )
        SELECT r.memory_id, ranked.score, l.task, l.keywords, l.procedure
        FROM ranked
        JOIN memory_lexicon l ON l.rowid = ranked.rowid
        JOIN memory_lexicon_rows r ON r.rowid = ranked.rowid
        JOIN memories m ON m.namespace = r.namespace AND m.id = r.memory_id
        WHERE r.namespace = @namespace AND m.status IN (${statusList})
        ORDER BY ranked.score DESC, r.memory_id
        LIMIT @k`);
      this.#searches.set(key, statement);
    }
    return statement;
  }
}
