import type { RetrievePolicy, Retrieved } from 'memp';
import { performance } from 'node:perf_hooks';
import { isMempError, type MempError } from 'memp';
import type { Memp } from 'memp';
import type { Agent } from '../../ports/agent.js';
import type { PlanDay, TravelQuery } from '../database/travel-query.js';
import type { TravelEnvironment } from '../environment/sole-planning-environment.js';

/** One TravelPlanner episode as recorded in `episodes.jsonl`. */
export interface TravelEpisode {
  idx: number;
  level: string;
  days: number;
  /** The fold the query was evaluated in (k-fold runs), else 0. */
  fold: number;
  delivered: boolean;
  success: boolean;
  failed: string[];
  steps: number;
  tokens: { input: number; output: number };
  calls: number;
  retrieved: Array<{ id: string; score: number; task: string }>;
  memorySize: number;
  ms: number;
  plan: PlanDay[] | null;
}

/**
 * Runs `agent` on `queries` in `env`: per query, reset, retrieve (when there is an engine), plan, and record the
 * verdict; with `online`, the episode is learned right after it (the trajectory's `meta.failedConstraints` lists the
 * failed constraints, `used` the retrieved memories). A `BUDGET_EXCEEDED` stops the stream: the episodes so far are
 * returned with `stopped`.
 */
export async function runTravelEpisodes(options: {
  queries: readonly TravelQuery[];
  env: TravelEnvironment;
  agent: Agent;
  memp?: Memp;
  /** A retrieval policy per query replacing the engine's (the bench's control), or undefined for the engine's. */
  retrievePolicy?: (query: TravelQuery) => RetrievePolicy;
  k: number;
  online: boolean;
  /** The split the queries are from (recorded on learned episodes as `meta.split`). */
  split: string;
  fold: number;
  maxSteps: number;
  usage?: () => { input: number; output: number; calls: number };
  onEpisode?: (episode: TravelEpisode) => void;
}): Promise<{ episodes: TravelEpisode[]; stopped?: MempError }> {
  const episodes: TravelEpisode[] = [];
  for (const query of options.queries) {
    const began = performance.now();
    const before = options.usage?.();
    const start = await options.env.reset(String(query.idx));
    let played: { retrieved: Retrieved[]; result: Awaited<ReturnType<typeof options.agent.run>> };
    try {
      const policy = options.retrievePolicy?.(query);
      const retrieved = options.memp
        ? await options.memp.retrieve({ task: start.task, k: options.k, ...(policy ? { policy } : {}) })
        : [];
      played = {
        retrieved,
        result: await options.agent.run({ env: options.env, start, memories: retrieved, maxSteps: options.maxSteps }),
      };
    } catch (error) {
      if (isMempError(error, 'BUDGET_EXCEEDED')) return { episodes, stopped: error };
      throw error;
    }
    const { retrieved, result } = played;
    const verdict = options.env.verdict;
    const failed = verdict?.failed ?? ['Delivery'];
    const after = options.usage?.();
    if (options.online && options.memp) {
      try {
        await options.memp.learn({
          trajectory: {
            id: `ep-f${options.fold}-${String(query.idx).padStart(3, '0')}`,
            task: start.task,
            steps:
              result.steps.length > 0
                ? result.steps
                : [{ action: 'submit plan', observation: 'Error: no plan was delivered.' }],
            outcome: { success: result.success, reward: result.reward, steps: result.steps.length },
            model: options.agent.id,
            env: 'travelplanner',
            meta: {
              split: options.split,
              idx: query.idx,
              level: query.level,
              days: query.days,
              failedConstraints: failed,
            },
          },
          used: retrieved.map((r) => r.memory.id),
        });
      } catch (error) {
        if (isMempError(error, 'BUDGET_EXCEEDED')) return { episodes, stopped: error };
        throw error;
      }
    }
    const episode: TravelEpisode = {
      idx: query.idx,
      level: query.level,
      days: query.days,
      fold: options.fold,
      delivered: verdict?.evaluation.delivered ?? false,
      success: result.success,
      failed,
      steps: result.steps.length,
      tokens:
        before && after ? { input: after.input - before.input, output: after.output - before.output } : result.tokens,
      calls: before && after ? after.calls - before.calls : result.calls,
      retrieved: retrieved.map((r) => ({
        id: r.memory.id,
        score: Math.round(r.score * 1e4) / 1e4,
        task: r.memory.task,
      })),
      memorySize: options.memp ? (await options.memp.stats()).active : 0,
      ms: Math.round((performance.now() - began) * 10) / 10,
      plan: verdict?.plan ?? null,
    };
    episodes.push(episode);
    options.onEpisode?.(episode);
  }
  return { episodes };
}
