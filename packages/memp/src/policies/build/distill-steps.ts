import type { Step } from '../../core/step.js';
import { isFailedObservation } from './action-grammar.js';
import type { ActionGrammar } from '../../ports/action-grammar.js';
import { dropRepeatedActions } from './drop-repeated-actions.js';
import { dropNeedlessChanges } from './needless-changes.js';
import { cancelUndoneSteps, relevantSteps } from './relevant-steps.js';

/** Options of {@link distillSteps}. */
export interface DistillStepsOptions {
  /** The trajectory's task sentence: tells which changes of the goal's objects it asked for ({@link dropNeedlessChanges}). */
  task?: string;
}

/**
 * Keeps the effective steps of a trajectory, in order. Under any grammar:
 * - drops actions that failed (their observation matches the grammar's failure patterns; for the neutral grammar,
 *   an observation starting with `Error`) and inspection actions, which change nothing;
 * - drops repeated identical calls that got the same answer ({@link dropRepeatedActions}).
 * With a grammar that knows taking, putting and direct objects (ALFWorld's):
 * - drops changes of the goal's objects the final state change did not depend on ({@link dropNeedlessChanges});
 * - drops pairs of steps that undo each other and actions on things unconnected to the last action
 *   ({@link cancelUndoneSteps}, {@link relevantSteps}).
 * With a grammar that knows navigation, opening and closing:
 * - splits the rest into visits (a navigation and what followed it) and drops visits where nothing but
 *   opening/closing happened — detours that changed nothing the goal depends on;
 * - within a kept visit, keeps an `open X` only when something is then taken from X or put into X (for a grammar
 *   without take/put: when a later action of the visit mentions X), and drops `close`.
 */
export function distillSteps(
  steps: readonly Step[],
  grammar: ActionGrammar,
  options: DistillStepsOptions = {},
): Step[] {
  const accepted = steps.filter(
    (step) => !isFailedObservation(step.observation, grammar) && !grammar.inspection.test(step.action.trim()),
  );
  const needed = dropNeedlessChanges(accepted, grammar, options.task === undefined ? {} : { task: options.task });
  const effective = relevantSteps(dropRepeatedActions(cancelUndoneSteps(needed, grammar), grammar), grammar);
  const visits: Step[][] = [];
  let current: Step[] = [];
  for (const step of effective) {
    if (grammar.navigation.test(step.action.trim()) && current.length > 0) {
      visits.push(current);
      current = [];
    }
    current.push(step);
  }
  if (current.length > 0) visits.push(current);

  const kept: Step[] = [];
  for (const visit of visits) kept.push(...distillVisit(visit, grammar));
  return kept;
}

function distillVisit(visit: readonly Step[], grammar: ActionGrammar): Step[] {
  const isNavigation = (s: Step) => grammar.navigation.test(s.action.trim());
  const isOpen = (s: Step) => grammar.open.test(s.action.trim());
  const isClose = (s: Step) => grammar.close.test(s.action.trim());
  const doesSomething = visit.some((s) => !isNavigation(s) && !isOpen(s) && !isClose(s));
  if (!doesSomething) return [];
  const kept: Step[] = [];
  visit.forEach((step, index) => {
    if (isClose(step)) return;
    if (isOpen(step)) {
      const target = (grammar.open.exec(step.action.trim())?.[1] ?? '').trim().toLowerCase();
      const later = visit.slice(index + 1).filter((s) => !isOpen(s) && !isClose(s) && !isNavigation(s));
      if (!target || !later.some((s) => needsOpen(s.action, target, grammar))) return;
    }
    kept.push(step);
  });
  return kept;
}

/** True when `action` needed the container `target` open: it takes from it or puts into it. */
function needsOpen(action: string, target: string, grammar: ActionGrammar): boolean {
  const a = action.trim();
  if (grammar.take === undefined || grammar.put === undefined) return a.toLowerCase().includes(target);
  const place = grammar.take.exec(a)?.[2] ?? grammar.put.exec(a)?.[2];
  return place !== undefined && place.trim().toLowerCase() === target;
}
