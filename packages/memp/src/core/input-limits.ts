import { MempError } from './errors.js';

/**
 * Size limits of everything submitted to the engine, one set for every way in: `learn` (a trajectory and the ids
 * it used), `edit` (the memory after the edit and its note), `importFrom` (every memory, revision and trajectory of
 * the file) and `retrieve` (the task). Every surface (library, HTTP, MCP, CLI) calls the engine and so gets them.
 * Text sizes are UTF-8 bytes. Over a limit the call fails with `PAYLOAD_TOO_LARGE` naming the field and the limit
 * (`details: { field, size, max, limit }`).
 */
export interface InputLimits {
  /** Most steps of a trajectory or memory. Default 2 000. */
  maxSteps: number;
  /** Longest task (of a trajectory, a memory, a retrieval) and longest keyword of a memory. Default 8 KiB. */
  maxTaskBytes: number;
  /** Longest action of a step. Default 64 KiB. */
  maxActionBytes: number;
  /** Longest observation of a step. Default 256 KiB. */
  maxObservationBytes: number;
  /** Longest thought of a step. Default 64 KiB. */
  maxThoughtBytes: number;
  /** Longest id or name: trajectory and memory ids, `used` ids, `provenance.from` ids, `model`, `env`. Default 512 B. */
  maxIdBytes: number;
  /** Longest note of a revision (an edit's, a status change's, an imported revision's). Default 16 KiB. */
  maxNoteBytes: number;
  /**
   * Most text of one trajectory or memory in total: task, steps, script, keywords, `model`, `env` and `meta` (as
   * JSON). It bounds what one call can make the store keep (a trajectory is stored, and a `trajectory` memory copies
   * its steps) and what the build policies read. Default 1 MiB.
   */
  maxTotalBytes: number;
}

/**
 * The default {@link InputLimits}: generous for agents (a thousand steps of 1 KB fit in the total), small enough
 * that one call cannot flood a prompt, stall the event loop or grow the database by hundreds of megabytes.
 */
export const DEFAULT_INPUT_LIMITS: InputLimits = {
  maxSteps: 2_000,
  maxTaskBytes: 8 * 1024,
  maxActionBytes: 64 * 1024,
  maxObservationBytes: 256 * 1024,
  maxThoughtBytes: 64 * 1024,
  maxIdBytes: 512,
  maxNoteBytes: 16 * 1024,
  maxTotalBytes: 1024 * 1024,
};

/**
 * Resolves user-given limits over the defaults; each must be a positive integer and a known limit
 * (`INVALID_ARGUMENT` naming it, e.g. `limits.maxSteps`).
 */
export function resolveInputLimits(limits: Partial<InputLimits> | undefined): InputLimits {
  const resolved = { ...DEFAULT_INPUT_LIMITS, ...(limits ?? {}) };
  for (const [field, value] of Object.entries(resolved)) {
    if (!(field in DEFAULT_INPUT_LIMITS)) {
      throw new MempError('INVALID_ARGUMENT', `limits.${field} is not a limit`, {
        details: { field: `limits.${field}` },
      });
    }
    if (!Number.isInteger(value) || value < 1) {
      throw new MempError('INVALID_ARGUMENT', `limits.${field} must be a positive integer`, {
        details: { field: `limits.${field}` },
      });
    }
  }
  return resolved;
}
