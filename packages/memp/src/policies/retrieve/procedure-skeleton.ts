import type { Memory } from '../../core/memory.js';
import { tokenize } from '../../core/text/tokenize.js';

/** Most actions of a procedure {@link procedureSkeleton} reads. */
const MAX_SKELETON_ACTIONS = 200;
const LIST_MARKER = /^\s*(?:[-*•]|\d+[.)])\s*/;

/**
 * The shape of a memory's procedure: the first word of each action (its verb or tool name), in order, a word
 * repeated by the next action kept once (`go to desk 1`, `go to shelf 2`, `take pen 1 from shelf 2` → `go take`).
 * Objects, places and numbers drop out, so two tasks solved the same way on different things share a skeleton. The
 * steps' actions when the memory has steps, else the script's lines (list markers removed). Empty when the memory
 * holds no procedure.
 */
export function procedureSkeleton(memory: Pick<Memory, 'steps' | 'script'>): string {
  const actions =
    memory.steps !== undefined && memory.steps.length > 0
      ? memory.steps.map((s) => s.action)
      : (memory.script ?? '').split('\n').map((line) => line.replace(LIST_MARKER, ''));
  const verbs: string[] = [];
  for (const action of actions.slice(0, MAX_SKELETON_ACTIONS)) {
    const verb = tokenize(action).find((t) => !/^\p{N}+$/u.test(t));
    if (verb !== undefined && verbs[verbs.length - 1] !== verb) verbs.push(verb);
  }
  return verbs.join(' ');
}
