import type { Step } from '../../core/step.js';
import type { ActionGrammar } from '../../ports/action-grammar.js';

/** The type of an instance name: `apple 1` → `apple`. */
function typeOf(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/\s+\d+$/, '');
}

/**
 * The direct object of a state-changing action under `grammar` (`clean apple 1 with sinkbasin 1` → `apple 1`,
 * `take apple 1 from countertop 2` → `apple 1`), or undefined (navigation, opening, closing, inspection, or a
 * grammar without these patterns).
 */
export function directObject(action: string, grammar: ActionGrammar): string | undefined {
  const a = action.trim();
  if (grammar.navigation.test(a) || grammar.open.test(a) || grammar.close.test(a) || grammar.inspection.test(a))
    return undefined;
  const take = grammar.take?.exec(a);
  if (take) return take[1];
  const put = grammar.put?.exec(a);
  if (put) return put[1];
  return grammar.directObject?.exec(a)?.[1];
}

/**
 * Pairs of steps that undo each other: a put of an object followed, with nothing else done to it in between, by
 * taking it back from the same receptacle (a put that was not enough), or a take followed by putting it back
 * where it was. Indices into `steps`, in order of the first step. Needs the grammar's `take` and `put`.
 */
export function undonePairs(steps: readonly Step[], grammar: ActionGrammar): Array<[number, number]> {
  if (grammar.take === undefined || grammar.put === undefined) return [];
  const { take, put } = grammar;
  const used = new Set<number>();
  const pairs: Array<[number, number]> = [];
  for (let i = 0; i < steps.length; i++) {
    if (used.has(i)) continue;
    const a = (steps[i] as Step).action.trim();
    const first = put.exec(a) ?? take.exec(a);
    if (first === null) continue;
    const isPut = put.test(a);
    const object = (first[1] as string).toLowerCase();
    const receptacle = (first[2] as string).toLowerCase();
    for (let j = i + 1; j < steps.length; j++) {
      if (used.has(j)) continue;
      const b = (steps[j] as Step).action.trim();
      if (directObject(b, grammar)?.toLowerCase() !== object) continue;
      const undo = (isPut ? take : put).exec(b);
      if (undo !== null && (undo[2] as string).toLowerCase() === receptacle) {
        used.add(i);
        used.add(j);
        pairs.push([i, j]);
      }
      break;
    }
  }
  return pairs;
}

/** `steps` without the pairs that undo each other ({@link undonePairs}): together they change nothing. */
export function cancelUndoneSteps(steps: readonly Step[], grammar: ActionGrammar): Step[] {
  const dropped = new Set(undonePairs(steps, grammar).flat());
  return steps.filter((_, i) => !dropped.has(i));
}

/**
 * Keeps the steps connected to the last action of the trajectory (the one that reached the goal, for a success).
 * Relevant types start as the thing the last action acts on and the thing held then. Walking backwards:
 * - a take or put is kept when its object has a relevant type;
 * - an action on a thing of another type done while holding something (using the held object on it, e.g.
 *   slicing a bread with the knife the task is about) is a detour that changed state the goal does not depend
 *   on, and is dropped;
 * - any other action is kept, and what was held while doing it (its instrument) becomes relevant.
 * Navigation, opening and closing are kept here and left to the caller. Needs the grammar's `take`, `put` and
 * `directObject`; returns `steps` unchanged without.
 */
export function relevantSteps(steps: readonly Step[], grammar: ActionGrammar): Step[] {
  if (grammar.take === undefined || grammar.put === undefined || grammar.directObject === undefined) return [...steps];
  const { take, put } = grammar;
  const heldBefore: Array<string | undefined> = [];
  let held: string | undefined;
  for (const step of steps) {
    heldBefore.push(held);
    const a = step.action.trim();
    const t = take.exec(a);
    if (t) held = (t[1] as string).toLowerCase();
    else if (put.test(a)) held = undefined;
  }
  let last = -1;
  for (let i = steps.length - 1; i >= 0 && last < 0; i--)
    if (directObject((steps[i] as Step).action, grammar) !== undefined) last = i;
  if (last < 0) return [...steps];
  const relevant = new Set<string>([typeOf(directObject((steps[last] as Step).action, grammar) as string)]);
  const heldAtLast = heldBefore[last];
  if (heldAtLast !== undefined) relevant.add(typeOf(heldAtLast));
  const drop = new Set<number>();
  for (let i = last - 1; i >= 0; i--) {
    const action = (steps[i] as Step).action.trim();
    const object = directObject(action, grammar);
    if (object === undefined) continue;
    const type = typeOf(object);
    const before = heldBefore[i];
    if (take.test(action) || put.test(action)) {
      if (!relevant.has(type)) drop.add(i);
      continue;
    }
    if (before !== undefined && typeOf(before) !== type && !relevant.has(type)) {
      drop.add(i);
      continue;
    }
    if (before !== undefined) relevant.add(typeOf(before));
  }
  return steps.filter((_, i) => !drop.has(i));
}
