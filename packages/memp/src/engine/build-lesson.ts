import { lessonText } from '../core/lesson.js';
import { MAX_MEMORY_KEYWORDS, type Memory } from '../core/memory.js';
import type { Trajectory } from '../core/trajectory.js';
import type { LessonWriter } from '../ports/lesson-writer.js';
import { samePhrasing } from '../policies/update/task-phrasing.js';
import type { LearnPlannerDeps } from './learn-planner.js';
import type { EpisodePlan } from './plan-episode.js';

/**
 * The `lesson` memory of `trajectory` (the `evidence` update policy): what the writer distils from it, contrasted
 * with the batch's first success of the same task family (tasks phrased alike apart from their names), held as
 * `meta.lesson` and rendered as its `script`, with provenance to the trajectory. Its vectors are computed with the
 * batch's.
 */
export async function buildLesson(
  plan: EpisodePlan,
  trajectory: Trajectory,
  deps: Pick<LearnPlannerDeps, 'keywords' | 'ids' | 'embedder'>,
  writer: LessonWriter,
): Promise<Memory> {
  const success = plan.successes.find((s) => s.id !== trajectory.id && sameFamily(s, trajectory));
  const lesson = await writer.write({ trajectory, ...(success === undefined ? {} : { success }) });
  const keywords = (await deps.keywords.extract({ task: trajectory.task })).slice(0, MAX_MEMORY_KEYWORDS);
  return {
    id: deps.ids.next('mem'),
    namespace: plan.namespace,
    task: trajectory.task,
    keywords,
    kind: 'lesson',
    script: lessonText(lesson),
    status: 'active',
    stats: { retrieved: 0, succeeded: 0, failed: 0 },
    provenance: {
      builtBy: writer.id,
      from: success === undefined ? [trajectory.id] : [trajectory.id, success.id],
      embedder: deps.embedder.id,
    },
    version: 1,
    createdAt: plan.at,
    updatedAt: plan.at,
    meta: { lesson, ...(trajectory.env === undefined ? {} : { env: trajectory.env }) },
  };
}

/** Two trajectories of one task family: their tasks are phrased alike apart from the names their actions use. */
function sameFamily(a: Trajectory, b: Trajectory): boolean {
  const texts = [...a.steps, ...b.steps].map((s) => s.action);
  return samePhrasing(a.task, b.task, texts);
}
