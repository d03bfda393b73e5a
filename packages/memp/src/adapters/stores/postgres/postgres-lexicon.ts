import type pg from 'pg';
import type { Memory } from '../../../core/memory.js';
import { LEXICAL_FIELDS, lexicalDocument } from '../../../core/text/lexical-terms.js';
import type { LexicalField, LexicalHit } from '../../../ports/memory-store.js';
import type { CheckedLexicalSearch } from '../shared/lexical-search-check.js';
import type { ChangePlan } from '../shared/plan-change.js';
import { memoryFromRow } from '../shared/stored-json.js';
import type { WriteStatement } from './postgres-write-statement.js';

/**
 * The schema of the lexical index: one `tsvector` per memory built with the `simple` configuration from its
 * normalised terms (`lexicalTerms`), the task's terms at weight A, the keywords' at B, the procedure's at C, with a
 * GIN index; a row goes with its memory (`ON DELETE CASCADE`). `memory_lexicon_pending` lists memories stored before the index existed; the store indexes them when it
 * opens (the normalisation is JavaScript, so the migration's SQL cannot).
 */
export const POSTGRES_LEXICON_SCHEMA = `
  CREATE TABLE memory_lexicon (
    namespace text COLLATE "C" NOT NULL,
    memory_id text COLLATE "C" NOT NULL,
    version integer NOT NULL,
    doc tsvector NOT NULL,
    PRIMARY KEY (namespace, memory_id),
    FOREIGN KEY (namespace, memory_id) REFERENCES memories (namespace, id) ON DELETE CASCADE
  );
  CREATE INDEX memory_lexicon_doc ON memory_lexicon USING gin (doc);
  CREATE TABLE memory_lexicon_pending (
    namespace text COLLATE "C" NOT NULL,
    memory_id text COLLATE "C" NOT NULL,
    PRIMARY KEY (namespace, memory_id)
  );
  INSERT INTO memory_lexicon_pending (namespace, memory_id) SELECT namespace, id FROM memories;
`;

/** The tsvector weight letter of each field. */
const WEIGHT_OF: Record<LexicalField, 'A' | 'B' | 'C'> = { task: 'A', keywords: 'B', procedure: 'C' };
const FIELD_OF: Record<string, LexicalField> = { A: 'task', B: 'keywords', C: 'procedure' };

/**
 * The statement writing (or refreshing, when the version changed) the lexical rows of `memories`, its parameters
 * placed by `param` after the namespace's placeholder `ns`.
 */
function lexiconInsert(ns: string, memories: Memory[], param: (value: unknown) => string): string {
  const docs = memories.map((m) => lexicalDocument(m));
  const ids = param(memories.map((m) => m.id));
  const versions = param(memories.map((m) => m.version));
  const task = param(docs.map((d) => d.task.join(' ')));
  const keywords = param(docs.map((d) => d.keywords.join(' ')));
  const procedure = param(docs.map((d) => d.procedure.join(' ')));
  return `INSERT INTO memory_lexicon (namespace, memory_id, version, doc)
     SELECT ${ns}, u.id, u.version,
            setweight(to_tsvector('simple', u.task), 'A') || setweight(to_tsvector('simple', u.keywords), 'B')
              || setweight(to_tsvector('simple', u.procedure), 'C')
     FROM unnest(${ids}::text[], ${versions}::integer[], ${task}::text[], ${keywords}::text[], ${procedure}::text[])
       AS u(id, version, task, keywords, procedure)
     ON CONFLICT (namespace, memory_id) DO UPDATE SET version = excluded.version, doc = excluded.doc
       WHERE memory_lexicon.version <> excluded.version`;
}

/** Writes (or refreshes, when the version changed) the lexical rows of these memories. */
async function indexMemories(client: pg.ClientBase, namespace: string, memories: Memory[]): Promise<void> {
  if (memories.length === 0) return;
  const values: unknown[] = [namespace];
  await client.query(
    lexiconInsert('$1', memories, (value) => `$${values.push(value)}`),
    values,
  );
}

