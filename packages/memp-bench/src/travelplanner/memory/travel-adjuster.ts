import type { MemoryContent } from 'memp';
import type { Adjuster } from 'memp';
import type { ScriptWriter } from 'memp';
import { readProcedure } from '../agents/plan-procedure.js';

function failedOf(meta: Record<string, unknown> | undefined): string[] {
  const raw = meta?.['failedConstraints'];
  return Array.isArray(raw) ? raw.filter((x): x is string => typeof x === 'string') : [];
}

/**
 * TravelPlanner's offline Adjustment, driven by the episode outcome's failed constraints
 * (`trajectory.meta.failedConstraints`, which the bench records from the evaluator):
 * - failure: the memory records the failure (`meta.failures`: trajectory id and failed constraints) and its
 *   procedure gains a `Caution: a plan following this procedure failed: …` line (script and worked example), which
 *   the planners read — the offline planner ranks procedures with fewer cautions first;
 * - success: when the memory's remembered trip has the same length and number of cities as the episode's, its
 *   procedure is replaced by the episode's (script re-written, worked example replaced); otherwise nothing changes.
 */
export function createTravelAdjuster(options: { writer: ScriptWriter }): Adjuster {
  return {
    specificationVersion: 'v1',
    id: 'offline-travelplanner',
    async adjust({ memory, trajectory }) {
      if (trajectory.outcome.success) {
        const mine = readProcedure((memory.steps ?? []).map((s) => s.action).concat((memory.script ?? '').split('\n')));
        const theirs = readProcedure(trajectory.steps.map((s) => s.action));
        if (mine.days !== theirs.days || mine.cities !== theirs.cities) return undefined;
        const content: Partial<MemoryContent> = {};
        if (memory.script !== undefined) content.script = await options.writer.write({ trajectory });
        if (memory.steps !== undefined) content.steps = trajectory.steps;
        return { content, note: `replaced the procedure with the successful plan of ${trajectory.id}` };
      }
      const failed = failedOf(trajectory.meta);
      const caution = `Caution: a plan following this procedure failed: ${failed.length > 0 ? failed.join(', ') : 'unknown constraints'}.`;
      const previous = Array.isArray(memory.meta?.['failures']) ? (memory.meta['failures'] as unknown[]) : [];
      const content: Partial<MemoryContent> = {
        meta: { ...memory.meta, failures: [...previous, { trajectory: trajectory.id, failedConstraints: failed }] },
      };
      if (memory.script !== undefined && !memory.script.includes(caution))
        content.script = `${memory.script}\n${caution}`;
      if (memory.steps !== undefined && !memory.steps.some((s) => s.action === caution))
        content.steps = [...memory.steps, { action: caution }];
      return { content, note: `episode ${trajectory.id} failed: ${failed.join(', ')}` };
    },
  };
}
