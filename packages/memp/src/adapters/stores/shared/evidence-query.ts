import { MempError } from '../../../core/errors.js';
import { type EvidenceKind, EvidenceKindSchema } from '../../../core/evidence.js';
import type { EvidenceQuery } from '../../../ports/memory-store.js';
import { checkIds, checkNamespace } from './store-validation.js';

/** An {@link EvidenceQuery} validated, its filters as sets (undefined: no filter). */
export interface CheckedEvidenceQuery {
  namespace: string;
  memoryIds?: Set<string>;
  kinds?: Set<EvidenceKind>;
}

/** Validates an evidence query (`INVALID_ARGUMENT` naming the field). */
export function checkEvidenceQuery(query: EvidenceQuery): CheckedEvidenceQuery {
  if (query === null || typeof query !== 'object')
    throw new MempError('INVALID_ARGUMENT', 'an evidence query must be an object');
  const checked: CheckedEvidenceQuery = { namespace: checkNamespace(query.namespace) };
  if (query.memoryIds !== undefined) checked.memoryIds = new Set(checkIds(query.memoryIds));
  if (query.kinds !== undefined) {
    if (!Array.isArray(query.kinds) || query.kinds.some((k) => !EvidenceKindSchema.safeParse(k).success)) {
      throw new MempError('INVALID_ARGUMENT', `kinds must be a list of ${EvidenceKindSchema.options.join(', ')}`, {
        details: { field: 'kinds' },
      });
    }
    checked.kinds = new Set(query.kinds);
  }
  return checked;
}
