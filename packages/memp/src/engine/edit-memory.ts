import { z } from 'zod';
import { checkMemoryContentLimits, checkTextLimit } from '../core/check-input-limits.js';
import { MempError } from '../core/errors.js';
import { MAX_MEMORY_KEYWORDS, type Memory, MemoryContentSchema, memoryContent } from '../core/memory.js';
import type { MemoryUpdate } from '../ports/memory-store.js';
import { checkRequest } from './check-request.js';
import { embedMemoryTexts } from './embed-memory-texts.js';
import { type MemoryTarget, loadMemoryTarget } from './load-memory-target.js';
import type { MemoryOperationDeps } from './memory-operation-deps.js';
import { describeZodIssue } from './normalize-trajectory.js';

/** The content fields an edit may replace (a partial memory content; `kind` included). */
export const MemoryEditSchema = MemoryContentSchema.extend({
  keywords: z.array(z.string()).max(MAX_MEMORY_KEYWORDS),
}).partial();
/** The content fields an edit may replace. */
export type MemoryEdit = z.infer<typeof MemoryEditSchema>;

/**
 * Replaces content fields of a memory at `expectedVersion` (a revision with reason `edit`); a changed task or
 * keyword list is re-embedded. `INVALID_ARGUMENT` for a missing version or an invalid or empty edit;
 * `PAYLOAD_TOO_LARGE` when a changed field, the note or the memory after the edit in total exceeds `deps.limits`
 * (fields the edit leaves alone are not checked one by one, so a memory over a limit can still be cut down).
 */
export async function editMemory(
  deps: MemoryOperationDeps,
  request: MemoryTarget & { expectedVersion: number; content: unknown },
): Promise<Memory> {
  const { store, embedder, clock } = deps;
  checkRequest(request, 'edit');
  const namespace = deps.namespace(request.namespace);
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
  checkMemoryContentLimits({ content, limits: deps.limits });
  checkTextLimit({ text: request.note, field: 'note', limit: 'maxNoteBytes', limits: deps.limits });
  const memory = await loadMemoryTarget(store, namespace, request);
  checkMemoryContentLimits({ content: { ...memoryContent(memory), ...content }, limits: deps.limits, totalOnly: true });
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
    ...(reembed ? { space: { embedder: embedder.id, dimension: embedder.dimension } } : {}),
    update: [update],
  });
  return updated[0] as Memory;
}
