import { MempError } from 'memp';
import type { TravelDatabase } from '../database/travel-database.js';
import type { TravelQuery } from '../database/travel-query.js';
import { evaluatePlan, type PlanEvaluation } from './evaluate-plan.js';
import type { SubmittedPlan } from './read-plan-file.js';
import { scoreEvaluations, type TravelScores } from './score-evaluations.js';

/** The result of evaluating a submission: per-plan verdicts (in query order) and the scores. */
export interface SubmissionEvaluation {
  evaluations: PlanEvaluation[];
  scores: TravelScores;
  /** Plan lines beyond the last query (ignored, as the official evaluator ignores them). */
  extraLines: number;
  /** Lines whose `idx` is not their query's (the official evaluator matches by order and ignores `idx`; so does this). */
  idxMismatches: number[];
}

/**
 * Evaluates `plans` against `queries`, matched by order as the official evaluator does. Throws `INVALID_ARGUMENT`
 * when there are fewer plans than queries (the official script fails with an index error). A line whose `idx`
 * disagrees with its position is still matched by order, and listed in `idxMismatches`.
 */
export function evaluateSubmission(options: {
  db: TravelDatabase;
  queries: readonly TravelQuery[];
  plans: readonly SubmittedPlan[];
  strict?: boolean;
  file?: string;
}): SubmissionEvaluation {
  const { queries, plans } = options;
  const file = options.file ?? 'plans';
  if (plans.length < queries.length) {
    throw new MempError(
      'INVALID_ARGUMENT',
      `${file}: ${plans.length} plan lines for ${queries.length} queries (one line per query, in order; an undelivered plan is {"plan": null})`,
      { details: { file, line: plans.length + 1 } },
    );
  }
  const idxMismatches: number[] = [];
  const evaluations = queries.map((query, i) => {
    const submitted = plans[i] as SubmittedPlan;
    if (submitted.idx !== undefined && submitted.idx !== query.idx) idxMismatches.push(submitted.line);
    return evaluatePlan({ query, plan: submitted.plan, db: options.db, strict: options.strict ?? true });
  });
  return {
    evaluations,
    scores: scoreEvaluations({ queries, evaluations }),
    extraLines: plans.length - queries.length,
    idxMismatches,
  };
}
