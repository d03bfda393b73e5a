import { readFileSync } from 'node:fs';
import { MempError } from '../core/errors.js';

/** One trajectory record read from a file, with where it came from. */
export interface TrajectoryRecord {
  value: unknown;
  /** `FILE line N` or `FILE`, for error messages. */
  where: string;
}

/**
 * Reads trajectories from a file: one JSON object, a JSON array of objects, or JSONL (one object per line,
 * blank lines ignored). A line that is not JSON fails with `INVALID_ARGUMENT` naming the file and line.
 */
export function readTrajectoryFile(path: string): TrajectoryRecord[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new MempError('INVALID_ARGUMENT', `cannot read ${path}: ${(error as Error).message}`, { details: { file: path } });
  }
  const whole = tryParse(text);
  if (whole.ok) {
    if (Array.isArray(whole.value)) return whole.value.map((value, i) => ({ value, where: `${path} item ${i + 1}` }));
    return [{ value: whole.value, where: path }];
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
  if (records.length === 0) throw new MempError('INVALID_ARGUMENT', `${path}: no trajectories in file`, { details: { file: path } });
  return records;
}

function tryParse(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}
