import type { Step } from '../../core/step.js';
import type { ActionGrammar } from '../../ports/action-grammar.js';
import { actionKey } from './parse-tool-call.js';

/**
 * Drops repeated identical calls: a step whose action (compared by {@link actionKey}, so tool calls with the same
 * arguments in another key order are the same) and observation both equal an earlier step's did nothing the
 * earlier one had not done, and is dropped — the first is kept, except that the last step (the one that reached
 * the goal) is always kept and its earlier twins are dropped instead. A repeat that got a different answer is
 * kept (the state changed in between). Navigation, opening, closing, taking and putting are left alone: moving
 * back to a place or taking an object again is a step of its own.
 */
export function dropRepeatedActions(steps: readonly Step[], grammar: ActionGrammar): Step[] {
  const structural = (action: string) => {
    const a = action.trim();
    return (
      grammar.navigation.test(a) ||
      grammar.open.test(a) ||
      grammar.close.test(a) ||
      grammar.take?.test(a) === true ||
      grammar.put?.test(a) === true
    );
  };
  const keyOf = (step: Step) => `${actionKey(step.action)}\u0000${(step.observation ?? '').trim()}`;
  const lastStep = steps[steps.length - 1];
  const lastKey = lastStep === undefined || structural(lastStep.action) ? undefined : keyOf(lastStep);
  const seen = new Set<string>();
  return steps.filter((step, i) => {
    if (structural(step.action)) return true;
    const key = keyOf(step);
    if (key === lastKey) return i === steps.length - 1;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
