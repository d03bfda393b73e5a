import { MempError, isMempError } from 'memp';
import type { EnvironmentReset, EnvironmentStep } from '../../ports/environment.js';
import type { TravelDatabase } from '../database/travel-database.js';
import type { TravelQuery } from '../database/travel-query.js';
import { evaluatePlan } from '../evaluation/evaluate-plan.js';
import { createToolSession, type ToolSession } from '../tools/tool-session.js';
import { type EpisodeVerdict, failedConstraints, verdictObservation } from './episode-verdict.js';
import { parsePlanAnswer } from './parse-plan-answer.js';
import type { TravelEnvironment } from './sole-planning-environment.js';

/**
 * Two-stage TravelPlanner: `reset(idx)` shows only the query; actions are tool calls (`FlightSearch[…]`, …,
 * `NotebookWrite[…]`) answered as the official tools answer, under the official agent's limits; `Planner[query]`
 * answers with the notebook, and the next action is the plan as JSON, judged by the official evaluator. An episode
 * stopped by the limits ends with no plan (not delivered).
 */
export function createTwoStageEnvironment(options: {
  db: TravelDatabase;
  queries: readonly TravelQuery[];
  strict?: boolean;
}): TravelEnvironment {
  let query: TravelQuery | undefined;
  let verdict: EpisodeVerdict | undefined;
  let session: ToolSession | undefined;
  let planning = false;
  const judge = (q: TravelQuery, plan: EpisodeVerdict['plan']): EnvironmentStep => {
    const evaluation = evaluatePlan({ query: q, plan, db: options.db, strict: options.strict ?? true });
    verdict = { plan, evaluation, failed: failedConstraints(evaluation) };
    return {
      observation: verdictObservation(verdict),
      done: true,
      success: evaluation.finalPass,
      reward: evaluation.finalPass ? 1 : 0,
    };
  };
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
      planning = false;
      session = createToolSession({ db: options.db });
      return { task: query.query, observation: `Query: ${query.query}` };
    },
    async step(action: string): Promise<EnvironmentStep> {
      if (!query || !session) throw new MempError('INVALID_ARGUMENT', 'step before reset');
      if (verdict) throw new MempError('INVALID_ARGUMENT', 'the episode is over: reset first');
      if (planning) {
        let plan = null;
        try {
          plan = parsePlanAnswer(action);
        } catch (error) {
          if (!isMempError(error, 'PROVIDER_OUTPUT_INVALID')) throw error;
        }
        return judge(query, plan);
      }
      const result = session.act(action);
      if (result.kind === 'stopped') {
        const step = judge(query, null);
        return { ...step, observation: `Stopped: ${result.reason}. ${step.observation}` };
      }
      if (result.kind === 'planner') {
        planning = true;
        const notes = result.notebook.map((e, i) => `[${i}] ${e.description}\n${e.content}`).join('\n\n');
        return {
          observation: `Notebook:\n${notes || '(empty)'}\n\nWrite the plan for: ${result.query}\nAnswer with the plan as JSON: a list of day objects.`,
          done: false,
          success: false,
          reward: 0,
        };
      }
      return { observation: result.observation, done: false, success: false, reward: 0 };
    },
  };
}
