import type { z } from 'zod';
import { MempError } from '../../../core/errors.js';
import { MemorySchema } from '../../../core/memory.js';
import type { Memory } from '../../../core/memory.js';
import { RevisionSchema } from '../../../core/revision.js';
import type { Revision } from '../../../core/revision.js';
import { TrajectorySchema } from '../../../core/trajectory.js';
import type { Trajectory } from '../../../core/trajectory.js';
import { isPlainStoredMemory } from './stored-memory-check.js';

/** The JSON value of a stored column, or `STORAGE_FAILED` when it is not text or not JSON. */
export function parseJsonText(text: unknown, what: string): unknown {
  if (typeof text !== 'string') throw new MempError('STORAGE_FAILED', `stored ${what} is not text`);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new MempError('STORAGE_FAILED', `stored ${what} is not valid JSON`, { cause: error });
  }
}

/** `raw` checked by `schema`, or `STORAGE_FAILED` naming the schema's issues. */
export function checkStoredJson<T>(schema: z.ZodType<T>, raw: unknown, what: string): T {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    throw new MempError('STORAGE_FAILED', `stored ${what} does not match its schema`, {
      details: { issues: parsed.error.issues },
    });
  }
  return parsed.data;
}

/**
 * Parses a JSON column with `schema`. The database is external input (another process, an older version, a
 * hand edit), so anything malformed fails with `STORAGE_FAILED` instead of leaking a half-valid object.
 */
export function parseJsonColumn<T>(schema: z.ZodType<T>, text: unknown, what: string): T {
  return checkStoredJson(schema, parseJsonText(text, what), what);
}

/**
 * A stored memory from its `body` column. Bodies that pass {@link isPlainStoredMemory} (every body memp writes)
 * skip the schema walk, which allocated about 13 KB per memory and made garbage collection the tail of
 * `retrieve`; anything else is checked by the schema, which names what is wrong.
 */
export function memoryFromRow(body: unknown): Memory {
  const raw = parseJsonText(body, 'memory');
  return isPlainStoredMemory(raw) ? raw : checkStoredJson(MemorySchema, raw, 'memory');
}

/** A stored revision from its `body` column. */
export function revisionFromRow(body: unknown): Revision {
  return parseJsonColumn(RevisionSchema, body, 'revision');
}

/** A stored trajectory from its `body` column. */
export function trajectoryFromRow(body: unknown): Trajectory {
  return parseJsonColumn(TrajectorySchema, body, 'trajectory');
}
