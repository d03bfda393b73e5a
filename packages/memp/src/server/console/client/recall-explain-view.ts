import type { RetrieveResponse } from './api-client.js';
import { h } from './dom.js';

/** One recalled memory's explanation, as the API returns it with `explain: true`. */
type Explanation = NonNullable<RetrieveResponse['results'][number]['explain']>;

const share = (x: number | undefined): string => (x === undefined ? '' : ` → +${x.toFixed(3)}`);

/** The vector cell: rank, cosine and what it added to the fused score (or that the vector ranking missed it). */
export function vectorCell(e: Explanation | undefined): HTMLTableCellElement {
  const v = e?.vector;
  return h(
    'td',
    { class: 'explain-vector' },
    v === undefined ? 'not ranked' : `#${v.rank} · cosine ${v.score.toFixed(3)}${share(e?.contributions?.vector)}`,
  );
}

/** The lexical cell: rank, full-text score and what it added to the fused score (or that no term matched). */
export function lexicalCell(e: Explanation | undefined): HTMLTableCellElement {
  const l = e?.lexical;
  return h(
    'td',
    { class: 'explain-lexical' },
    l === undefined ? 'no term matched' : `#${l.rank} · score ${l.score.toFixed(3)}${share(e?.contributions?.lexical)}`,
  );
}

/**
 * The matched-terms cell: each query term the memory holds, one `<code>` each, an expansion term marked with where
 * it came from. Terms are inserted as text (memory content is untrusted).
 */
export function matchedCell(e: Explanation | undefined): HTMLTableCellElement {
  const matched = e?.lexical?.matched ?? [];
  const expanded = new Map((e?.expansions ?? []).map((x) => [x.term, x]));
  return h(
    'td',
    { class: 'explain-matched' },
    matched.length === 0
      ? '—'
      : matched.map((term) => {
          const x = expanded.get(term);
          return h(
            'code',
            x === undefined
              ? { class: 'term' }
              : { class: 'term expanded', title: `added by ${x.kind}${x.from ? ` from ${x.from.join(' ')}` : ''}` },
            x === undefined ? term : `${term}*`,
          );
        }),
  );
}

/**
 * The terms the query gained by expansion and where each came from (synonym map, feedback, co-occurrence learned
 * from the namespace), or nothing when the query was not expanded. Read from the first result that carries them
 * (every hybrid hit of one query carries the same list).
 */
export function expansionNote(results: RetrieveResponse['results']): HTMLElement | null {
  const e = results.find((r) => r.explain?.expandedTerms !== undefined)?.explain;
  if (e?.expandedTerms === undefined) return null;
  const sources = new Map((e.expansions ?? []).map((x) => [x.term, x]));
  return h(
    'p',
    { id: 'recall-expansion', class: 'muted' },
    'Query expanded with ',
    e.expandedTerms.map((term, i) => {
      const x = sources.get(term);
      const why =
        x === undefined
          ? ''
          : ` (${x.kind}${x.from ? ` from ${x.from.join(' ')}` : ''}${x.support === undefined ? '' : `, support ${x.support}`})`;
      return [i > 0 ? ', ' : '', h('code', { class: 'term' }, term), why];
    }),
    '. Terms marked * matched through an expansion.',
  );
}
