import type { Memory, MemoryContent, MemoryStatus } from '../../core/memory.js';
import { memoryContent } from '../../core/memory.js';
import type { Revision } from '../../core/revision.js';
import type { Step } from '../../core/step.js';
import { type DiffLine, lineDiff } from './line-diff.js';

/** The content fields a history entry compares. */
export type DiffField = 'task' | 'keywords' | 'kind' | 'script' | 'steps';

/** One change of a memory: the content before and after it, and a line diff of each field that changed. */
export interface MemoryChange {
  /** The version the change produced. */
  version: number;
  reason: Revision['reason'];
  note?: string;
  at: string;
  statusBefore: MemoryStatus;
  statusAfter: MemoryStatus;
  before: MemoryContent;
  after: MemoryContent;
  /** Only the fields whose text changed, in a fixed order (task, keywords, kind, script, steps). */
  diffs: Array<{ field: DiffField; lines: DiffLine[] }>;
}

/** One line per step: the thought (if any), the action and the observation (if any). */
export function stepLines(steps: readonly Step[] | undefined): string[] {
  return (steps ?? []).map(
    (s) => `${s.thought ? `(${s.thought}) ` : ''}${s.action}${s.observation ? ` → ${s.observation}` : ''}`,
  );
}

function fieldLines(content: MemoryContent, field: DiffField): string[] {
  switch (field) {
    case 'task':
      return [content.task];
    case 'keywords':
      return content.keywords.length ? [content.keywords.join(', ')] : [];
    case 'kind':
      return [content.kind];
    case 'script':
      return content.script === undefined ? [] : content.script.split('\n');
    case 'steps':
      return stepLines(content.steps);
  }
}

const FIELDS: DiffField[] = ['task', 'keywords', 'kind', 'script', 'steps'];

/**
 * A memory's history as changes, oldest first: revision `i` holds the content before version `v_i`; the content
 * after it is the next revision's `before`, or the memory itself for the last one.
 */
export function memoryHistory(memory: Memory, revisions: readonly Revision[]): MemoryChange[] {
  const sorted = [...revisions].sort((x, y) => x.version - y.version);
  return sorted.map((revision, index) => {
    const next = sorted[index + 1];
    const after = next ? next.before : memoryContent(memory);
    const statusAfter = next ? next.statusBefore : memory.status;
    const diffs: MemoryChange['diffs'] = [];
    for (const field of FIELDS) {
      const a = fieldLines(revision.before, field);
      const b = fieldLines(after, field);
      if (a.length !== b.length || a.some((line, i) => line !== b[i])) diffs.push({ field, lines: lineDiff(a, b) });
    }
    return {
      version: revision.version,
      reason: revision.reason,
      ...(revision.note === undefined ? {} : { note: revision.note }),
      at: revision.at,
      statusBefore: revision.statusBefore,
      statusAfter,
      before: revision.before,
      after,
      diffs,
    };
  });
}
