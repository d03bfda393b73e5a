import type { TravelDatabase } from '../database/travel-database.js';
import type { PlanDay } from '../database/travel-query.js';
import { COMMONSENSE_CHECKS } from './commonsense-constraints.js';
import type { CommonsenseKey, ConstraintVerdict, HardKey } from './constraint-names.js';
import type { EvaluatedQuery, EvaluationContext } from './evaluation-context.js';
import { HARD_CHECKS } from './hard-constraints.js';
import { OfficialCrash } from './official-crash.js';

/**
 * The verdicts on one plan, shaped like the official evaluator's boxes: `commonsense` is null when the plan was not
 * delivered; `hard` is null unless Complete Information and Within Sandbox both pass.
 */
export interface PlanEvaluation {
  delivered: boolean;
  commonsense: Record<CommonsenseKey, ConstraintVerdict> | null;
  hard: Record<HardKey, ConstraintVerdict> | null;
  /** Every commonsense check passed (false when not delivered). */
  commonsensePass: boolean;
  /** A hard result exists and none of its checks failed. */
  hardPass: boolean;
  /** Both: the plan counts toward the final pass rate. */
  finalPass: boolean;
  /** Where the official evaluator would have raised (its run would stop there). */
  crashes: string[];
}

function run(
  check: (ctx: EvaluationContext) => ConstraintVerdict,
  ctx: EvaluationContext,
  crashes: string[],
  key: string,
): ConstraintVerdict {
  try {
    return check(ctx);
  } catch (error) {
    if (!(error instanceof OfficialCrash)) throw error;
    crashes.push(`${key}: ${error.message}`);
    return { pass: false, crash: error.message };
  }
}

/**
 * Evaluates one plan against one query with the official rules (`strict`, the default) or with the documented
 * fixes (`strict: false`). A plan is delivered when it is a non-empty list of days.
 */
export function evaluatePlan(options: {
  query: EvaluatedQuery;
  plan: PlanDay[] | null;
  db: TravelDatabase;
  strict?: boolean;
}): PlanEvaluation {
  const crashes: string[] = [];
  if (!options.plan || options.plan.length === 0) {
    return {
      delivered: false,
      commonsense: null,
      hard: null,
      commonsensePass: false,
      hardPass: false,
      finalPass: false,
      crashes,
    };
  }
  const ctx: EvaluationContext = {
    query: options.query,
    plan: options.plan,
    db: options.db,
    strict: options.strict ?? true,
  };
  const commonsense = {} as Record<CommonsenseKey, ConstraintVerdict>;
  for (const [key, check] of COMMONSENSE_CHECKS) commonsense[key] = run(check, ctx, crashes, key);
  let hard: Record<HardKey, ConstraintVerdict> | null = null;
  if (commonsense.is_not_absent.pass && commonsense.is_valid_information_in_sandbox.pass) {
    hard = {} as Record<HardKey, ConstraintVerdict>;
    for (const [key, check] of HARD_CHECKS) hard[key] = run(check, ctx, crashes, key);
  }
  // Official: a plan counts toward any macro rate only when it has a hard result.
  const commonsensePass = hard !== null && Object.values(commonsense).every((v) => v.pass !== false);
  const hardPass = hard !== null && Object.values(hard).every((v) => v.pass !== false);
  return {
    delivered: true,
    commonsense,
    hard,
    commonsensePass,
    hardPass,
    finalPass: commonsensePass && hardPass,
    crashes,
  };
}
