import type { EvidenceSummary } from '../engine/candidate-operations.js';
import type { Memory } from '../core/memory.js';
import type { Retrieved } from '../core/retrieved.js';
import type { Revision } from '../core/revision.js';
import type { NamespaceStats } from '../ports/memory-store.js';
import { escapeControlCharacters } from '../core/text/escape-control-characters.js';

/** One-line untrusted text for the terminal (controls, line breaks, bidi and zero-width characters escaped). */
const one = (text: string): string => escapeControlCharacters(text);
/** Multi-line untrusted text for the terminal (line feeds and tabs kept). */
const many = (text: string): string => escapeControlCharacters(text, { multiline: true });

/** One line saying why a memory was retrieved: each ranking's rank, score and share, the matched terms. */
export function formatExplanation(r: Retrieved): string {
  const e = r.explain ?? {};
  const parts: string[] = [];
  const share = (x: number | undefined) => (x === undefined ? '' : ` → +${x.toFixed(3)}`);
  parts.push(
    e.vector === undefined
      ? 'vector: not ranked'
      : `vector: #${e.vector.rank} cosine ${e.vector.score.toFixed(3)}${share(e.contributions?.vector)}`,
  );
  if (r.key === 'hybrid') {
    parts.push(
      e.lexical === undefined
        ? 'lexical: no term matched'
        : `lexical: #${e.lexical.rank} score ${e.lexical.score.toFixed(3)}${share(e.contributions?.lexical)}, matched ${e.lexical.matched.map(one).join(' ')}`,
    );
  }
  if (e.expandedTerms !== undefined) {
    const sources = new Map((e.expansions ?? []).map((x) => [x.term, x]));
    const why = (term: string): string => {
      const x = sources.get(term);
      if (x === undefined) return one(term);
      const from = x.from === undefined ? '' : ` from ${x.from.map(one).join(' ')}`;
      return `${one(term)} (${x.kind}${from}${x.support === undefined ? '' : `, support ${x.support}`})`;
    };
    parts.push(`expanded: ${e.expandedTerms.map(why).join(', ')}`);
  }
  return `why: ${parts.join('; ')}`;
}

/** Human-readable ranking of retrieved memories; memory content is escaped for the terminal. */
export function formatRetrieved(retrieved: readonly Retrieved[], options: { explain?: boolean } = {}): string {
  return retrieved
    .map((r, i) => {
      const head = `${i + 1}. [${r.score.toFixed(3)}] ${one(r.memory.task)}  (${r.memory.kind}, ${one(r.memory.id)})`;
      const why = options.explain === true ? `\n${indent(formatExplanation(r))}` : '';
      const body = r.memory.script ?? (r.memory.steps ?? []).map((s, j) => `${j + 1}. ${one(s.action)}`).join('\n');
      return `${head}${why}\n${indent(many(body))}`;
    })
    .join('\n\n');
}

/** One line per memory: id, status, kind, uses, task (escaped for the terminal). */
export function formatMemoryList(memories: readonly Memory[]): string {
  return memories
    .map(
      (m) =>
        `${one(m.id)}  ${m.status.padEnd(10)} ${m.kind.padEnd(17)} v${m.version}  used ${m.stats.retrieved} (ok ${m.stats.succeeded})  ${one(m.task)}`,
    )
    .join('\n');
}

/** A memory in full, with its history (escaped for the terminal). */
export function formatMemoryDetail(memory: Memory, revisions: readonly Revision[], evidence?: EvidenceSummary): string {
  const lines = [
    `id:         ${one(memory.id)}`,
    `task:       ${one(memory.task)}`,
    `kind:       ${memory.kind}   status: ${memory.status}   version: ${memory.version}`,
    `keywords:   ${one(memory.keywords.join(', '))}`,
    `stats:      used ${memory.stats.retrieved}, succeeded ${memory.stats.succeeded}, failed ${memory.stats.failed}`,
    `provenance: built by ${one(memory.provenance.builtBy)} from ${one(memory.provenance.from.join(', '))} (embedder ${one(memory.provenance.embedder)})`,
    `created:    ${one(memory.createdAt)}   updated: ${one(memory.updatedAt)}`,
  ];
  if (memory.script) lines.push('script:', indent(many(memory.script)));
  if (memory.steps)
    lines.push(
      'steps:',
      indent(
        memory.steps
          .map((s, i) => `${i + 1}. ${one(s.action)}${s.observation ? `  → ${one(s.observation)}` : ''}`)
          .join('\n'),
      ),
    );
  if (evidence) lines.push(...formatEvidence(evidence));
  lines.push(`revisions:  ${revisions.length}`);
  for (const r of revisions)
    lines.push(`  v${r.version} ${r.reason} at ${one(r.at)}${r.note ? `: ${one(r.note)}` : ''}`);
  return lines.join('\n');
}

/** A memory's evidence summary: counts per outcome, witnesses, the distinct sources, pending candidates. */
export function formatEvidence(evidence: EvidenceSummary): string[] {
  const c = evidence.counts;
  return [
    `evidence:   ${c.success} successes (${evidence.witnesses.success} witnesses), ${c.failure} failures (${evidence.witnesses.failure} witnesses), ${c.support} support`,
    `sources:    ${evidence.sources.length === 0 ? '-' : one(evidence.sources.join(', '))}`,
    `candidates: ${evidence.pending} pending (memp candidates)`,
  ];
}

/** Namespace counts. */
export function formatStats(namespace: string, stats: NamespaceStats): string {
  return [
    `namespace:    ${one(namespace)}`,
    `memories:     ${stats.memories} (${stats.active} active, ${stats.deprecated} deprecated)`,
    `by kind:      ${Object.entries(stats.byKind)
      .map(([k, n]) => `${k} ${n}`)
      .join(', ')}`,
    `trajectories: ${stats.trajectories}`,
    `revisions:    ${stats.revisions}`,
    `embedder:     ${stats.space ? `${one(stats.space.embedder)} (${stats.space.dimension}d)` : '-'}`,
  ].join('\n');
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((l) => `   ${l}`)
    .join('\n');
}
