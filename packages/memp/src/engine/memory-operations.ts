import type { z } from 'zod';
import type { Clock } from '../core/clock.js';
import { MempError, isMempError } from '../core/errors.js';
import { type Memory, MemoryContentSchema } from '../core/memory.js';
import type { Embedder } from '../ports/embedder.js';
import type { MemoryStore, MemoryUpdate } from '../ports/memory-store.js';
import { type DeprecationRule, shouldDeprecate } from '../policies/update/deprecation-rule.js';
import { describeZodIssue } from './normalize-trajectory.js';
import { checkRequest } from './check-request.js';
import { embedMemoryTexts } from './embed-memory-texts.js';

/** The content fields an edit may replace (a partial memory content; `kind` included). */
export const MemoryEditSchema = MemoryContentSchema.partial();
/** The content fields an edit may replace. */
export type MemoryEdit = z.infer<typeof MemoryEditSchema>;

/** Which memory a lifecycle operation targets; without `expectedVersion` the current version is used. */
export interface MemoryTarget {
  id: string;
  namespace?: string;
  /** Optimistic concurrency: the version the caller last saw. A different stored version → `CONFLICT`. */
  expectedVersion?: number;
  /** Why, kept on the revision. */
  note?: string;
}

/** What reporting an outcome changed. */
export interface OutcomeResult {
  /** The memories after their usage counters moved, in the order given. */
  memories: Memory[];
  /** Ids deprecated by the deprecation rule because of this outcome. */
  deprecated: string[];
}

/** Operations on stored memories besides learning: edit, deprecate, restore, delete, usage outcomes, namespaces. */
export interface MemoryOperations {
  /** Replaces content fields of a memory (a revision with reason `edit`); task/keyword changes are re-embedded. */
  edit(options: MemoryTarget & { expectedVersion: number; content: unknown }): Promise<Memory>;
  /** Deprecates a memory (kept with its history, no longer retrieved). Already deprecated → unchanged. */
  deprecate(options: MemoryTarget): Promise<Memory>;
  /** Makes a deprecated memory active again. Already active → unchanged. */
  restore(options: MemoryTarget): Promise<Memory>;
  /** Removes a memory with its vectors and revisions, for good. */
  delete(options: MemoryTarget): Promise<{ id: string; version: number }>;
  /**
   * Records that the memories with these ids were used in an episode with this outcome (one hit each), then
   * applies the deprecation rule, atomically. For agents that only report whether recalled procedures worked.
   */
  reportOutcome(options: { ids: readonly string[]; success: boolean; namespace?: string }): Promise<OutcomeResult>;
  /** Every namespace that holds memories or trajectories, sorted. */
  namespaces(): Promise<string[]>;
}

const MAX_RETRIES = 5;

