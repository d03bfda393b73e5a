import type { Memory } from '../core/memory.js';
import type { Retrieved } from '../core/retrieved.js';
import type { Revision } from '../core/revision.js';
import type { NamespaceStats } from '../ports/memory-store.js';

/** Human-readable ranking of retrieved memories. */
export function formatRetrieved(retrieved: readonly Retrieved[]): string {
  return retrieved
    .map((r, i) => {
      const head = `${i + 1}. [${r.score.toFixed(3)}] ${r.memory.task}  (${r.memory.kind}, ${r.memory.id})`;
      const body = r.memory.script ?? (r.memory.steps ?? []).map((s, j) => `${j + 1}. ${s.action}`).join('\n');
      return `${head}\n${indent(body)}`;
    })
    .join('\n\n');
}

/** One line per memory: id, status, kind, uses, task. */
export function formatMemoryList(memories: readonly Memory[]): string {
  return memories
    .map((m) => `${m.id}  ${m.status.padEnd(10)} ${m.kind.padEnd(17)} v${m.version}  used ${m.stats.retrieved} (ok ${m.stats.succeeded})  ${m.task}`)
    .join('\n');
}

/** A memory in full, with its history. */
export function formatMemoryDetail(memory: Memory, revisions: readonly Revision[]): string {
  const lines = [
    `id:         ${memory.id}`,
    `task:       ${memory.task}`,
    `kind:       ${memory.kind}   status: ${memory.status}   version: ${memory.version}`,
    `keywords:   ${memory.keywords.join(', ')}`,
    `stats:      used ${memory.stats.retrieved}, succeeded ${memory.stats.succeeded}, failed ${memory.stats.failed}`,
    `provenance: built by ${memory.provenance.builtBy} from ${memory.provenance.from.join(', ')} (embedder ${memory.provenance.embedder})`,
    `created:    ${memory.createdAt}   updated: ${memory.updatedAt}`,
  ];
  if (memory.script) lines.push('script:', indent(memory.script));
  if (memory.steps) lines.push('steps:', indent(memory.steps.map((s, i) => `${i + 1}. ${s.action}${s.observation ? `  → ${s.observation}` : ''}`).join('\n')));
  lines.push(`revisions:  ${revisions.length}`);
  for (const r of revisions) lines.push(`  v${r.version} ${r.reason} at ${r.at}${r.note ? `: ${r.note}` : ''}`);
  return lines.join('\n');
}

/** Namespace counts. */
export function formatStats(namespace: string, stats: NamespaceStats): string {
  return [
    `namespace:    ${namespace}`,
    `memories:     ${stats.memories} (${stats.active} active, ${stats.deprecated} deprecated)`,
    `by kind:      ${Object.entries(stats.byKind).map(([k, n]) => `${k} ${n}`).join(', ')}`,
    `trajectories: ${stats.trajectories}`,
    `revisions:    ${stats.revisions}`,
    `embedder:     ${stats.space ? `${stats.space.embedder} (${stats.space.dimension}d)` : '-'}`,
  ].join('\n');
}

function indent(text: string): string {
  return text.split('\n').map((l) => `   ${l}`).join('\n');
}
