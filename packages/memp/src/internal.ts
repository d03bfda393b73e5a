// The entry point `memp/internal`: helpers memp's own packages (memp-bench, the CLI's tests) share with the library.
// Not part of the public API: names here may change in any release. Users import from `memp`, `memp/sqlite`,
// `memp/postgres`, `memp/ai`, `memp/server` and `memp/testing`. Explicit named exports only.

// Errors and randomness
export { wrapError } from './core/errors.js';
export { createSeededRandom, hashString, sampleWithoutReplacement } from './core/random.js';
export type { RandomSource } from './core/random.js';

// Rendering: the delimiters and lead line of the prompt's memory block
export { MEMORY_CLOSE_TAG, MEMORY_OPEN_TAG, MEMP_GUIDELINES_LEAD } from './core/render/render-memories.js';
export { memoryContent } from './core/memory.js';

// What the offline policies read from actions, observations and memories
export { abstractAction } from './policies/build/abstract-action.js';
export { isFailedObservation } from './policies/build/action-grammar.js';
export { recordedFailures } from './policies/update/offline-adjuster.js';
export type { RecordedFailure } from './policies/update/offline-adjuster.js';
export { shouldDeprecate } from './policies/update/deprecation-rule.js';

// The model gateway and build cache: identities and cache keys
export { isLlmGateway, languageModelId, toLlmGateway } from './adapters/llm/to-llm-gateway.js';
export { buildCacheKeyString, hashText, hashTrajectoryContent } from './adapters/llm/build-cache.js';
export { SCRIPT_PROMPT_VERSION } from './adapters/llm/llm-script-writer.js';
export { KEYWORDS_PROMPT_VERSION } from './adapters/llm/llm-keyword-extractor.js';