/** Builds the {@link MemoryOperations} of an engine over its store, embedder, clock and deprecation rule. */
export function createMemoryOperations(options: {
  store: MemoryStore;
  embedder: Embedder;
  clock: Clock;
  deprecation: DeprecationRule | false;
  /** Resolves and validates a namespace (the engine's default when undefined). */
  namespace: (namespace: string | undefined) => string;
}): MemoryOperations {
  const { store, embedder, clock } = options;
  const space = { embedder: embedder.id, dimension: embedder.dimension };

  async function load(namespace: string, target: MemoryTarget): Promise<Memory> {
    if (typeof target.id !== 'string' || target.id.length === 0) {
      throw new MempError('INVALID_ARGUMENT', 'id must be a non-empty string', { details: { field: 'id' } });
    }
    const [memory] = await store.get({ namespace, ids: [target.id] });
    if (!memory)
      throw new MempError('NOT_FOUND', `memory "${target.id}" not found in "${namespace}"`, {
        details: { id: target.id },
      });
    if (target.expectedVersion !== undefined && target.expectedVersion !== memory.version) {
      throw new MempError(
        'CONFLICT',
        `memory "${target.id}" is at version ${memory.version}, not ${target.expectedVersion}`,
        {
          details: { id: target.id, expectedVersion: target.expectedVersion, actualVersion: memory.version },
        },
      );
    }
    return memory;
  }

  async function setStatus(target: MemoryTarget, status: Memory['status']): Promise<Memory> {
    const namespace = options.namespace(target.namespace);
    const memory = await load(namespace, target);
    if (memory.status === status) return memory;
    const update: MemoryUpdate = {
      id: memory.id,
      expectedVersion: memory.version,
      status,
      reason: status === 'deprecated' ? 'deprecation' : 'edit',
      note: target.note ?? (status === 'deprecated' ? 'deprecated by request' : 'restored by request'),
    };
    const { updated } = await store.apply({ namespace, at: clock.now(), update: [update] });
    return updated[0] as Memory;
  }

  return {
    async edit(request) {
      checkRequest(request, 'edit');
      const namespace = options.namespace(request.namespace);
      if (!Number.isInteger(request.expectedVersion)) {
        throw new MempError('INVALID_ARGUMENT', 'expectedVersion is required for an edit', {
          details: { field: 'version' },
        });
      }
      const parsed = MemoryEditSchema.safeParse(request.content);
      if (!parsed.success) {
        const { field, message } = describeZodIssue(parsed.error);
        throw new MempError('INVALID_ARGUMENT', `invalid edit: field "${field}": ${message}`, { details: { field } });
      }
      const content = Object.fromEntries(Object.entries(parsed.data).filter(([, v]) => v !== undefined)) as MemoryEdit;
      if (Object.keys(content).length === 0) {
        throw new MempError('INVALID_ARGUMENT', 'an edit must change at least one field', {
          details: { field: 'content' },
        });
      }
      const memory = await load(namespace, request);
      const after = { task: content.task ?? memory.task, keywords: content.keywords ?? memory.keywords };
      const reembed = after.task !== memory.task || after.keywords.join('\u0000') !== memory.keywords.join('\u0000');
      const update: MemoryUpdate = {
        id: memory.id,
        expectedVersion: memory.version,
        content,
        reason: 'edit',
        note: request.note ?? 'edited by request',
      };
      if (reembed) update.vectors = (await embedMemoryTexts(embedder, [after]))[0];
      const { updated } = await store.apply({
        namespace,
        at: clock.now(),
        ...(reembed ? { space } : {}),
        update: [update],
      });
      return updated[0] as Memory;
    },
    deprecate: async (target) => setStatus(checkRequest(target, 'deprecate'), 'deprecated'),
    restore: async (target) => setStatus(checkRequest(target, 'restore'), 'active'),
    async delete(target) {
      checkRequest(target, 'delete');
      const namespace = options.namespace(target.namespace);
      const memory = await load(namespace, target);
      await store.apply({ namespace, at: clock.now(), delete: [{ id: memory.id, expectedVersion: memory.version }] });
      return { id: memory.id, version: memory.version };
    },
    async reportOutcome(request) {
      checkRequest(request, 'reportOutcome');
      const namespace = options.namespace(request.namespace);
      if (!Array.isArray(request.ids) || request.ids.some((id) => typeof id !== 'string' || id.length === 0)) {
        throw new MempError('INVALID_ARGUMENT', 'ids must be a list of memory ids', { details: { field: 'ids' } });
      }
      if (typeof request.success !== 'boolean') {
        throw new MempError('INVALID_ARGUMENT', 'success must be a boolean', { details: { field: 'success' } });
      }
      const ids = [...new Set(request.ids)];
      if (ids.length === 0)
        throw new MempError('INVALID_ARGUMENT', 'memory_ids must not be empty', { details: { field: 'memory_ids' } });
      for (let attempt = 1; ; attempt++) {
        const found = await store.get({ namespace, ids });
        const missing = ids.filter((id) => !found.some((m) => m.id === id));
        if (missing.length > 0) {
          throw new MempError('NOT_FOUND', `memories not found in "${namespace}": ${missing.join(', ')}`, {
            details: { ids: missing },
          });
        }
        const at = clock.now();
        const updates: MemoryUpdate[] = [];
        for (const memory of found) {
          const stats = {
            retrieved: memory.stats.retrieved + 1,
            succeeded: memory.stats.succeeded + (request.success ? 1 : 0),
            failed: memory.stats.failed + (request.success ? 0 : 1),
          };
          if (options.deprecation && memory.status === 'active' && shouldDeprecate(stats, options.deprecation)) {
            updates.push({
              id: memory.id,
              expectedVersion: memory.version,
              status: 'deprecated',
              reason: 'deprecation',
              note: `success rate ${stats.succeeded}/${stats.retrieved} after a reported outcome`,
            });
          }
        }
        try {
          await store.apply({
            namespace,
            at,
            usage: ids.map((id) => ({ id, success: request.success })),
            update: updates,
          });
        } catch (error) {
          // A concurrent writer changed a memory we deprecate: re-read and decide again.
          if (isMempError(error, 'CONFLICT') && attempt < MAX_RETRIES) continue;
          throw error;
        }
        return { memories: await store.get({ namespace, ids }), deprecated: updates.map((u) => u.id) };
      }
    },
    namespaces: () => store.namespaces(),
  };
}
