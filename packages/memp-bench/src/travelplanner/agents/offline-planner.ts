import { MempError } from 'memp';
import type { Memory } from 'memp';
import type { Step } from 'memp';
import type { Agent, EpisodeResult } from '../../ports/agent.js';
import type { TravelDatabase } from '../database/travel-database.js';
import type { TravelQuery } from '../database/travel-query.js';
import { describePlan } from './describe-plan.js';
import { readLearnedLines } from './learned-lines.js';
import { planTripFromLearning } from './learned-plan-trip.js';
import { describeObservedPlan } from './observe-plan.js';
import { type PlanProcedure, readProcedure } from './plan-procedure.js';
import { planTrip } from './plan-trip.js';
import { readReferenceView } from './reference-view.js';

/** The lines of a memory the planner reads: its script when it has one (the guidance), else its steps' actions. */
export function memoryLines(memory: Pick<Memory, 'steps' | 'script'>): string[] {
  if (memory.script !== undefined && memory.script.trim() !== '') return memory.script.split('\n');
  return (memory.steps ?? []).map((s) => s.action);
}

/** The procedures of retrieved memories, those with fewer recorded failures (`Caution:` lines) first, else in retrieval order. */
export function proceduresOf(memories: ReadonlyArray<Pick<Memory, 'steps' | 'script'>>): PlanProcedure[] {
  return orderedByCautions(memories).map((m) => readProcedure(memoryLines(m)));
}

/** Memories with fewer recorded failures (`Caution:` lines) first, else in retrieval order. */
function orderedByCautions<M extends Pick<Memory, 'steps' | 'script'>>(memories: readonly M[]): M[] {
  return memories
    .map((m, i) => ({ m, n: readProcedure(memoryLines(m)).cautions.length, i }))
    .sort((a, b) => a.n - b.n || a.i - b.i)
    .map((x) => x.m);
}

/** What an offline planner knows beyond the plan format: `learned` (nothing, all from memory) or `rule-informed`. */
export type OfflineKnowledge = 'learned' | 'rule-informed';

/** How a planner of this knowledge describes a plan for memory (gold plans and its own episodes alike). */
export function planDescriber(knowledge: OfflineKnowledge): typeof describePlan {
  return knowledge === 'learned' ? describeObservedPlan : describePlan;
}

/**
 * The offline reference planners for sole-planning: no model. Both know the plan format and read the query (origin,
 * dates, people, budget, and the local constraints as names and values — never its gold plan nor its annotated number
 * of cities) and the query's reference information, and share the naive structure and generic heuristics (README).
 * - `learned` (agent id `offline`): knows no constraint's meaning; every filter comes from relations observed on the
 *   retrieved memories' plans ({@link planTripFromLearning}); its memory is written by {@link describeObservedPlan}.
 * - `rule-informed` (agent id `rule-informed`): the constraints' meanings are hand-written ({@link planTrip}, copying
 *   the evaluator's checks); memory only switches them on; its memory is written by {@link describePlan}.
 * It writes the plan as JSON in one action; its trajectory is its plan described for memory plus the `submit plan`
 * step, whose observation is the verdict (`Error: …` when it fails).
 */
export function createOfflinePlanner(options: {
  db: TravelDatabase;
  queries: readonly TravelQuery[];
  knowledge?: OfflineKnowledge;
}): Agent {
  const knowledge = options.knowledge ?? 'learned';
  const describe = planDescriber(knowledge);
  return {
    id: knowledge === 'learned' ? 'offline' : 'rule-informed',
    async run({ env, start, memories }): Promise<EpisodeResult> {
      const query = options.queries.find((q) => q.query === start.task);
      if (!query)
        throw new MempError('NOT_FOUND', 'the offline planner knows no query with this text', {
          details: { task: start.task.slice(0, 80) },
        });
      const view = readReferenceView({ entries: query.referenceInformation, db: options.db });
      const remembered = memories.map((r) => r.memory);
      const { plan, structureFrom } =
        knowledge === 'learned'
          ? planTripFromLearning({
              query,
              view,
              memories: orderedByCautions(remembered).map((m) => ({
                procedure: readProcedure(memoryLines(m)),
                learned: readLearnedLines(memoryLines(m)),
              })),
            })
          : planTrip({ query, view, procedures: proceduresOf(remembered) });
      const described = describe({ query, plan, view });
      const thought =
        structureFrom === undefined
          ? 'no remembered plan fits this trip: naive structure'
          : `structure from retrieved memory ${structureFrom + 1}`;
      const result = await env.step(JSON.stringify(plan));
      const submit: Step = {
        thought,
        action: 'submit plan',
        observation: result.success ? result.observation : `Error: ${result.observation}`,
      };
      return {
        task: start.task,
        steps: [...described, submit],
        success: result.success,
        reward: result.reward,
        tokens: { input: 0, output: 0 },
        calls: 0,
      };
    },
  };
}
