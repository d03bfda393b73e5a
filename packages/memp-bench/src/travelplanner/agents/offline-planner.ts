import { MempError } from 'memp';
import type { Memory } from 'memp';
import type { Step } from 'memp';
import type { Agent, EpisodeResult } from '../../ports/agent.js';
import type { TravelDatabase } from '../database/travel-database.js';
import type { TravelQuery } from '../database/travel-query.js';
import { describePlan } from './describe-plan.js';
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
  return memories
    .map((m, i) => ({ p: readProcedure(memoryLines(m)), i }))
    .sort((a, b) => a.p.cautions.length - b.p.cautions.length || a.i - b.i)
    .map((x) => x.p);
}

/**
 * The offline reference planner for sole-planning: no model, no benchmark rules given by hand. It knows the plan
 * format and reads the query (origin, dates, people, budget and local constraints — the query's structured fields,
 * never its gold plan nor its annotated number of cities) and the query's reference information. The structure of the
 * plan and every choice rule come from the retrieved memories ({@link planTrip}); without memory it follows the
 * naive default. It writes the plan as JSON in one action; its trajectory is its plan described in the plan grammar
 * (`describePlan`) plus the `submit plan` step, whose observation is the verdict (`Error: …` when it fails).
 */
export function createOfflinePlanner(options: { db: TravelDatabase; queries: readonly TravelQuery[] }): Agent {
  return {
    id: 'offline',
    async run({ env, start, memories }): Promise<EpisodeResult> {
      const query = options.queries.find((q) => q.query === start.task);
      if (!query)
        throw new MempError('NOT_FOUND', 'the offline planner knows no query with this text', {
          details: { task: start.task.slice(0, 80) },
        });
      const view = readReferenceView({ entries: query.referenceInformation, db: options.db });
      const { plan, structureFrom } = planTrip({
        query,
        view,
        procedures: proceduresOf(memories.map((r) => r.memory)),
      });
      const described = describePlan({ query, plan, view });
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
