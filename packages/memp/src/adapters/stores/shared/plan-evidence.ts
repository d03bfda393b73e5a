import { MempError } from '../../../core/errors.js';
import { type EvidenceRecord, EvidenceRecordSchema } from '../../../core/evidence.js';
import type { ChangePlan, ChangeReader } from './plan-change.js';

/**
 * Validates the evidence part of a change against the planned state: every record matches
 * {@link EvidenceRecordSchema} (`INVALID_ARGUMENT` naming the field), names a memory that exists after the change's
 * creates and updates (`NOT_FOUND`), and has an id not stored nor repeated (`CONFLICT`). Records of a memory the
 * change deletes are dropped with it.
 */
export function planEvidence(options: {
  list: readonly EvidenceRecord[] | undefined;
  plan: ChangePlan;
  reader: ChangeReader;
}): EvidenceRecord[] {
  const { list, plan, reader } = options;
  if (list === undefined) return [];
  if (!Array.isArray(list))
    throw new MempError('INVALID_ARGUMENT', 'evidence must be a list', { details: { field: 'evidence' } });
  const deleted = new Set(plan.deleted);
  const seen = new Set<string>();
  const out: EvidenceRecord[] = [];
  for (const [index, raw] of list.entries()) {
    const parsed = EvidenceRecordSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = ['evidence', index, ...(issue?.path ?? [])].join('.');
      throw new MempError('INVALID_ARGUMENT', `invalid ${field}: ${issue?.message ?? 'bad input'}`, {
        details: { field },
      });
    }
    const record = parsed.data;
    if (seen.has(record.id) || reader.hasEvidence?.(record.id) === true) {
      throw new MempError('CONFLICT', `evidence ${record.id} already exists`, { details: { id: record.id } });
    }
    seen.add(record.id);
    if (!plan.memories.has(record.memoryId) && reader.memory(record.memoryId) === undefined) {
      throw new MempError('NOT_FOUND', `evidence ${record.id} names memory ${record.memoryId}, which does not exist`, {
        details: { id: record.id, memoryId: record.memoryId },
      });
    }
    if (!deleted.has(record.memoryId)) out.push(structuredClone(record));
  }
  return out;
}
