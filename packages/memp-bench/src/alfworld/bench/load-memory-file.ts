import { readFileSync } from 'node:fs';
import { MempError } from 'memp';
import { TrajectoryInputSchema } from 'memp';
import type { Memp } from 'memp';
import { ExportHeaderSchema } from 'memp';

/** What loading a memory file added. */
export interface LoadMemoryFileResult {
  /** `export` for a memp export file (imported as is), `trajectories` for trajectory JSONL (learned). */
  kind: 'export' | 'trajectories';
  /** Trajectories learned, or trajectories carried by the export. */
  trajectories: number;
  /** Memories now active in the namespace. */
  memories: number;
}

/**
 * Fills a run's memory from a file: a memp export file (first line `{"format":"memp-export",…}`) is imported
 * (re-embedded if its embedder differs); anything else is read as trajectory JSONL (or a JSON array) and learned
 * with the engine's build and update policies in one atomic batch. Throws `INVALID_ARGUMENT` naming the file and
 * line for unreadable or invalid content.
 */
export async function loadMemoryFile(options: {
  memp: Memp;
  file: string;
  namespace?: string;
}): Promise<LoadMemoryFileResult> {
  const { memp, file } = options;
  const ns = options.namespace === undefined ? {} : { namespace: options.namespace };
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new MempError('INVALID_ARGUMENT', `cannot read memory file ${file}: ${(error as Error).message}`, {
      cause: error,
      details: { file },
    });
  }
  const lines = text.split(/\r?\n/);
  const firstIndex = lines.findIndex((l) => l.trim() !== '');
  if (firstIndex < 0) throw new MempError('INVALID_ARGUMENT', `memory file ${file} is empty`, { details: { file } });
  const first = parseJson(lines[firstIndex] as string);
  if (first.ok && ExportHeaderSchema.safeParse(first.value).success) {
    const result = await memp.importFrom({ lines, source: file, onConflict: 'skip', ...ns });
    return { kind: 'export', trajectories: result.trajectories, memories: (await memp.stats(ns)).active };
  }
  const whole = parseJson(text);
  const records: Array<{ value: unknown; where: string }> = [];
  if (whole.ok) {
    const values = Array.isArray(whole.value) ? whole.value : [whole.value];
    values.forEach((value, i) => {
      records.push({ value, where: `${file} item ${i + 1}` });
    });
  } else {
    lines.forEach((line, i) => {
      if (line.trim() === '') return;
      const parsed = parseJson(line);
      if (!parsed.ok)
        throw new MempError('INVALID_ARGUMENT', `${file} line ${i + 1}: not valid JSON`, {
          details: { file, line: i + 1 },
        });
      records.push({ value: parsed.value, where: `${file} line ${i + 1}` });
    });
  }
  for (const record of records) {
    const checked = TrajectoryInputSchema.safeParse(record.value);
    if (!checked.success) {
      const issue = checked.error.issues[0];
      throw new MempError(
        'INVALID_ARGUMENT',
        `${record.where}: not a trajectory or memp export: ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`.trim(),
        {
          details: { file },
        },
      );
    }
  }
  await memp.learnBatch({ items: records.map((r) => ({ trajectory: r.value, where: r.where })), ...ns });
  return { kind: 'trajectories', trajectories: records.length, memories: (await memp.stats(ns)).active };
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}
