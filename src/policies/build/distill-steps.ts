import type { Step } from '../../core/step.js';
import { type ActionGrammar, isFailedObservation } from './action-grammar.js';
import { cancelUndoneSteps, relevantSteps } from './relevant-steps.js';

/**
 * Keeps the effective steps of a trajectory, in order:
 * - drops actions that failed (their observation matches the grammar's failure patterns);
 * - drops inspection actions (`look`, `inventory`, `examine …`), which change nothing;
 * - drops pairs of steps that undo each other (put an object down, then take it back from there) and actions
 *   on things unconnected to the last action ({@link cancelUndoneSteps}, {@link relevantSteps});
 * - splits the rest into visits (a navigation and what followed it) and drops visits where nothing but
 *   opening/closing happened — detours that changed nothing the goal depends on;
 * - within a kept visit, keeps an `open X` only when a later action of the visit mentions X, and drops `close`.
 * Navigation with no visit content before the next navigation is dropped with its visit.
 */
export function distillSteps(steps: readonly Step[], grammar: ActionGrammar): Step[] {
  const effective = relevantSteps(cancelUndoneSteps(steps.filter(
    (step) => !isFailedObservation(step.observation, grammar) && !grammar.inspection.test(step.action.trim()),
  ), grammar), grammar);
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
      const target = (grammar.open.exec(step.action.trim())?.[1] ?? '').toLowerCase();
      const later = visit.slice(index + 1).filter((s) => !isOpen(s) && !isClose(s) && !isNavigation(s));
      if (!target || !later.some((s) => s.action.toLowerCase().includes(target))) return;
    }
    kept.push(step);
  });
  return kept;
}
