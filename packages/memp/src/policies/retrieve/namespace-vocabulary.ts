import type { Memory } from '../../core/memory.js';
import type { MemoryStore } from '../../ports/memory-store.js';
import { procedureSkeleton } from './procedure-skeleton.js';
import { learnTermCooccurrence, type CooccurrenceThresholds, type TermCooccurrence } from './term-cooccurrence.js';

/** Memories read per page while learning. */
const PAGE = 500;
/** Most source trajectories of one memory whose tasks are read. */
const MAX_SOURCES_PER_MEMORY = 20;

/** Most success records read while learning. */
const MAX_SUCCESS_RECORDS = 100_000;

/** Per memory, the trajectories of trusted episodes that followed it and succeeded (`success` evidence). */
async function successfulEpisodes(store: MemoryStore, namespace: string): Promise<Map<string, string[]>> {
  const byMemory = new Map<string, string[]>();
  const records = await store.evidence({ namespace, kinds: ['success'] });
  for (const r of records.slice(-MAX_SUCCESS_RECORDS)) {
    // Untrusted sources do not teach vocabulary: one key could otherwise link any words it likes.
    if (r.trust !== 'trusted' || r.episode === undefined) continue;
    byMemory.set(r.memoryId, [...(byMemory.get(r.memoryId) ?? []), r.episode]);
  }
  return byMemory;
}

/**
 * The groups of task sentences solved by one procedure in a namespace's active memories: (1) per memory with two
 * or more source trajectories (merged from several episodes, or having absorbed a repeat) or with trusted episodes
 * that followed it and succeeded (`success` evidence of a learn with `used`), its task and those trajectories';
 * (2) per procedure shape ({@link procedureSkeleton}), the tasks
 * (and source tasks) of every memory of that shape, unless the shape is shared by more than half of the memories
 * (a shape every procedure has tells no procedure apart).
 */
export async function procedureGroups(store: MemoryStore, namespace: string): Promise<string[][]> {
  const memories: Memory[] = [];
  for (let after: string | undefined; ; ) {
    const page = await store.list({ namespace, status: 'active', limit: PAGE, ...(after ? { after } : {}) });
    memories.push(...page);
    if (page.length < PAGE) break;
    after = page[page.length - 1]?.id;
  }
  const succeeded = await successfulEpisodes(store, namespace);
  const groups: string[][] = [];
  const byShape = new Map<string, { memories: number; tasks: string[] }>();
  for (const memory of memories) {
    const tasks = [memory.task];
    const behind = [...new Set([...memory.provenance.from, ...(succeeded.get(memory.id) ?? [])])];
    if (behind.length > 1 || succeeded.has(memory.id)) {
      for (const id of behind.slice(0, MAX_SOURCES_PER_MEMORY)) {
        const source = await store.trajectory({ namespace, id });
        if (source !== undefined) tasks.push(source.task);
      }
      groups.push(tasks);
    }
    const shape = procedureSkeleton(memory);
    if (shape === '') continue;
    const group = byShape.get(shape) ?? { memories: 0, tasks: [] };
    group.memories += 1;
    group.tasks.push(...tasks);
    byShape.set(shape, group);
  }
  for (const group of byShape.values()) if (group.memories * 2 <= memories.length) groups.push(group.tasks);
  return groups;
}

/** Share of a namespace's memories that must have changed before its vocabulary is relearned (see below). */
export const RELEARN_SHARE = 0.01;
/** From this many memories on, a namespace's counts are read at most once per {@link RECHECK_MS} (they cost a scan). */
export const LARGE_NAMESPACE = 10_000;
/** How often a large namespace's counts are read again. */
export const RECHECK_MS = 1000;

/**
 * The learned vocabulary of each namespace of a store, kept current: relearned from {@link procedureGroups} once the
 * namespace's counts (memories, active, trajectories, revisions) have moved by at least one and by at least
 * {@link RELEARN_SHARE} of its memories since it was learned. A small namespace relearns after every learn, edit,
 * merge or deprecation; a large one (where learning reads every memory: about 1 s at 3,553 memories) after every 1%.
 * The counts are read at every retrieval below {@link LARGE_NAMESPACE} memories (a few ms), at most once per
 * {@link RECHECK_MS} above it. One per policy instance.
 */
export interface NamespaceVocabulary {
  /** The namespace's {@link TermCooccurrence}, relearned if the namespace changed since it was last learned. */
  of(store: MemoryStore, namespace: string): Promise<TermCooccurrence>;
}

/** Creates a {@link NamespaceVocabulary} that learns with `thresholds`. */
export function createNamespaceVocabulary(thresholds: Partial<CooccurrenceThresholds> = {}): NamespaceVocabulary {
  type Learned = { at: number[]; checkedAt: number; model: Promise<TermCooccurrence> };
  const learned = new WeakMap<MemoryStore, Map<string, Learned>>();
  return {
    async of(store, namespace) {
      const cached = learned.get(store)?.get(namespace);
      const now = Date.now();
      if (cached !== undefined && (cached.at[0] ?? 0) >= LARGE_NAMESPACE && now - cached.checkedAt < RECHECK_MS)
        return cached.model;
      if (cached !== undefined) cached.checkedAt = now;
      const s = await store.stats({ namespace });
      const at = [s.memories, s.active, s.trajectories, s.revisions];
      const byNamespace = learned.get(store) ?? new Map();
      learned.set(store, byNamespace);
      const known = byNamespace.get(namespace);
      if (known !== undefined) {
        const moved = at.reduce((sum, n, i) => sum + Math.abs(n - (known.at[i] ?? 0)), 0);
        if (moved === 0 || moved < RELEARN_SHARE * s.memories) return known.model;
      }
      const model = procedureGroups(store, namespace).then((groups) => learnTermCooccurrence(groups, thresholds));
      byNamespace.set(namespace, { at, checkedAt: now, model });
      // A failed learn is not kept: the next retrieval learns again.
      model.catch(() => {
        if (byNamespace.get(namespace)?.model === model) byNamespace.delete(namespace);
      });
      return model;
    },
  };
}
