import { createHash } from 'node:crypto';
import type { Trajectory } from '../../core/trajectory.js';

/**
 * What a cached LLM build output is keyed by: the content it was built from, the model that built it, and the
 * version of the prompt that asked for it. Changing any of the three misses the cache, so a new model or a
 * reworded prompt is paid for once and a rerun of the same work is free.
 */
export interface BuildCacheKey {
  /** Content hash of the input, e.g. {@link hashTrajectoryContent}. */
  content: string;
  /** Model id, e.g. `openai:gpt-4o-mini`. */
  model: string;
  /** Prompt version, e.g. `script-v1`. */
  prompt: string;
}

/** A cache of LLM build outputs (scripts, keyword lists) keyed by {@link BuildCacheKey}. Values are strings. */
export interface BuildCache {
  get(key: BuildCacheKey): Promise<string | undefined>;
  set(key: BuildCacheKey, value: string): Promise<void>;
}

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
    async get(key) {
      return entries.get(buildCacheKeyString(key));
    },
    async set(key, value) {
      entries.set(buildCacheKeyString(key), value);
    },
  };
}
