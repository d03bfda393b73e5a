import { MempError } from '../../../core/errors.js';
import { MemoryStatusSchema } from '../../../core/memory.js';
import type { MemoryStatus } from '../../../core/memory.js';
import type { LexicalDocument } from '../../../core/text/lexical-terms.js';
import type { LexicalHit } from '../../../ports/memory-store.js';
import type { CheckedLexicalSearch } from '../shared/lexical-search-check.js';
import { LexicalPostings } from './lexical-postings.js';
import type { SqliteDatabase } from './sqlite-database.js';
import type { LexiconRow, SqliteLexicon } from './sqlite-lexicon.js';

/** Past this many changed memories (and a quarter of the namespace) a stale index is loaded afresh. */
const MAX_PATCHED_CHANGES = 1000;

function termsOf(text: string): string[] {
  return text === '' ? [] : text.split(' ');
}

function documentOf(row: LexiconRow): { status: MemoryStatus; doc: LexicalDocument } {
  const status = MemoryStatusSchema.safeParse(row.status);
  if (!status.success) throw new MempError('STORAGE_FAILED', `stored status of ${row.memory_id} is malformed`);
  return {
    status: status.data,
    doc: { task: termsOf(row.task), keywords: termsOf(row.keywords), procedure: termsOf(row.procedure) },
  };
}

/**
 * The SQLite store's lexical search: per namespace, an in-process copy of the FTS5 index's terms
 * ({@link LexicalPostings}, which ranks as FTS5's `bm25` would, without scoring every match), kept current by the
 * lexicon's change log: each search reads the namespace's lexical change counter (one indexed read); when another
 * write (of this process or another) moved it, the memories it lists are re-read, or, when the log no longer
 * reaches back or too much changed, the namespace is loaded afresh.
 */
export class SqliteLexicalIndex {
  readonly #indexes = new Map<string, { generation: number; postings: LexicalPostings }>();

  constructor(
    private readonly database: SqliteDatabase,
    private readonly lexicon: SqliteLexicon,
  ) {}

  /** The best `q.k` memories of the namespace for the query (see {@link LexicalPostings.search}). */
  search(q: CheckedLexicalSearch): LexicalHit[] {
    return this.#current(q.namespace).search(q);
  }

  #current(namespace: string): LexicalPostings {
    const cached = this.#indexes.get(namespace);
    const generation = this.database.guard(() => this.lexicon.changes.generation(namespace));
    if (cached !== undefined && cached.generation === generation) return cached.postings;
    return this.database.read(() => {
      const now = this.lexicon.changes.generation(namespace);
      const changed =
        cached === undefined ? undefined : this.lexicon.changes.changedSince(namespace, cached.generation);
      if (
        cached !== undefined &&
        changed !== undefined &&
        changed.length <= Math.max(MAX_PATCHED_CHANGES, cached.postings.size / 4)
      ) {
        for (const id of changed) {
          const row = this.lexicon.row(namespace, id);
          if (row === undefined) cached.postings.remove(id);
          else {
            const { status, doc } = documentOf(row);
            cached.postings.upsert(id, status, doc);
          }
        }
        cached.generation = now;
        return cached.postings;
      }
      const postings = new LexicalPostings();
      for (const row of this.lexicon.rows(namespace)) {
        const { status, doc } = documentOf(row);
        postings.upsert(row.memory_id, status, doc);
      }
      this.#indexes.set(namespace, { generation: now, postings });
      return postings;
    });
  }
}
