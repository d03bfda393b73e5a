import type { TrajectoryInput } from 'memp';
import { describePlan } from '../agents/describe-plan.js';
import { readReferenceView } from '../agents/reference-view.js';
import type { TravelDatabase } from '../database/travel-database.js';
import type { TravelQuery } from '../database/travel-query.js';

/**
 * A train query's gold plan as an expert trajectory: the plan described in the plan grammar (`describePlan`: route,
 * legs, day fills, picks, and the rules and constraint answers observed on it), then `submit plan`, a success.
 * `meta` records the query (idx, level, days) and `failedConstraints: []`.
 */
export function goldTrajectory(options: { query: TravelQuery; db: TravelDatabase }): TrajectoryInput & { id: string } {
  const { query, db } = options;
  const view = readReferenceView({ entries: query.referenceInformation, db });
  const steps = describePlan({ query, plan: query.goldPlan, view });
  steps.push({
    thought: 'the annotated plan',
    action: 'submit plan',
    observation: 'The plan passes every constraint.',
  });
  return {
    id: `gold-${String(query.idx).padStart(3, '0')}`,
    task: query.query,
    steps,
    outcome: { success: true, reward: 1, steps: steps.length },
    model: 'expert',
    env: 'travelplanner',
    meta: { idx: query.idx, level: query.level, days: query.days, failedConstraints: [] },
  };
}
