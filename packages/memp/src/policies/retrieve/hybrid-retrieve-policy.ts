import { MempError } from '../../core/errors.js';
import type { Memory } from '../../core/memory.js';
import type { ExpansionSource, RetrievalExplanation } from '../../core/retrieved.js';
import { lexicalTerms } from '../../core/text/lexical-terms.js';
import { hasLexicalSearch } from '../../ports/memory-store.js';
import type { LexicalHit, LexicalSearchable, MemoryStore, VectorHit } from '../../ports/memory-store.js';
import { DEFAULT_HYBRID_FIELD_WEIGHTS, parseHybridSettings } from './hybrid-settings.js';
import type { HybridSettings } from './hybrid-settings.js';
import { collapseNearDuplicates, DEFAULT_DUPLICATE_THRESHOLD } from './near-duplicates.js';
import { DEFAULT_RRF_K, reciprocalRankFusion } from './reciprocal-rank-fusion.js';
import { feedbackTerms } from './feedback-expansion.js';
import { compileSynonyms, expandWithSynonyms } from './synonym-expansion.js';
import { createNamespaceVocabulary } from './namespace-vocabulary.js';
import type { RetrieveHit, RetrievePolicy, RetrieveRequest } from './retrieve-policy.js';

/** The two rankings of one query, read `depth` deep. */
interface Rankings {
  vector: VectorHit[];
  lexical: LexicalHit[];
}

function lexicalStore(store: MemoryStore): MemoryStore & LexicalSearchable {
  if (!hasLexicalSearch(store)) {
    throw new MempError(
      'INVALID_ARGUMENT',
      'the hybrid retrieval policy needs a store with a lexical index (lexicalSearch)',
      {
        details: { field: 'retrieve' },
      },
    );
  }
  return store;
}

/**
 * Hybrid retrieval: the Key=Query vector ranking (cosine of the task's embedding with each memory's task
 * embedding) fused with a lexical ranking from the store's full-text index (the task's `lexicalTerms`, plus synonym
 * and learned expansions, matched against each memory's task, keywords and procedure with per-field weights) by
 * reciprocal-rank fusion (see {@link reciprocalRankFusion}): a memory's score is
 * `(wv / (60 + rank_vector) + wl / (60 + rank_lexical)) / ((wv + wl) / 61)`, in (0, 1]. `minScore` applies to that
 * fused score. With `diversity: 'collapse'` (default `none`, decided by measurement: docs/retrieval.md) a near-duplicate of a memory already chosen is skipped
 * (see `collapseNearDuplicates`). Every hit carries its {@link RetrievalExplanation}. Needs a store with
 * `lexicalSearch` (every store memp ships has one); `INVALID_ARGUMENT` otherwise. Works with any embedder.
 */
