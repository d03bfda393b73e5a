import type { PlanDay } from '../database/travel-query.js';
import { COMMONSENSE_CONSTRAINTS, HARD_CONSTRAINTS } from '../evaluation/constraint-names.js';
import type { PlanEvaluation } from '../evaluation/evaluate-plan.js';

/** The outcome of a TravelPlanner episode: the plan (null when none was delivered) and its evaluation. */
export interface EpisodeVerdict {
  plan: PlanDay[] | null;
  evaluation: PlanEvaluation;
  /** The paper names of the constraints that failed (what Adjustment corrects a memory with). */
  failed: string[];
}

/** The paper names of the failed constraints of `evaluation` (all of them, labelled, when nothing was delivered). */
export function failedConstraints(evaluation: PlanEvaluation): string[] {
  if (!evaluation.delivered) return ['Delivery'];
  const out: string[] = [];
  for (const [key, v] of Object.entries(evaluation.commonsense ?? {}))
    if (v.pass === false) out.push(COMMONSENSE_CONSTRAINTS[key as keyof typeof COMMONSENSE_CONSTRAINTS]);
  if (evaluation.hard === null) out.push('Hard constraints not checked');
  for (const [key, v] of Object.entries(evaluation.hard ?? {}))
    if (v.pass === false) out.push(HARD_CONSTRAINTS[key as keyof typeof HARD_CONSTRAINTS]);
  return out;
}

/** The observation an environment answers a plan with: the verdict in one line. */
export function verdictObservation(verdict: EpisodeVerdict): string {
  if (!verdict.evaluation.delivered) return 'No plan was delivered.';
  return verdict.evaluation.finalPass
    ? 'The plan passes every constraint.'
    : `The plan fails: ${verdict.failed.join(', ')}.`;
}
