import { isMempError } from '../core/errors.js';
import { MAX_MEMORY_KEYWORDS } from '../core/memory.js';
import type { Trajectory } from '../core/trajectory.js';
import type { LearnPlannerDeps } from './learn-planner.js';

/** True for the errors a model call ends with when the model, not the input, is at fault. */
function isModelFailure(error: unknown): boolean {
  return isMempError(error, 'PROVIDER_FAILED') || isMempError(error, 'PROVIDER_OUTPUT_INVALID');
}

/**
 * Builds the memory content of `trajectory`: with the policy and extractor of `deps`, or — when they fail on the
 * model and a fallback is configured — with the offline ones, reported as `offline: true`.
 */
export async function buildWithFallback(options: {
  trajectory: Trajectory;
  deps: Pick<LearnPlannerDeps, 'build' | 'keywords' | 'fallback'>;
}) {
  const { trajectory, deps } = options;
  try {
    const built = await deps.build.build({ trajectory });
    const keywords = await deps.keywords.extract({ task: trajectory.task });
    return { built, keywords: keywords.slice(0, MAX_MEMORY_KEYWORDS), offline: false };
  } catch (error) {
    if (deps.fallback === undefined || !isModelFailure(error)) throw error;
    const built = await deps.fallback.build.build({ trajectory });
    const keywords = await deps.fallback.keywords.extract({ task: trajectory.task });
    return { built: { ...built, builtBy: 'offline' }, keywords: keywords.slice(0, MAX_MEMORY_KEYWORDS), offline: true };
  }
}
