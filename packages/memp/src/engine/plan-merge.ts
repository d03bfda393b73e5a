import type { Memory, MemoryContent } from '../core/memory.js';
import type { MemoryUpdate, MemoryVectors } from '../ports/memory-store.js';

/**
 * The updates that merge `absorbed` memories into `survivor`: the survivor gains every absorbed trajectory in
 * `provenance.from` (its support) and, when given, new content and vectors (revision reason `merge`); each absorbed
 * memory is deprecated with reason `merge` and a pointer to the survivor (`meta.mergedInto`, and the revision
 * note), so nothing is deleted and a merge can be undone by hand (restore the absorbed memory). Every update is
 * guarded by the version the caller read, so a concurrent change makes the whole merge fail with `CONFLICT`.
 */
export function planMerge(options: {
  survivor: Memory;
  absorbed: readonly Memory[];
  content?: Partial<MemoryContent>;
  vectors?: MemoryVectors;
  note?: string;
}): MemoryUpdate[] {
  const { survivor, absorbed } = options;
  const sources = [...new Set(absorbed.flatMap((m) => m.provenance.from))].filter(
    (s) => !survivor.provenance.from.includes(s),
  );
  const survivorUpdate: MemoryUpdate = {
    id: survivor.id,
    expectedVersion: survivor.version,
    reason: 'merge',
    note: options.note ?? `absorbed ${absorbed.map((m) => m.id).join(', ')}`,
    addSources: sources,
  };
  if (options.content !== undefined) survivorUpdate.content = options.content;
  if (options.vectors !== undefined) survivorUpdate.vectors = options.vectors;
  return [
    survivorUpdate,
    ...absorbed.map(
      (m): MemoryUpdate => ({
        id: m.id,
        expectedVersion: m.version,
        status: 'deprecated',
        reason: 'merge',
        note: `merged into ${survivor.id}`,
        content: { meta: { ...m.meta, mergedInto: survivor.id } },
      }),
    ),
  ];
}

/** The content fields that carry a memory's procedure (what a shorter procedure brings to its absorber). */
export function procedureContent(memory: Memory): Partial<MemoryContent> {
  const content: Partial<MemoryContent> = { task: memory.task, keywords: memory.keywords, kind: memory.kind };
  if (memory.steps !== undefined) content.steps = memory.steps;
  if (memory.script !== undefined) content.script = memory.script;
  return content;
}