export function createHybridRetrievePolicy(settings: HybridSettings = {}): RetrievePolicy {
  const s = parseHybridSettings(settings);
  const weights = { ...DEFAULT_HYBRID_FIELD_WEIGHTS, ...s.weights };
  const fusion = { vector: s.fusion?.vector ?? 1, lexical: s.fusion?.lexical ?? 1 };
  const rrfK = s.rrfK ?? DEFAULT_RRF_K;
  const synonyms = compileSynonyms(s.synonyms ?? []);
  const diversity = s.diversity ?? 'none';
  const threshold = s.duplicateThreshold ?? DEFAULT_DUPLICATE_THRESHOLD;
  const vocabulary =
    s.expansion === 'cooccurrence' ? createNamespaceVocabulary(stripUndefined(s.cooccurrence)) : undefined;

  async function rankings(
    request: RetrieveRequest,
    store: MemoryStore,
    query: Float32Array | undefined,
    terms: string[],
    depth: number,
  ): Promise<Rankings> {
    const [vector, lexical] = await Promise.all([
      query === undefined || fusion.vector === 0
        ? Promise.resolve([])
        : store.search({ namespace: request.namespace, field: 'task', queries: [query], k: depth }),
      terms.length === 0 || fusion.lexical === 0
        ? Promise.resolve([])
        : lexicalStore(store).lexicalSearch({ namespace: request.namespace, terms, weights, k: depth }),
    ]);
    return { vector, lexical };
  }

  function fuse(
    r: Rankings,
    expandedTerms: string[],
    sources: ExpansionSource[] = [],
  ): Array<RetrieveHit & { explain: RetrievalExplanation }> {
    const vectorAt = new Map(r.vector.map((h, i) => [h.id, { rank: i + 1, score: h.score }]));
    const lexicalAt = new Map(r.lexical.map((h, i) => [h.id, { rank: i + 1, score: h.score, matched: h.matched }]));
    const fused = reciprocalRankFusion(
      [
        { ids: r.vector.map((h) => h.id), weight: fusion.vector },
        { ids: r.lexical.map((h) => h.id), weight: fusion.lexical },
      ],
      rrfK,
    );
    return fused.map((f) => {
      const explain: RetrievalExplanation = { contributions: { vector: f.parts[0] ?? 0, lexical: f.parts[1] ?? 0 } };
      const v = vectorAt.get(f.id);
      const l = lexicalAt.get(f.id);
      if (v !== undefined) explain.vector = v;
      if (l !== undefined) explain.lexical = l;
      if (expandedTerms.length > 0) explain.expandedTerms = expandedTerms;
      if (sources.length > 0) explain.expansions = sources;
      return { id: f.id, score: f.score, key: 'hybrid' as const, explain };
    });
  }

  return {
    name: 'hybrid',
    async retrieve(request, { store, embedder }) {
      lexicalStore(store);
      const depth = s.candidates ?? Math.min(1000, Math.max(20, 3 * request.k));
      const [query] = await embedder.embed([request.task]);
      const base = lexicalTerms(request.task);
      let expanded = expandWithSynonyms(base, synonyms);
      // Learned co-occurrence expansion (issue 26): words tasks solved by the same procedure use for the query's.
      const cooccurring = vocabulary
        ? (await vocabulary.of(store, request.namespace)).expand(base, new Set(expanded))
        : [];
      const sources: ExpansionSource[] = [
        ...expanded.map((term) => ({ term, kind: 'synonym' as const })),
        ...cooccurring,
      ];
      expanded = [...expanded, ...cooccurring.map((x) => x.term)];
      let r = await rankings(request, store, query, [...base, ...expanded], depth);
      let hits = fuse(r, expanded, sources);
      if (s.expansion === 'feedback' && hits.length > 1) {
        const top = await store.get({ namespace: request.namespace, ids: hits.slice(0, 3).map((h) => h.id) });
        const learned = feedbackTerms(top, new Set([...base, ...expanded]));
        if (learned.length > 0) {
          expanded = [...expanded, ...learned];
          sources.push(...learned.map((term) => ({ term, kind: 'feedback' as const })));
          r = {
            vector: r.vector,
            lexical: (await rankings(request, store, undefined, [...base, ...expanded], depth)).lexical,
          };
          hits = fuse(r, expanded, sources);
        }
      }
      if (request.minScore !== undefined) hits = hits.filter((h) => h.score >= (request.minScore as number));
      if (diversity === 'none') return hits.slice(0, request.k);
      return collapse(store, request, hits, threshold);
    },
  };
}

/** The object without its undefined fields (settings parsed from JSON leave none; code may). */
function stripUndefined<T extends object>(value: T | undefined): Partial<T> {
  return Object.fromEntries(Object.entries(value ?? {}).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Loads the leading hits (a few times k, so enough remain after collapsing) and collapses near-duplicates. */
async function collapse<T extends RetrieveHit>(
  store: MemoryStore,
  request: RetrieveRequest,
  hits: T[],
  threshold: number,
): Promise<T[]> {
  const window = hits.slice(0, Math.max(4 * request.k, request.k + 10));
  const memories = new Map<string, Memory>(
    (await store.get({ namespace: request.namespace, ids: window.map((h) => h.id) })).map((m) => [m.id, m]),
  );
  const loaded = window.flatMap((hit) => {
    const memory = memories.get(hit.id);
    return memory === undefined ? [] : [{ hit, memory }];
  });
  return collapseNearDuplicates(loaded, request.k, threshold).map((entry) => entry.hit);
}
