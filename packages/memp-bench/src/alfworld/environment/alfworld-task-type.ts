import { MempError } from 'memp';
import type { PddlFormula } from './pddl-formula.js';

/** The six ALFWorld task types (the prefix of a game's task directory). */
export const ALFWORLD_TASK_TYPES = [
  'pick_and_place_simple',
  'look_at_obj_in_light',
  'pick_clean_then_place_in_recep',
  'pick_heat_then_place_in_recep',
  'pick_cool_then_place_in_recep',
  'pick_two_obj_and_place',
] as const;

/** One of the six ALFWorld task types. */
export type AlfworldTaskType = (typeof ALFWORLD_TASK_TYPES)[number];

/** The task type named by a path or game id (a segment starting with a type prefix), or undefined. */
export function taskTypeFromPath(path: string): AlfworldTaskType | undefined {
  for (const segment of path.split(/[\\/]/)) {
    for (const type of ALFWORLD_TASK_TYPES) if (segment === type || segment.startsWith(`${type}-`)) return type;
  }
  return undefined;
}

/** Infers the task type from a goal formula (which state predicates it tests). */
export function taskTypeFromGoal(goal: PddlFormula): AlfworldTaskType {
  const predicates = new Set<string>();
  let hasEquality = false;
  const walk = (f: PddlFormula): void => {
    switch (f.kind) {
      case 'atom':
        predicates.add(f.predicate);
        return;
      case 'eq':
        hasEquality = true;
        return;
      case 'not':
      case 'exists':
      case 'forall':
        walk(f.body);
        return;
      case 'imply':
        walk(f.left);
        walk(f.right);
        return;
      case 'and':
      case 'or':
        f.parts.forEach(walk);
    }
  };
  walk(goal);
  if (predicates.has('istoggled') || predicates.has('ison')) return 'look_at_obj_in_light';
  if (predicates.has('isclean')) return 'pick_clean_then_place_in_recep';
  if (predicates.has('ishot')) return 'pick_heat_then_place_in_recep';
  if (predicates.has('iscool')) return 'pick_cool_then_place_in_recep';
  if (hasEquality) return 'pick_two_obj_and_place';
  return 'pick_and_place_simple';
}

/**
 * The task type of a game (its id's directory prefix, else inferred from its goal) or of a path
 * (`…/pick_heat_then_place_in_recep-Apple-None-Fridge-7/trial_…/game.tw-pddl`).
 * Throws `INVALID_ARGUMENT` for a path that names no task type.
 */
export function alfworldTaskType(
  gameOrPath: string | { id: string; problem: { goal: PddlFormula } },
): AlfworldTaskType {
  if (typeof gameOrPath === 'string') {
    const type = taskTypeFromPath(gameOrPath);
    if (type === undefined) {
      throw new MempError('INVALID_ARGUMENT', `no ALFWorld task type in path "${gameOrPath}"`, {
        details: { path: gameOrPath },
      });
    }
    return type;
  }
  return taskTypeFromPath(gameOrPath.id) ?? taskTypeFromGoal(gameOrPath.problem.goal);
}