/**
 * Adds to a change's write statement what brings the lexical index in line with it (deleted memories take their
 * rows with them). Memories created and deleted by the same change are skipped.
 */
export function addLexicon(w: WriteStatement, ns: string, plan: ChangePlan): void {
  const deleted = new Set(plan.deleted);
  const kept = [...plan.memories.values()].map((p) => p.memory).filter((m) => !deleted.has(m.id));
  if (kept.length > 0) w.add(lexiconInsert(ns, kept, (value) => w.param(value)));
}

/** Indexes the memories listed as pending by the migration, in batches, and empties the list. */
export async function indexPendingMemories(client: pg.ClientBase): Promise<void> {
  for (;;) {
    const pending = await client.query<{ namespace: string; body: string }>(
      `DELETE FROM memory_lexicon_pending p USING memories m
       WHERE (p.namespace, p.memory_id) IN (SELECT namespace, memory_id FROM memory_lexicon_pending LIMIT 500)
         AND m.namespace = p.namespace AND m.id = p.memory_id
       RETURNING m.namespace, m.body`,
    );
    if (pending.rows.length === 0) {
      // Pending rows of memories deleted meanwhile match no memory: drop them.
      await client.query('DELETE FROM memory_lexicon_pending');
      return;
    }
    const byNamespace = new Map<string, Memory[]>();
    for (const row of pending.rows) {
      byNamespace.set(row.namespace, [...(byNamespace.get(row.namespace) ?? []), memoryFromRow(row.body)]);
    }
    for (const [namespace, memories] of byNamespace) await indexMemories(client, namespace, memories);
  }
}

/** The fields a lexeme of `doc::text` occurs in, from its positions' weight letters (no letter: D, unused). */
function lexemeFields(docText: string): Map<string, Set<LexicalField>> {
  const out = new Map<string, Set<LexicalField>>();
  for (const match of docText.matchAll(/'([^']+)':([0-9A-D,]+)/g)) {
    const fields = new Set<LexicalField>();
    for (const letter of (match[2] ?? '').replace(/[0-9,]/g, '')) {
      const field = FIELD_OF[letter];
      if (field !== undefined) fields.add(field);
    }
    out.set(match[1] ?? '', fields);
  }
  return out;
}

/**
 * The best `q.k` memories by `ts_rank` with the field weights (scaled so the largest is 1, as `ts_rank` requires);
 * each query term is restricted to the fields of positive weight. `ts_rank` counts matches without document
 * frequencies, so unlike the other stores a rare term does not outweigh a common one.
 */
export async function searchLexicon(client: pg.ClientBase, q: CheckedLexicalSearch): Promise<LexicalHit[]> {
  const fields = LEXICAL_FIELDS.filter((f) => q.weights[f] > 0);
  const letters = fields.map((f) => WEIGHT_OF[f]).join('');
  // Terms hold only letters and digits (checked), so this is a well-formed tsquery.
  const query = q.terms.map((t) => `${t}:${letters}`).join(' | ');
  const top = Math.max(...LEXICAL_FIELDS.map((f) => q.weights[f]));
  const weights = [0, q.weights.procedure / top, q.weights.keywords / top, q.weights.task / top];
  const r = await client.query<{ memory_id: string; score: number; doc: string }>(
    `SELECT l.memory_id, ts_rank($4::float4[], l.doc, query) AS score, l.doc::text AS doc
     FROM memory_lexicon l
     CROSS JOIN to_tsquery('simple', $2) AS query
     JOIN memories m ON m.namespace = l.namespace AND m.id = l.memory_id
     WHERE l.namespace = $1 AND l.doc @@ query AND m.status = ANY($3::text[])
     ORDER BY score DESC, l.memory_id
     LIMIT $5`,
    [q.namespace, query, [...q.statuses], weights, q.k],
  );
  return r.rows.map((row) => {
    const held = lexemeFields(row.doc);
    const matched = q.terms.filter((t) => [...(held.get(t) ?? [])].some((f) => q.weights[f] > 0));
    return { id: row.memory_id, score: Number(row.score), matched };
  });
}
