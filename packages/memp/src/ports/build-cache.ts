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
  /**
   * The version of the BuildCache specification this implementation follows. memp checks it where the port is handed
   * over and refuses a version it does not know (`INVALID_ARGUMENT`), so a change to the port cannot pass silently.
   */
  readonly specificationVersion: 'v1';
  /** The value stored under `key`, or undefined on a miss. */
  get(key: BuildCacheKey): Promise<string | undefined>;
  /** Stores `value` under `key`, replacing any earlier value. */
  set(key: BuildCacheKey, value: string): Promise<void>;
}
