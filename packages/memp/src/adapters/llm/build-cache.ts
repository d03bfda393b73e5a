import { createHash } from 'node:crypto';
import type { Trajectory } from '../../core/trajectory.js';
import type { BuildCache, BuildCacheKey } from '../../ports/build-cache.js';

// The cache's interface is a port (`createMemp` takes one); re-exported here.
export type { BuildCache, BuildCacheKey } from '../../ports/build-cache.js';

/** The single string form of a key (for maps and files). */
export function buildCacheKeyString(key: BuildCacheKey): string {
  return JSON.stringify([key.content, key.model, key.prompt]);
}

/** SHA-256 (hex) of a text: the content hash of inputs that are plain text, such as a task for keyword extraction. */
export function hashText(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * SHA-256 (hex) of what an LLM build sees of a trajectory — task, steps (thought, action, observation) and
 * outcome — in a fixed field order. Ids, namespace and metadata are left out: the same episode learned in two
 * namespaces or under two ids hits the same cache entry.
 */
export function hashTrajectoryContent(trajectory: Pick<Trajectory, 'task' | 'steps' | 'outcome'>): string {
  const canonical = {
    task: trajectory.task,
    steps: trajectory.steps.map((s) => [s.thought ?? null, s.action, s.observation ?? null]),
    outcome: [trajectory.outcome.success, trajectory.outcome.reward ?? null, trajectory.outcome.steps],
  };
  return hashText(JSON.stringify(canonical));
}

/** An in-process {@link BuildCache}: a map that lives as long as the process (tests, one-off runs). */
export function createInMemoryBuildCache(): BuildCache {
  const entries = new Map<string, string>();
  return {
    specificationVersion: 'v1',
    async get(key) {
      return entries.get(buildCacheKeyString(key));
    },
    async set(key, value) {
      entries.set(buildCacheKeyString(key), value);
    },
  };
}
