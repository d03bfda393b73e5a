import { type Attribution, type EvidenceRecord, type Proposal, witnessOf } from '../core/evidence.js';
import type { Memory, MemoryContent } from '../core/memory.js';

/** The candidate records of `records` that no `promoted` or `rejected` record resolved yet, oldest first. */
export function pendingCandidates(records: readonly EvidenceRecord[]): EvidenceRecord[] {
  const resolved = new Set(
    records.filter((r) => r.kind === 'promoted' || r.kind === 'rejected').map((r) => r.candidate),
  );
  return records.filter((r) => r.kind === 'candidate' && !resolved.has(r.id));
}

/** The records after the memory's last `restored` record (all of them when it was never restored). */
export function sinceLastRestore(records: readonly EvidenceRecord[]): EvidenceRecord[] {
  const last = records.findLastIndex((r) => r.kind === 'restored');
  return last < 0 ? [...records] : records.slice(last + 1);
}

/** The distinct witnesses ({@link witnessOf}) of the records of `kind`. */
export function witnessesOf(records: readonly EvidenceRecord[], kind: EvidenceRecord['kind']): Set<string> {
  return new Set(records.filter((r) => r.kind === kind).map(witnessOf));
}

/**
 * Deprecation by evidence: the counters' rule must hold (decided by the caller) AND the failures recorded since the
 * last restore must come from at least two distinct witnesses, so one source alone can never retire a memory.
 */
export function failureWitnessesSinceRestore(records: readonly EvidenceRecord[]): number {
  return witnessesOf(sinceLastRestore(records), 'failure').size;
}

/** The witness of a write by `attribution` during `episode` (see {@link witnessOf}). */
export function writerWitness(attribution: Attribution, episode: string): string {
  return witnessOf({ id: episode, source: attribution.source, trust: attribution.trust, episode });
}

/**
 * May this writer replace what the memory serves by itself? Only a trusted writer, and only while no other witness
 * has recorded a success with the memory: no single episode rewrites what others proved.
 */
export function mayRewrite(options: {
  attribution: Attribution;
  episode: string;
  records: readonly EvidenceRecord[];
}): boolean {
  const { attribution, episode, records } = options;
  if (attribution.trust !== 'trusted') return false;
  const self = writerWitness(attribution, episode);
  return [...witnessesOf(records, 'success')].every((w) => w === self);
}

const CAUTION = /^caution\b/i;

/**
 * True when `content` only records a failure on `memory`: `meta` changes and the script gains `Caution:` lines at
 * its end, nothing else (task, keywords, steps and every procedure line stay). Such a delta from a trusted writer is
 * applied in place: it adds a warning and replaces nothing others proved.
 */
export function isCautionOnly(memory: Memory, content: Partial<MemoryContent>): boolean {
  for (const key of ['task', 'keywords', 'kind', 'steps'] as const) {
    if (content[key] !== undefined && JSON.stringify(content[key]) !== JSON.stringify(memory[key])) return false;
  }
  if (content.script === undefined || content.script === memory.script) return true;
  const before = memory.script ?? '';
  if (!content.script.startsWith(before)) return false;
  const added = content.script
    .slice(before.length)
    .split('\n')
    .filter((line) => line.trim().length > 0);
  return added.every((line) => CAUTION.test(line.trim()));
}

/** True when two proposals would serve the same procedure (same task, keywords, steps and script). */
export function sameProposal(a: Proposal, b: Proposal): boolean {
  const served = (p: Proposal) =>
    JSON.stringify([p.content.task, p.content.keywords, p.content.steps, p.content.script]);
  return served(a) === served(b);
}
