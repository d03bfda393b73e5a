import { createSeededRandom, sampleWithoutReplacement } from 'memp/internal';
import type { Agent } from '../../ports/agent.js';
import { typeOfName } from './alfworld-observation.js';
import { EpisodeActor } from './episode-actor.js';
import { explore } from './explore.js';
import { followProcedure, searchOrder } from './follow-procedure.js';
import { planFromMemories, type MemoryPlan } from './plan-from-memories.js';
import { taskNames } from './task-names.js';
import { UnfinishedPut } from './unfinished-put.js';

/** Options of {@link createOfflineAgent}. */
export interface OfflineAgentOptions {
  /** Seed of the exploration order (combined with the task and room, so each game gets its own order). Default 0. */
  seed?: number | string;
  /** Retrieved memories the agent follows, in order, before it explores on its own. Default 3. */
  maxPlans?: number;
  /** Read the environment's admissible actions when it lists them (else act from the grammar alone). Default true. */
  useAdmissible?: boolean;
}

/**
 * The offline reference agent for ALFWorld (README: "What the offline agent reads"): a competent novice that knows the action grammar
 * and reads observations, but no task type's procedure.
 *
 * - Without memory it explores: visits the room's receptacles in a seeded order, opens closed ones, takes an
 *   object the task names when it sees one, and tries plausible actions (those involving the held object or a
 *   thing the task names), within the step cap.
 * - With memories (best first) it reads each as a procedure (concrete steps or numbered script lines), re-binds
 *   the remembered names to the task's by aligning the two task sentences, binds types to the room's instances
 *   with remembered places first, and follows it; a step that fails falls back to searching; a memory whose
 *   procedure cannot be carried out hands over to the next, and finally to exploration.
 *
 * Deterministic for a given seed, task and room. Reports no tokens and no model calls.
 */
export function createOfflineAgent(options: OfflineAgentOptions = {}): Agent {
  const seed = options.seed ?? 0;
  const maxPlans = options.maxPlans ?? 3;
  const useAdmissible = options.useAdmissible ?? true;
  return {
    id: 'offline',
    async run({ env, start, memories, maxSteps }) {
      const actor = new EpisodeActor({ env, start, maxSteps, useAdmissible });
      const { belief } = actor;
      const random = createSeededRandom(`${String(seed)}\u0000${start.task}\u0000${start.observation}`);
      const ownOrder = sampleWithoutReplacement(belief.receptacles, belief.receptacles.length, random);
      const roomTypes = new Set(belief.receptacles.map(typeOfName));
      const names = taskNames({ task: start.task, names: roomTypes });
      const read = planFromMemories({ memories, task: start.task, belief, taskNames: names });
      // Up to maxPlans procedures, and every lesson (partial plans: what past attempts showed), in planned order.
      const procedures = new Set(read.filter((p) => !p.partial).slice(0, maxPlans));
      const plans = read.filter((p) => p.partial || procedures.has(p));
      const order = rememberedFirst(actor, plans, ownOrder);
      const unfinished = new UnfinishedPut(actor, names);
      let finished: MemoryPlan | undefined;
      for (const [index, plan] of plans.entries()) {
        if (actor.over) break;
        const label = `following memory ${index + 1} ("${plan.task}")`;
        actor.cautions = new Set(plan.cautions);
        const reached = await followProcedure({ actor, ops: plan.ops, order, label, unfinished });
        if (reached === plan.ops.length && !plan.partial) {
          finished = plan;
          break;
        }
      }
      // The procedure ran out before the goal. A memory of a task phrased like this one is strong evidence: go
      // through it once more from where things stand. One phrased differently may lack a step, and one whose steps
      // failed before is known not to be enough: explore instead.
      if (!actor.over && finished?.samePhrasing === true && !finished.flagged) {
        actor.cautions = new Set(finished.cautions);
        await followProcedure({
          actor,
          ops: finished.ops,
          order,
          label: `following memory ("${finished.task}") again`,
          unfinished,
        });
      }
      actor.cautions = new Set(plans.flatMap((p) => p.cautions));
      if (!actor.over) await explore({ actor, taskNames: names, order, unfinished });
      return actor.result();
    },
  };
}

/** The agent's search order with the places its memories took things from first. */
function rememberedFirst(actor: EpisodeActor, plans: readonly MemoryPlan[], own: readonly string[]): string[] {
  let order = [...own];
  const places = plans.flatMap((p) =>
    p.ops.flatMap((op) => (op.kind === 'take' && op.from ? [op.from] : op.kind === 'use' && op.near ? [op.near] : [])),
  );
  for (const place of [...places].reverse()) order = searchOrder(actor, place, order);
  return order;
}
