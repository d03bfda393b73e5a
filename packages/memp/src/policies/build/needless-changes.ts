import type { Step } from '../../core/step.js';
import type { ActionGrammar } from '../../ports/action-grammar.js';
import { directObject, undonePairs } from './relevant-steps.js';

/** Lower-case words of a sentence. */
function words(text: string): Set<string> {
  return new Set(
    text
      .toLowerCase()
      .split(/[^a-z0-9]+/)
      .filter((w) => w.length > 0),
  );
}

/** The first word of an action: its verb (`heat egg 1 with microwave 1` → `heat`). */
function verbOf(action: string): string {
  return action.trim().split(/\s+/)[0]?.toLowerCase() ?? '';
}

/**
 * Drops changes made to the goal's objects that the final, successful state change did not depend on — read
 * from the trajectory itself, with no list of task types:
 * - the goal's objects are those the last action put into its receptacle (and that stayed there), or, when the
 *   last action is not a put, the thing it acts on and the thing held while doing it;
 * - a *change* of such an object is any accepted action on it other than taking or putting it
 *   (`cool tomato 1 with fridge 1`);
 * - when the task sentence names the verb of some of these changes (`heat some tomato …`), the changes with verbs
 *   the task does not name (`cool …`, `clean …` before the heating) are dropped: the goal asked for the others;
 * - when the object was put to the test before its final put — put where the goal wants it, not enough, taken
 *   back (see {@link undonePairs}) — and changed again afterwards, the changes before that last test are dropped:
 *   the test showed the state they produced was not what the goal needed, and success came after the later change.
 * Expects accepted steps (failed actions and inspections removed). Needs the grammar's `take`, `put` and
 * `directObject`; returns `steps` unchanged without.
 */
export function dropNeedlessChanges(
  steps: readonly Step[],
  grammar: ActionGrammar,
  options: { task?: string } = {},
): Step[] {
  const { take, put } = grammar;
  if (take === undefined || put === undefined || grammar.directObject === undefined) return [...steps];
  const object = (i: number) => directObject((steps[i] as Step).action, grammar)?.toLowerCase();
  let last = -1;
  for (let i = steps.length - 1; i >= 0 && last < 0; i--) if (object(i) !== undefined) last = i;
  if (last < 0) return [...steps];

  const placedIn = new Map<string, string>();
  const lastPut = new Map<string, number>();
  let held: string | undefined;
  let heldAtLast: string | undefined;
  steps.forEach((step, i) => {
    if (i === last) heldAtLast = held;
    const a = step.action.trim();
    const t = take.exec(a);
    const p = t === null ? put.exec(a) : null;
    if (t !== null) {
      held = (t[1] as string).toLowerCase();
      placedIn.delete(held);
    } else if (p !== null) {
      const o = (p[1] as string).toLowerCase();
      placedIn.set(o, (p[2] as string).toLowerCase());
      lastPut.set(o, i);
      held = undefined;
    }
  });
  const finalPut = put.exec((steps[last] as Step).action.trim());
  const goals = new Map<string, number>();
  if (finalPut !== null) {
    const target = (finalPut[2] as string).toLowerCase();
    for (const [o, r] of placedIn) if (r === target) goals.set(o, lastPut.get(o) as number);
  } else {
    goals.set(object(last) as string, last);
    if (heldAtLast !== undefined) goals.set(heldAtLast, last);
  }

  const taskWords = words(options.task ?? '');
  const pairs = undonePairs(steps, grammar);
  const changesOf = new Map<string, number[]>();
  for (const [goal, end] of goals) {
    const changes: number[] = [];
    for (let i = 0; i < end; i++) {
      const a = (steps[i] as Step).action.trim();
      if (object(i) === goal && !take.test(a) && !put.test(a)) changes.push(i);
    }
    changesOf.set(goal, changes);
  }
  const verb = (i: number) => verbOf((steps[i] as Step).action);
  const asked = new Set(
    [...changesOf.values()]
      .flat()
      .map(verb)
      .filter((v) => taskWords.has(v)),
  );
  const drop = new Set<number>();
  for (const [goal, end] of goals) {
    let changes = changesOf.get(goal) ?? [];
    if (asked.size > 0) {
      for (const i of changes) if (!asked.has(verb(i))) drop.add(i);
      changes = changes.filter((i) => asked.has(verb(i)));
    }
    const tests = pairs
      .map(([p]) => p)
      .filter((p) => p < end && object(p) === goal && put.test((steps[p] as Step).action.trim()));
    const lastTest = Math.max(-1, ...tests);
    if (lastTest >= 0 && changes.some((i) => i > lastTest)) for (const i of changes) if (i < lastTest) drop.add(i);
  }
  return steps.filter((_, i) => !drop.has(i));
}
