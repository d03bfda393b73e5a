import { readFileSync, statSync } from 'node:fs';
import { MempError } from '../core/errors.js';

/** One trajectory record read from a file, with where it came from. */
export interface TrajectoryRecord {
  value: unknown;
  /** `FILE line N` or `FILE`, for error messages. */
  where: string;
}

/** Largest trajectory file `memp learn` reads (256 MiB). */
export const MAX_TRAJECTORY_FILE_BYTES = 256 * 1024 * 1024;

/**
 * Reads trajectories from a regular file (a UTF-8 BOM is ignored): one JSON object, a JSON array of objects, or
 * JSONL (one object per line, blank lines ignored). A line that is not JSON fails with `INVALID_ARGUMENT` naming
 * the file and line; a device, FIFO or directory, and a file with no trajectory (empty, blank or `[]`), are
 * `INVALID_ARGUMENT`; a file over `maxBytes` (default {@link MAX_TRAJECTORY_FILE_BYTES}) is `PAYLOAD_TOO_LARGE`.
 */
export function readTrajectoryFile(path: string, options: { maxBytes?: number } = {}): TrajectoryRecord[] {
  const maxBytes = options.maxBytes ?? MAX_TRAJECTORY_FILE_BYTES;
  let text: string;
  try {
    // Only regular files: a device (`/dev/zero`), a FIFO or a directory would hang or fail obscurely.
    const stat = statSync(path);
    if (!stat.isFile()) {
      throw new MempError('INVALID_ARGUMENT', `${path} is not a regular file`, { details: { file: path } });
    }
    if (stat.size > maxBytes) {
      throw new MempError('PAYLOAD_TOO_LARGE', `${path} is ${stat.size} bytes, more than the ${maxBytes}-byte limit`, {
        details: { file: path, size: stat.size, max: maxBytes },
      });
    }
    text = readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
  } catch (error) {
    if (error instanceof MempError) throw error;
    throw new MempError('INVALID_ARGUMENT', `cannot read ${path}: ${(error as Error).message}`, {
      details: { file: path },
    });
  }
  const whole = tryParse(text);
  if (whole.ok) {
    if (!Array.isArray(whole.value)) return [{ value: whole.value, where: path }];
    if (whole.value.length === 0) throw noTrajectories(path);
    return whole.value.map((value, i) => ({ value, where: `${path} item ${i + 1}` }));
  }
  const records: TrajectoryRecord[] = [];
  text.split(/\r?\n/).forEach((line, index) => {
    if (line.trim() === '') return;
    const parsed = tryParse(line);
    if (!parsed.ok) {
      throw new MempError('INVALID_ARGUMENT', `${path} line ${index + 1}: not valid JSON`, {
        details: { file: path, line: index + 1 },
      });
    }
    records.push({ value: parsed.value, where: `${path} line ${index + 1}` });
  });
  if (records.length === 0) throw noTrajectories(path);
  return records;
}

/** An empty file, or one holding an empty JSON array: nothing to learn is a mistake, not a success. */
function noTrajectories(path: string): MempError {
  return new MempError('INVALID_ARGUMENT', `no trajectories in ${path}`, { details: { file: path } });
}

function tryParse(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}
