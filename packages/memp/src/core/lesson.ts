import { z } from 'zod';
import type { Memory } from './memory.js';

/** Most entries of each list a lesson keeps (reached, refused, tried, found, contrast): a lesson stays small. */
export const MAX_LESSON_ENTRIES = 8;
/** Most characters of one lesson entry. */
export const MAX_LESSON_ENTRY_CHARS = 160;

const Entry = z.string().min(1).max(MAX_LESSON_ENTRY_CHARS);
const Entries = z.array(Entry).max(MAX_LESSON_ENTRIES);

/**
 * What one episode showed to be true, as data (a `lesson` memory's `meta.lesson`). Every entry is an action or a
 * name in the abstract form of the environment's grammar (`take the apple from the countertop`):
 * - `reached`: state-changing actions the environment accepted, in order (sub-goals reached; undone pairs left out);
 * - `refused`: actions the environment refused although their object was in hand (or that have no object) — they
 *   do not work that way;
 * - `tried`: actions refused before their object was in hand: what the agent attempted, not shown wrong or right;
 * - `found`: `thing @ place` — where things were taken from or seen;
 * - `contrast`: for a failure whose task family also has a success, the actions the success did that the failure
 *   never reached, in the success's order.
 */
export const LessonSchema = z.strictObject({
  outcome: z.enum(['failed', 'succeeded']),
  reached: Entries,
  refused: Entries,
  tried: Entries,
  found: Entries,
  contrast: Entries.optional(),
});
/** What one episode showed to be true. */
export type Lesson = z.infer<typeof LessonSchema>;

/** The lesson a memory holds (`kind: 'lesson'` with a valid `meta.lesson`), else undefined. Never throws. */
export function readLesson(memory: Pick<Memory, 'kind' | 'meta'>): Lesson | undefined {
  if (memory.kind !== 'lesson') return undefined;
  const parsed = LessonSchema.safeParse(memory.meta?.['lesson']);
  return parsed.success ? parsed.data : undefined;
}

/**
 * A lesson as the text a prompt shows (a lesson memory's `script`): one line per kind of fact, most telling first
 * (what a success did, what was reached, refused, tried, found), headed so a reader cannot take it for a procedure.
 * Empty sections are left out; `render` caps the text, so the last sections are the first to go.
 */
export function lessonText(lesson: Lesson): string {
  const lines = [
    lesson.outcome === 'failed'
      ? 'FAILED attempt; facts it showed, not a procedure:'
      : 'Succeeded attempt; facts it showed:',
  ];
  const section = (title: string, entries: readonly string[] | undefined) => {
    if (entries === undefined || entries.length === 0) return;
    lines.push(`${title}: ${entries.map((e) => `"${e}"`).join('; ')}`);
  };
  section('A success also did, in order', lesson.contrast);
  section('Reached, in order', lesson.reached);
  section('Refused', lesson.refused);
  section('Tried before holding the object (unconfirmed)', lesson.tried);
  section('Found', lesson.found);
  return lines.join('\n');
}
