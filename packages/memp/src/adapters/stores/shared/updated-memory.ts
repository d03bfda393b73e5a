import { z } from 'zod';
import { MempError } from '../../../core/errors.js';
import {
  MAX_MEMORY_KEYWORDS,
  MemoryContentSchema,
  MemoryStatusSchema,
  ProvenanceSchema,
  memoryContent,
} from '../../../core/memory.js';
import type { Memory } from '../../../core/memory.js';
import { RevisionReasonSchema } from '../../../core/revision.js';
import type { Revision } from '../../../core/revision.js';
import type { MemoryUpdate } from '../../../ports/memory-store.js';

const UpdateContentSchema = MemoryContentSchema.partial();
const NoteSchema = z.string().optional();
const SourcesSchema = z.array(z.string().min(1)).optional();

function invalid(message: string, details: Record<string, unknown> = {}): MempError {
  return new MempError('INVALID_ARGUMENT', message, { details });
}

/** Fails with `INVALID_ARGUMENT` when a memory would hold more than {@link MAX_MEMORY_KEYWORDS} keywords. */
export function checkKeywordCount(keywords: readonly string[], id: string): void {
  if (keywords.length > MAX_MEMORY_KEYWORDS) {
    throw new MempError(
      'INVALID_ARGUMENT',
      `memory ${id} has ${keywords.length} keywords, at most ${MAX_MEMORY_KEYWORDS} are allowed`,
      {
        details: { id, field: 'keywords', max: MAX_MEMORY_KEYWORDS },
      },
    );
  }
}

/**
 * Validates one {@link MemoryUpdate} of `before` (whose version it must already match) and returns the memory
 * after it, one version up, with the {@link Revision} that keeps the content before. Throws `INVALID_ARGUMENT`
 * for a malformed field; vectors are left to the caller.
 */
export function updatedMemory(before: Memory, update: MemoryUpdate, at: string): { after: Memory; revision: Revision } {
  const id = before.id;
  const content = UpdateContentSchema.safeParse(update.content ?? {});
  if (!content.success) throw invalid('invalid content', { id, field: 'content', issues: content.error.issues });
  const reason = RevisionReasonSchema.safeParse(update.reason);
  if (!reason.success) throw invalid('invalid reason', { id, field: 'reason' });
  const note = NoteSchema.safeParse(update.note);
  if (!note.success) throw invalid('invalid note', { id, field: 'note' });
  let status = before.status;
  if (update.status !== undefined) {
    const s = MemoryStatusSchema.safeParse(update.status);
    if (!s.success) throw invalid('invalid status', { id, field: 'status' });
    status = s.data;
  }
  const sources = SourcesSchema.safeParse(update.addSources);
  if (!sources.success) throw invalid('invalid addSources', { id, field: 'addSources' });
  const patch = Object.fromEntries(Object.entries(content.data).filter(([, v]) => v !== undefined));
  let provenance = before.provenance;
  if (update.provenance !== undefined) {
    const parsed = ProvenanceSchema.safeParse(update.provenance);
    if (!parsed.success) throw invalid('invalid provenance', { id, field: 'provenance', issues: parsed.error.issues });
    provenance = parsed.data;
  }
  const from = [...provenance.from];
  for (const source of sources.data ?? []) if (!from.includes(source)) from.push(source);
  const after: Memory = {
    ...before,
    ...patch,
    provenance: { ...provenance, from },
    status,
    version: before.version + 1,
    updatedAt: at,
  };
  checkKeywordCount(after.keywords, id);
  const revision: Revision = {
    memoryId: id,
    version: after.version,
    before: memoryContent(before),
    statusBefore: before.status,
    reason: reason.data,
    at,
  };
  if (note.data !== undefined) revision.note = note.data;
  return { after, revision };
}
