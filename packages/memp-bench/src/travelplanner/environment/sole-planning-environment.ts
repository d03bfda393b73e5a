import { MempError, isMempError } from 'memp';
import type { Environment, EnvironmentReset, EnvironmentStep } from '../../ports/environment.js';
import type { TravelDatabase } from '../database/travel-database.js';
import type { TravelQuery } from '../database/travel-query.js';
import { evaluatePlan } from '../evaluation/evaluate-plan.js';
import { type EpisodeVerdict, failedConstraints, verdictObservation } from './episode-verdict.js';
import { parsePlanAnswer } from './parse-plan-answer.js';
import { renderReferenceInformation } from './reference-information.js';

/** A TravelPlanner environment that also reports the verdict of the last plan it judged. */
export interface TravelEnvironment extends Environment {
  /** The verdict of the current episode, once it is done. */
  readonly verdict: EpisodeVerdict | undefined;
  /** The query of the current episode. */
  readonly query: TravelQuery | undefined;
}

/**
 * Sole-planning TravelPlanner: `reset(idx)` shows the query and its reference information (the official pre-chosen
 * route); the one action is the plan as JSON (see `parsePlanAnswer`), judged by the official evaluator. The episode
 * then ends: `success` = the plan passes every commonsense and every applicable hard constraint; `reward` = 1 then,
 * else 0. An answer without a readable plan counts as not delivered.
 */
export function createSolePlanningEnvironment(options: {
  db: TravelDatabase;
  queries: readonly TravelQuery[];
  strict?: boolean;
}): TravelEnvironment {
  let query: TravelQuery | undefined;
  let verdict: EpisodeVerdict | undefined;
  return {
    name: 'travelplanner',
    get verdict() {
      return verdict;
    },
    get query() {
      return query;
    },
    async reset(taskId: string): Promise<EnvironmentReset> {
      query = options.queries.find((q) => String(q.idx) === taskId);
      if (!query) throw new MempError('NOT_FOUND', `no TravelPlanner query ${taskId}`, { details: { taskId } });
      verdict = undefined;
      return {
        task: query.query,
        observation: `Query: ${query.query}\n\nReference information:\n${renderReferenceInformation(query.referenceInformation)}`,
      };
    },
    async step(action: string): Promise<EnvironmentStep> {
      if (!query) throw new MempError('INVALID_ARGUMENT', 'step before reset');
      if (verdict) throw new MempError('INVALID_ARGUMENT', 'the episode is over: reset first');
      let plan = null;
      try {
        plan = parsePlanAnswer(action);
      } catch (error) {
        if (!isMempError(error, 'PROVIDER_OUTPUT_INVALID')) throw error;
      }
      const evaluation = evaluatePlan({ query, plan, db: options.db, strict: options.strict ?? true });
      verdict = { plan, evaluation, failed: failedConstraints(evaluation) };
      return {
        observation: verdictObservation(verdict),
        done: true,
        success: evaluation.finalPass,
        reward: evaluation.finalPass ? 1 : 0,
      };
    },
  };
}
