import type { TrajectoryInput } from 'memp';
import { type OfflineKnowledge, planDescriber } from '../agents/offline-planner.js';
import { readReferenceView } from '../agents/reference-view.js';
import type { TravelDatabase } from '../database/travel-database.js';
import type { TravelQuery } from '../database/travel-query.js';

/**
 * A train query's gold plan as an expert trajectory: the plan described for the planner's memory (learned:
 * `describeObservedPlan`, route, legs, fills, picks and observed relations; rule-informed: `describePlan`, with the
 * hand-written rule and constraint detectors), then `submit plan`, a success.
 * `meta` records where it came from (`split: 'train'`, the query's idx), the query's level and days, and
 * `failedConstraints: []`.
 */
export function goldTrajectory(options: {
  query: TravelQuery;
  db: TravelDatabase;
  /** Whose memory it is for: the describer of that planner writes it. Default `learned`. */
  knowledge?: OfflineKnowledge;
}): TrajectoryInput & { id: string } {
  const { query, db } = options;
  const describe = planDescriber(options.knowledge ?? 'learned');
  const view = readReferenceView({ entries: query.referenceInformation, db });
  const steps = describe({ query, plan: query.goldPlan, view });
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
    meta: { split: 'train', idx: query.idx, level: query.level, days: query.days, failedConstraints: [] },
  };
}
