import { MempError } from '../../core/errors.js';
import { MEMORY_FORMATS, type MemoryFormat } from '../../core/render/render-memories.js';

/**
 * Default of `recall_procedures`' `min_score`: 0.25. A procedure scoring below it is not sent: a model given three
 * unrelated procedures tends to follow them anyway. Chosen from the scores of the offline (hashing) embedder, a
 * cosine similarity in [-1, 1]: tasks that share no purpose with any stored procedure score at most about 0.24
 * against them ("reset the customer password" against refund procedures: 0.21, 0.10, −0.01; "book a flight"
 * against ALFWorld's: 0.24), while a paraphrase of a stored task scores 0.26 or more for its best match. A learned
 * embedder (`--embedder openai:…`) spreads scores differently: tune it with `memp serve --min-score` /
 * `memp mcp --min-score`, or per call.
 */
export const DEFAULT_RECALL_MIN_SCORE = 0.25;

/** Default of `recall_procedures`' `k`: 3 procedures, the paper's setting. */
export const DEFAULT_RECALL_K = 3;

/**
 * Default of `recall_procedures`' `format`: `markdown`, one fenced section per procedure, so tool-call arguments
 * read as written (`lookup_order({"id":"A17"})`); `memp`, the paper's format, JSON-escapes them.
 */
export const DEFAULT_RECALL_FORMAT: MemoryFormat = 'markdown';

/**
 * The server-side defaults of the MCP tool `recall_procedures`, used when a call leaves an argument out
 * (`memp serve --k --min-score --format`, `memp mcp --k --min-score --format`).
 */
export interface McpRecallDefaults {
  /** Procedures per recall, a positive integer. Default {@link DEFAULT_RECALL_K}. */
  k?: number;
  /** Lowest similarity score a recalled procedure may have, a finite number. Default {@link DEFAULT_RECALL_MIN_SCORE}. */
  minScore?: number;
  /** Prompt format of the guidance. Default {@link DEFAULT_RECALL_FORMAT}. */
  format?: MemoryFormat;
}

/**
 * The defaults with every field filled in; a value out of range → `INVALID_ARGUMENT` naming the field (`k`,
 * `minScore`, `format`).
 */
export function resolveRecallDefaults(options: McpRecallDefaults = {}): Required<McpRecallDefaults> {
  const { k = DEFAULT_RECALL_K, minScore = DEFAULT_RECALL_MIN_SCORE, format = DEFAULT_RECALL_FORMAT } = options;
  if (!Number.isInteger(k) || k < 1) {
    throw new MempError('INVALID_ARGUMENT', `recall k must be a positive integer (got ${k})`, {
      details: { field: 'k' },
    });
  }
  if (typeof minScore !== 'number' || !Number.isFinite(minScore)) {
    throw new MempError('INVALID_ARGUMENT', `recall minScore must be a finite number (got ${minScore})`, {
      details: { field: 'minScore' },
    });
  }
  if (!(MEMORY_FORMATS as readonly unknown[]).includes(format)) {
    throw new MempError('INVALID_ARGUMENT', `recall format must be one of ${MEMORY_FORMATS.join(', ')}`, {
      details: { field: 'format' },
    });
  }
  return { k, minScore, format };
}
