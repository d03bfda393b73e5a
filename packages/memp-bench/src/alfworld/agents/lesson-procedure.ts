import { type Memory, readLesson } from 'memp';
import { opTypes, parseProcedureActions, type Place, type Procedure, type ProcedureOp } from './memory-procedure.js';
import { typeOfName } from './alfworld-observation.js';

/**
 * Reads a `lesson` memory (what a past attempt showed to be true) as a partial procedure, using only the lesson's
 * own entries and the action grammar — no knowledge of any task type:
 * - the ops are what a success of the same family did (`contrast`) when the lesson has it, else the sub-goals the
 *   attempt reached, then the actions it attempted before holding their object (`tried`: where it meant to
 *   heat, clean, cool or use — unconfirmed, so tried after the rest), each kind of op once;
 * - only ops on a thing the lesson's task names are kept (a failed attempt's detours are left out);
 * - an op that needs an object in hand is preceded by taking it, from where the lesson found one (`found`);
 * - refused actions become cautions (tried last); the procedure is always `failedBefore` (a lesson is not a
 *   full procedure).
 * Returns undefined for any other memory, or a lesson that yields no op.
 */
export function lessonProcedure(memory: Pick<Memory, 'kind' | 'meta' | 'task'>): Procedure | undefined {
  const lesson = readLesson(memory);
  if (lesson === undefined) return undefined;
  const found = foundPlaces(lesson.found);
  const steps = lesson.contrast !== undefined && lesson.contrast.length > 0 ? lesson.contrast : lesson.reached;
  // A failed attempt wanders: only what it did to the things its task names is kept.
  const named = new Set(memory.task.toLowerCase().match(/[a-z][a-z-]*/g) ?? []);
  const ops = dedupe([...parseProcedureActions(steps), ...parseProcedureActions(lesson.tried)]).filter((op) =>
    named.has(op.object),
  );
  const withTakes: ProcedureOp[] = [];
  for (const op of ops) {
    const needsHeld = op.kind === 'apply' || op.kind === 'put';
    const held = withTakes.some((o) => o.kind === 'take' && o.object === op.object);
    if (needsHeld && !held) {
      const from = found.get(op.object);
      withTakes.push(
        from === undefined ? { kind: 'take', object: op.object } : { kind: 'take', object: op.object, from },
      );
    }
    if (op.kind === 'take' && op.from === undefined && found.has(op.object))
      withTakes.push({ ...op, from: found.get(op.object) as Place });
    else withTakes.push(op);
  }
  if (withTakes.length === 0) return undefined;
  return {
    source: 'script',
    ops: withTakes,
    types: opTypes(withTakes),
    cautions: lesson.refused.map((r) => r.toLowerCase()),
    failedBefore: true,
  };
}

/** The places of every `thing @ place` entry that a lesson found things at, by the thing's type. */
export function lessonPlaces(memory: Pick<Memory, 'kind' | 'meta'>): Array<{ object: string; place: Place }> {
  const lesson = readLesson(memory);
  if (lesson === undefined) return [];
  return [...foundPlaces(lesson.found).entries()].map(([object, place]) => ({ object, place }));
}

/** `the apple @ the countertop` → apple → { type: countertop }, the first place per type. */
function foundPlaces(entries: readonly string[]): Map<string, Place> {
  const places = new Map<string, Place>();
  for (const entry of entries) {
    const m = /^(?:the\s+)?(.+?)\s+@\s+(?:the\s+)?(.+)$/.exec(entry.trim().toLowerCase());
    if (!m) continue;
    const object = typeOfName(m[1] as string);
    if (!places.has(object)) places.set(object, { type: typeOfName(m[2] as string) });
  }
  return places;
}

/** Each op once (by kind, object and place type), first occurrence kept. */
function dedupe(ops: readonly ProcedureOp[]): ProcedureOp[] {
  const seen = new Set<string>();
  return ops.filter((op) => {
    const key = JSON.stringify({ ...op, ...('from' in op && op.from ? { from: op.from.type } : {}) });
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
