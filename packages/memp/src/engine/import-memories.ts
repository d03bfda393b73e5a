import type { z } from 'zod';
import { MempError } from '../core/errors.js';
import type { Clock } from '../core/clock.js';
import { DEFAULT_INPUT_LIMITS, type InputLimits } from '../core/input-limits.js';
import type { Memory } from '../core/memory.js';
import type { Trajectory } from '../core/trajectory.js';
import type { Embedder } from '../ports/embedder.js';
import type { MemoryCreate, MemoryStore, MemoryVectors } from '../ports/memory-store.js';
import { type ExportHeader, ExportHeaderSchema, ExportLineSchema, type ExportMemoryLine } from './export-format.js';
import { describeZodIssue } from './normalize-trajectory.js';
import { embedMemoryTexts } from './embed-memory-texts.js';
import { checkExportLineLimits } from './check-export-line-limits.js';
import { verifiedVectors } from './verify-imported-vectors.js';

/** What an import did. */
export interface ImportResult {
  imported: number;
  skipped: number;
  trajectories: number;
  /** True when vectors were recomputed with the target's embedder. */
  reembedded: boolean;
  /** Embedder of the file's vectors, if it had any. */
  sourceEmbedder?: string;
}

/**
 * Imports an export file into `namespace`, atomically: every line is validated first (an error names the
 * line and the field, and nothing is written), then all memories, revisions and trajectories are written in
 * one change. A file holding fewer (or more) memories or trajectories than its header announces is refused
 * (it was truncated). Every line is held to `limits` (`PAYLOAD_TOO_LARGE` naming the line, field and limit).
 * Vectors are always computed from the text with `embedder`; when the file's embedder is `embedder`, the file's
 * vectors are checked against them first and a line whose vectors point elsewhere (or are zero, or not finite) fails
 * the import ({@link verifiedVectors}); a file of another embedder, or without vectors, is re-embedded.
 * Imported usage counters are untrusted history: they are kept in `provenance.imported` and the memory's
 * `stats` start at zero. Ids that already exist fail the import with `CONFLICT` unless `onConflict` is `skip`.
 */
export async function importMemories(options: {
  store: MemoryStore;
  embedder: Embedder;
  namespace: string;
  lines: Iterable<string> | AsyncIterable<string>;
  clock: Clock;
  onConflict?: 'error' | 'skip';
  /** Name used in error messages, e.g. the file path. */
  source?: string;
  /** Size limits of every memory, revision and trajectory. Default {@link DEFAULT_INPUT_LIMITS}. */
  limits?: InputLimits;
}): Promise<ImportResult> {
  const source = options.source ?? 'import';
  const limits = options.limits ?? DEFAULT_INPUT_LIMITS;
  const { header, memories, trajectories } = await parseExport(options.lines, source, limits);
  const { store, embedder, namespace } = options;

  const existing = new Set((await store.get({ namespace, ids: memories.map((l) => l.memory.id) })).map((m) => m.id));
  if (existing.size > 0 && options.onConflict !== 'skip') {
    throw new MempError('CONFLICT', `${source}: ${existing.size} memories already exist in "${namespace}"`, {
      details: { ids: [...existing].slice(0, 20) },
    });
  }
  const fresh = memories.filter((l) => !existing.has(l.memory.id));
  const reuse = header.space?.embedder === embedder.id && header.space.dimension === embedder.dimension;
  const reembedded = fresh.length > 0 && (!reuse || fresh.some((l) => !l.vectors));
  const computed = await embedMemoryTexts(
    embedder,
    fresh.map((l) => l.memory),
  );
  const vectors = reembedded ? computed : fresh.map((l, i) => verifiedVectors(l, computed[i] as MemoryVectors, source));
  const at = options.clock.now();

  const creates: MemoryCreate[] = fresh.map((line, i) => {
    const memory: Memory = {
      ...line.memory,
      namespace,
      stats: { retrieved: 0, succeeded: 0, failed: 0 },
      provenance: {
        ...line.memory.provenance,
        embedder: embedder.id,
        imported: { stats: { ...line.memory.stats }, at },
      },
    };
    return { memory, vectors: vectors[i] as MemoryVectors, revisions: line.revisions };
  });
  const newTrajectories: Trajectory[] = [];
  for (const t of trajectories) {
    if (!(await store.trajectory({ namespace, id: t.id }))) newTrajectories.push({ ...t, namespace });
  }
  await store.apply({
    namespace,
    at,
    space: { embedder: embedder.id, dimension: embedder.dimension },
    create: creates,
    trajectories: newTrajectories,
  });
  return {
    imported: creates.length,
    skipped: memories.length - fresh.length,
    trajectories: newTrajectories.length,
    reembedded,
    ...(header.space ? { sourceEmbedder: header.space.embedder } : {}),
  };
}

function parseLine<T>(schema: z.ZodType<T>, value: unknown, where: string, line: number): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const { field, message } = describeZodIssue(parsed.error);
  throw new MempError('INVALID_ARGUMENT', `${where}: field "${field}": ${message}`, { details: { line, field } });
}

/** A memory line and where it was. */
type NumberedMemoryLine = ExportMemoryLine & { lineNumber: number };

async function parseExport(lines: Iterable<string> | AsyncIterable<string>, source: string, limits: InputLimits) {
  let header: ExportHeader | undefined;
  const memories: NumberedMemoryLine[] = [];
  const trajectories: Trajectory[] = [];
  let lineNumber = 0;
  for await (const raw of lines) {
    lineNumber += 1;
    // A UTF-8 byte order mark (written by some editors) is not part of the JSON text.
    const text = lineNumber === 1 && typeof raw === 'string' ? raw.replace(/^\uFEFF/, '') : raw;
    if (typeof text !== 'string') {
      throw new MempError('INVALID_ARGUMENT', `${source} line ${lineNumber}: not a string`, {
        details: { line: lineNumber },
      });
    }
    if (text.trim() === '') continue;
    const where = `${source} line ${lineNumber}`;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw new MempError('INVALID_ARGUMENT', `${where}: not valid JSON`, { details: { line: lineNumber } });
    }
    if (header === undefined) {
      header = parseLine(ExportHeaderSchema, value, where, lineNumber);
      continue;
    }
    const line = parseLine(ExportLineSchema, value, where, lineNumber);
    checkExportLineLimits({ line, limits, where, lineNumber });
    if (line.type === 'memory') memories.push({ ...line, lineNumber });
    else trajectories.push(line.trajectory);
  }
  if (!header) throw new MempError('INVALID_ARGUMENT', `${source}: empty file, expected a memp-export header line`);
  if (memories.length !== header.memories || trajectories.length !== header.trajectories) {
    const early = memories.length < header.memories || trajectories.length < header.trajectories;
    throw new MempError(
      'INVALID_ARGUMENT',
      `${source}: the header announces ${header.memories} memories and ${header.trajectories} trajectories, the file holds ` +
        `${memories.length} and ${trajectories.length}${early ? ' (it ends early: truncated?)' : ''}; nothing was imported`,
      {
        details: {
          expected: { memories: header.memories, trajectories: header.trajectories },
          found: { memories: memories.length, trajectories: trajectories.length },
        },
      },
    );
  }
  return { header, memories, trajectories };
}
