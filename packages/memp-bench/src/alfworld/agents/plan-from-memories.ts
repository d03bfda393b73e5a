import type { Retrieved } from 'memp';
import { typeOfName } from './alfworld-observation.js';
import type { AlfworldBelief } from './alfworld-belief.js';
import { abstractOp, memoryProcedure, type ProcedureOp, rebindOps } from './memory-procedure.js';
import { rebindNames } from './rebind-names.js';
import { lessonProcedure } from './lesson-procedure.js';

/** A retrieved memory read as a procedure for the current task. */
export interface MemoryPlan {
  memoryId: string;
  /** Rank of the memory in the retrieval (0 = best). */
  rank: number;
  /** The memory's task sentence. */
  task: string;
  /** Remembered name → current name. */
  binding: Map<string, string>;
  /** The procedure with its names re-bound to the current task. */
  ops: ProcedureOp[];
  /** The memory's task is phrased like the current one apart from its names. */
  samePhrasing: boolean;
  /** The memory's `Caution:` actions, re-bound (abstract form, e.g. `cool the mug with the fridge`). */
  cautions: string[];
  /**
   * The memory says a past attempt following it failed: one of its own steps failed or was not enough, or the
   * attempt did not reach the goal at all (recorded failures or `Caution:` lines, e.g. written by Adjustment).
   */
  flagged: boolean;
  /**
   * Read from a lesson (what a past attempt showed), not a procedure: followed after every procedure, and never
   * taken for a complete one.
   */
  partial: boolean;
}

/**
 * Reads retrieved memories as procedures for the current task, best first: re-binds each memory's names to
 * the task's ({@link rebindNames}), drops memories whose procedure clearly does not fit the room (it puts into
 * or works with a receptacle type the room lacks, or it never mentions a name of the task), and orders them:
 * memories phrased like the task first, and within each group those that do not say a past attempt following
 * them failed first; retrieval order otherwise. Lessons ({@link lessonProcedure}) come after every procedure (measured:
 * a lesson phrased like the task put before procedures phrased otherwise lost 8.6 points online, seed 2).
 */
export function planFromMemories(options: {
  memories: readonly Retrieved[];
  task: string;
  belief: AlfworldBelief;
  /** The names the current task mentions. */
  taskNames: readonly string[];
}): MemoryPlan[] {
  const { belief, task } = options;
  const roomTypes = new Set(belief.receptacles.map(typeOfName));
  const plans: MemoryPlan[] = [];
  options.memories.forEach((retrieved, rank) => {
    const { memory } = retrieved;
    const partial = memory.kind === 'lesson';
    const procedure = partial ? lessonProcedure(memory) : memoryProcedure(memory);
    if (procedure === undefined) return;
    const names = new Set([...procedure.types, ...roomTypes]);
    const binding = rebindNames({ memoryTask: memory.task, task, names });
    const ops = rebindOps(procedure.ops, binding.map);
    const fitsRoom = ops.every((op) =>
      op.kind === 'put' ? roomTypes.has(op.to.type) : op.kind === 'apply' ? roomTypes.has(op.tool.type) : true,
    );
    const mentioned = new Set(ops.flatMap((op) => [op.object, ...(op.kind === 'put' ? [op.to.type] : [])]));
    const coversTask = options.taskNames.some((n) => mentioned.has(n));
    if (!fitsRoom || !coversTask) return;
    const cautions = procedure.cautions.map((c) =>
      c.replace(/\b[a-z][a-z-]*\b/g, (w) => (w === 'the' ? w : (binding.map.get(w) ?? w))),
    );
    const flagged = procedure.failedBefore || ops.some((op) => cautions.includes(abstractOp(op)));
    plans.push({
      memoryId: memory.id,
      rank,
      task: memory.task,
      binding: binding.map,
      ops,
      samePhrasing: binding.samePhrasing,
      cautions,
      flagged,
      partial,
    });
  });
  // Procedures (phrased like the task first), then lessons (likewise).
  const group = (p: MemoryPlan) => (p.partial ? 4 : 0) + (p.samePhrasing ? 0 : 2) + (p.flagged && !p.partial ? 1 : 0);
  return [...plans].sort((a, b) => group(a) - group(b) || a.rank - b.rank);
}
