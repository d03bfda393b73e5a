import { existsSync, readFileSync, statSync } from 'node:fs';
import { MempError } from 'memp';
import { ExportHeaderSchema, TrajectoryInputSchema, type TrajectoryInput } from 'memp';

/**
 * A memory source of a sweep, as `--memory-from` names it:
 * - `own:SPLIT`: the agent's own memory, learned online while it played SPLIT (memory starts empty);
 * - `FILE#FIELD=VALUE`: the trajectories of a trajectory file whose FIELD (dotted path, e.g. `model` or
 *   `meta.level`) equals VALUE;
 * - anything else: a file as is, or a split (or directory of games) whose expert replays make the memory.
 */
export type MemorySourceSpec =
  | { kind: 'own'; text: string; split: string }
  | { kind: 'filtered-file'; text: string; file: string; field: string; value: string }
  | { kind: 'file'; text: string; file: string }
  | { kind: 'split'; text: string; split: string };

/**
 * A short name of a source for tables and charts: `own:SPLIT`, the split, a file's base name, or the filter of a
 * filtered file (`model=google/gemma-2-9b`).
 */
export function memorySourceName(spec: MemorySourceSpec): string {
  if (spec.kind === 'filtered-file') return `${spec.field}=${spec.value}`;
  if (spec.kind === 'file') return spec.file.replace(/^.*[\\/]/, '');
  return spec.text;
}

/** Reads one `--memory-from` item; `INVALID_ARGUMENT` (field `--memory-from`) for an empty item or a missing file. */
export function parseMemorySourceSpec(text: string): MemorySourceSpec {
  const spec = text.trim();
  if (spec === '')
    throw new MempError('INVALID_ARGUMENT', '--memory-from has an empty item', { details: { field: '--memory-from' } });
  if (spec.startsWith('own:')) {
    const split = spec.slice('own:'.length).trim();
    if (split === '')
      throw new MempError('INVALID_ARGUMENT', '--memory-from own:SPLIT needs a split (e.g. own:train)', {
        details: { field: '--memory-from' },
      });
    return { kind: 'own', text: spec, split };
  }
  const hash = spec.lastIndexOf('#');
  if (hash > 0 && !isFile(spec)) {
    const file = spec.slice(0, hash);
    const filter = spec.slice(hash + 1);
    const eq = filter.indexOf('=');
    if (eq <= 0)
      throw new MempError('INVALID_ARGUMENT', `--memory-from ${spec}: the filter after # must be FIELD=VALUE`, {
        details: { field: '--memory-from' },
      });
    if (!isFile(file))
      throw new MempError('INVALID_ARGUMENT', `--memory-from ${spec}: ${file} is not a file`, {
        details: { field: '--memory-from', file },
      });
    return { kind: 'filtered-file', text: spec, file, field: filter.slice(0, eq), value: filter.slice(eq + 1) };
  }
  if (isFile(spec)) return { kind: 'file', text: spec, file: spec };
  return { kind: 'split', text: spec, split: spec };
}

/** The comma-separated sources of `--memory-from A,B,…`. */
export function parseMemorySourceList(value: string): MemorySourceSpec[] {
  return value.split(',').map(parseMemorySourceSpec);
}

/**
 * The trajectories of a trajectory file (JSONL or a JSON array), keeping those whose `field` equals `value` when a
 * filter is given. `INVALID_ARGUMENT` naming the file and line for a record that is not a trajectory, for a memp
 * export (its memories are not trajectories to sample or filter) and for a filter that keeps nothing.
 */
export function readTrajectoryFile(options: { file: string; field?: string; value?: string }): TrajectoryInput[] {
  const { file } = options;
  const text = readFileSync(file, 'utf8');
  const records = parseRecords(text, file);
  const first = records[0];
  if (first && ExportHeaderSchema.safeParse(first.value).success)
    throw new MempError(
      'INVALID_ARGUMENT',
      `${file} is a memp export: a sweep can filter or sample trajectory files only (load the export whole instead)`,
      { details: { file } },
    );
  const trajectories = records.map(({ value, where }) => {
    const checked = TrajectoryInputSchema.safeParse(value);
    if (!checked.success) {
      const issue = checked.error.issues[0];
      throw new MempError(
        'INVALID_ARGUMENT',
        `${where}: not a trajectory: ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`.trim(),
        { details: { file } },
      );
    }
    return value as TrajectoryInput;
  });
  if (options.field === undefined) return trajectories;
  const field = options.field;
  const kept = trajectories.filter((t) => String(fieldOf(t, field) ?? '') === options.value);
  if (kept.length === 0)
    throw new MempError(
      'INVALID_ARGUMENT',
      `${file}: no trajectory has ${field}=${options.value ?? ''} (values seen: ${distinctValues(trajectories, field)})`,
      { details: { file, field } },
    );
  return kept;
}

/** The value at a dotted path of a trajectory (`model`, `meta.taskType`), or undefined. */
export function fieldOf(trajectory: TrajectoryInput, path: string): unknown {
  let at: unknown = trajectory;
  for (const key of path.split('.')) {
    if (at === null || typeof at !== 'object') return undefined;
    at = (at as Record<string, unknown>)[key];
  }
  return at;
}

/** Share of trajectories whose outcome is a success (0..1), or undefined for none. */
export function trajectorySuccessRate(trajectories: readonly TrajectoryInput[]): number | undefined {
  if (trajectories.length === 0) return undefined;
  return trajectories.filter((t) => t.outcome?.success === true).length / trajectories.length;
}

function distinctValues(trajectories: readonly TrajectoryInput[], field: string): string {
  const values = [...new Set(trajectories.map((t) => String(fieldOf(t, field) ?? '')))].slice(0, 8);
  return values.length === 0 ? 'none' : values.join(', ');
}

function parseRecords(text: string, file: string): Array<{ value: unknown; where: string }> {
  const trimmed = text.trim();
  if (trimmed === '') throw new MempError('INVALID_ARGUMENT', `memory file ${file} is empty`, { details: { file } });
  if (trimmed.startsWith('[')) {
    try {
      const array = JSON.parse(trimmed) as unknown[];
      return array.map((value, i) => ({ value, where: `${file} item ${i + 1}` }));
    } catch {
      // not one JSON array: read it as JSONL below
    }
  }
  const records: Array<{ value: unknown; where: string }> = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === '') return;
    try {
      records.push({ value: JSON.parse(line) as unknown, where: `${file} line ${i + 1}` });
    } catch {
      throw new MempError('INVALID_ARGUMENT', `${file} line ${i + 1}: not valid JSON`, {
        details: { file, line: i + 1 },
      });
    }
  });
  return records;
}

function isFile(path: string): boolean {
  return existsSync(path) && statSync(path).isFile();
}
