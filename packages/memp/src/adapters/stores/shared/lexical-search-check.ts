import { MempError } from '../../../core/errors.js';
import type { MemoryStatus } from '../../../core/memory.js';
import { LEXICAL_FIELDS } from '../../../core/text/lexical-terms.js';
import type { LexicalField, LexicalSearch } from '../../../ports/memory-store.js';
import { checkNamespace, checkStatus } from './store-validation.js';

/** Most terms one lexical query may hold (a task's terms stay far below it). */
export const MAX_LEXICAL_QUERY_TERMS = 256;
const TERM = /^[\p{L}\p{N}]{1,64}$/u;

/** A validated {@link LexicalSearch}: terms deduplicated, weights complete. */
export interface CheckedLexicalSearch {
  namespace: string;
  terms: string[];
  weights: Record<LexicalField, number>;
  k: number;
  statuses: Set<MemoryStatus>;
}

function checkWeights(weights: LexicalSearch['weights']): Record<LexicalField, number> {
  if (weights !== undefined && (typeof weights !== 'object' || weights === null)) {
    throw new MempError('INVALID_ARGUMENT', 'weights must be an object', { details: { field: 'weights' } });
  }
  const checked = { task: 1, keywords: 1, procedure: 1 };
  for (const [name, value] of Object.entries(weights ?? {})) {
    if (!(LEXICAL_FIELDS as readonly string[]).includes(name)) {
      throw new MempError('INVALID_ARGUMENT', `unknown lexical field "${name}" (task, keywords, procedure)`, {
        details: { field: `weights.${name}` },
      });
    }
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new MempError('INVALID_ARGUMENT', `weights.${name} must be a finite number ≥ 0`, {
        details: { field: `weights.${name}` },
      });
    }
    checked[name as LexicalField] = value;
  }
  if (LEXICAL_FIELDS.every((f) => checked[f] === 0)) {
    throw new MempError('INVALID_ARGUMENT', 'at least one lexical weight must be positive', {
      details: { field: 'weights' },
    });
  }
  return checked;
}

/**
 * Fails with `INVALID_ARGUMENT` (naming the field) unless `query` is a well-formed {@link LexicalSearch}: a namespace,
 * 1 to {@link MAX_LEXICAL_QUERY_TERMS} terms of letters and digits (as `lexicalTerms` makes them), weights ≥ 0 not
 * all 0, a positive integer `k`, known statuses.
 */
export function checkLexicalSearch(query: LexicalSearch): CheckedLexicalSearch {
  const namespace = checkNamespace(query?.namespace);
  if (!Array.isArray(query.terms) || query.terms.length === 0 || query.terms.length > MAX_LEXICAL_QUERY_TERMS) {
    throw new MempError('INVALID_ARGUMENT', `terms must hold 1 to ${MAX_LEXICAL_QUERY_TERMS} terms`, {
      details: { field: 'terms' },
    });
  }
  for (const term of query.terms) {
    if (typeof term !== 'string' || !TERM.test(term) || term !== term.toLowerCase()) {
      throw new MempError('INVALID_ARGUMENT', 'a term must be 1-64 lowercase letters or digits (see lexicalTerms)', {
        details: { field: 'terms', value: String(term) },
      });
    }
  }
  if (!Number.isInteger(query.k) || query.k < 1) {
    throw new MempError('INVALID_ARGUMENT', 'k must be a positive integer', { details: { field: 'k' } });
  }
  if (query.status !== undefined && !Array.isArray(query.status)) {
    throw new MempError('INVALID_ARGUMENT', 'status must be a list', { details: { field: 'status' } });
  }
  return {
    namespace,
    terms: [...new Set(query.terms)],
    weights: checkWeights(query.weights),
    k: query.k,
    statuses: new Set((query.status ?? ['active']).map((s) => checkStatus(s))),
  };
}
