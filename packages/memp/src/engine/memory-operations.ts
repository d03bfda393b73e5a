import { checkTextLimit } from '../core/check-input-limits.js';
import type { Memory } from '../core/memory.js';
import type { MemoryUpdate } from '../ports/memory-store.js';
import { checkRequest } from './check-request.js';
import { editMemory } from './edit-memory.js';
import { type MemoryTarget, loadMemoryTarget } from './load-memory-target.js';
import type { MemoryOperationDeps } from './memory-operation-deps.js';
import { type OutcomeRequest, type OutcomeResult, reportOutcome } from './report-outcome.js';
import { type CandidateOperations, createCandidateOperations } from './candidate-operations.js';
import type { AttributionOption } from './resolve-attribution.js';
import { resolveAttribution } from './resolve-attribution.js';

// Kept importable from here, where surfaces have always found them.
export { MemoryEditSchema, type MemoryEdit } from './edit-memory.js';
export type { MemoryTarget } from './load-memory-target.js';
export type { OutcomeResult } from './report-outcome.js';

/** Operations on stored memories besides learning: edit, deprecate, restore, delete, usage outcomes, namespaces. */
export interface MemoryOperations extends CandidateOperations {
  /** Replaces content fields of a memory (a revision with reason `edit`); task/keyword changes are re-embedded. */
  edit(options: MemoryTarget & { expectedVersion: number; content: unknown }): Promise<Memory>;
  /** Deprecates a memory (kept with its history, no longer retrieved). Already deprecated → unchanged. */
  deprecate(options: MemoryTarget): Promise<Memory>;
  /**
   * Makes a deprecated memory active again. Already active → unchanged. Its usage counters are kept (history), and a
   * `restored` evidence record is appended: deprecation afterwards counts only failures recorded after it.
   */
  restore(options: MemoryTarget & { attribution?: AttributionOption }): Promise<Memory>;
  /** Removes a memory with its vectors and revisions, for good. */
  delete(options: MemoryTarget): Promise<{ id: string; version: number }>;
  /**
   * Records that the memories listed in `used` (the name `learn({ used })` takes; `ids`, its older name, is still
   * accepted) were used in an episode with this outcome (one hit each), then applies the deprecation rule,
   * atomically. For agents that only report whether recalled procedures worked.
   */
  reportOutcome(options: OutcomeRequest): Promise<OutcomeResult>;
  /** Every namespace that holds memories or trajectories, sorted. */
  namespaces(): Promise<string[]>;
}

/** Builds the {@link MemoryOperations} of an engine over its store, embedder, clock and deprecation rule. */
export function createMemoryOperations(deps: MemoryOperationDeps): MemoryOperations {
  const { store, clock } = deps;

  async function setStatus(
    target: MemoryTarget & { attribution?: AttributionOption },
    status: Memory['status'],
  ): Promise<Memory> {
    const namespace = deps.namespace(target.namespace);
    checkTextLimit({ text: target.note, field: 'note', limit: 'maxNoteBytes', limits: deps.limits });
    const memory = await loadMemoryTarget(store, namespace, target);
    if (memory.status === status) return memory;
    const update: MemoryUpdate = {
      id: memory.id,
      expectedVersion: memory.version,
      status,
      reason: status === 'deprecated' ? 'deprecation' : 'edit',
      note: target.note ?? (status === 'deprecated' ? 'deprecated by request' : 'restored by request'),
    };
    const at = clock.now();
    const by = resolveAttribution(target.attribution);
    const evidence =
      status === 'active'
        ? [{ id: deps.ids.next('ev'), memoryId: memory.id, kind: 'restored' as const, ...by, at }]
        : [];
    const { updated } = await store.apply({ namespace, at, update: [update], evidence });
    return updated[0] as Memory;
  }

  return {
    ...createCandidateOperations(deps),
    edit: (request) => editMemory(deps, request),
    deprecate: async (target) => setStatus(checkRequest(target, 'deprecate'), 'deprecated'),
    restore: async (target) => setStatus(checkRequest(target, 'restore'), 'active'),
    async delete(target) {
      checkRequest(target, 'delete');
      const namespace = deps.namespace(target.namespace);
      const memory = await loadMemoryTarget(store, namespace, target);
      await store.apply({ namespace, at: clock.now(), delete: [{ id: memory.id, expectedVersion: memory.version }] });
      return { id: memory.id, version: memory.version };
    },
    reportOutcome: (request) => reportOutcome(deps, request),
    namespaces: () => store.namespaces(),
  };
}
