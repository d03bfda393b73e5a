import { systemClock } from '../core/clock.js';
import { createSeededIds, randomIds } from '../core/ids.js';
import { createHashingEmbedder } from '../adapters/embedders/hashing-embedder.js';
import { createLlmAdjuster } from '../adapters/llm/llm-adjuster.js';
import { createLlmKeywordExtractor } from '../adapters/llm/llm-keyword-extractor.js';
import { createLlmLessonWriter } from '../adapters/llm/llm-lesson-writer.js';
import { createLlmMerger } from '../adapters/llm/llm-merger.js';
import { createLlmScriptWriter } from '../adapters/llm/llm-script-writer.js';
import { toLlmGateway } from '../adapters/llm/to-llm-gateway.js';
import { createInMemoryMemoryStore } from '../adapters/stores/in-memory/in-memory-memory-store.js';
import { checkPortVersions } from '../engine/check-port-versions.js';
import type { EngineParts } from '../engine/engine-parts.js';
import type { MempOptions } from '../engine/memp-options.js';
import { resolveRetrievePolicy } from '../engine/resolve-retrieve-policy.js';
import { GENERIC_ACTION_GRAMMAR } from '../policies/build/action-grammar.js';
import { createBuildPolicy } from '../policies/build/create-build-policy.js';
import { createOfflineScriptWriter } from '../policies/build/offline-script-writer.js';
import { createOfflineKeywordExtractor } from '../policies/retrieve/offline-keyword-extractor.js';
import { createUpdatePolicy } from '../policies/update/create-update-policy.js';
import { DEFAULT_DEPRECATION_RULE } from '../policies/update/deprecation-rule.js';
import { createOfflineAdjuster } from '../policies/update/offline-adjuster.js';
import { createOfflineLessonWriter } from '../policies/update/offline-lesson-writer.js';

/**
 * The default choices of {@link MempOptions}: a fresh in-memory store, the offline hashing embedder, the wall clock,
 * random (or seeded) ids; with a `model`, its gateway and the LLM script writer, keyword extractor, adjuster and
 * merger, else the offline policies; `proceduralization`, `query` and `adjustment`; the default deprecation rule;
 * and, unless `onBuildError` is `fail`, an offline fallback for a failed model build. Explicit options always win.
 */
export function composeEngineParts(options: MempOptions): EngineParts {
  checkPortVersions({
    store: options.store,
    embedder: options.embedder,
    buildCache: options.buildCache,
    scriptWriter: options.scriptWriter,
    keywords: options.keywords,
    adjuster: options.adjuster,
    merger: options.merger,
    lessonWriter: options.lessonWriter,
  });
  const grammar = options.grammar ?? GENERIC_ACTION_GRAMMAR;
  const gateway = options.model === undefined ? undefined : toLlmGateway({ model: options.model });
  checkPortVersions({ model: gateway });
  const cache = options.buildCache === undefined ? {} : { cache: options.buildCache };
  const example = options.example === undefined ? {} : { example: options.example };
  const writer =
    options.scriptWriter ??
    (gateway ? createLlmScriptWriter({ gateway, ...cache }) : createOfflineScriptWriter({ grammar }));
  const buildName = typeof options.build === 'object' ? 'proceduralization' : (options.build ?? 'proceduralization');
  // A failed model call must not lose the episode: build it offline and mark it for `rebuild` (default).
  const fallback =
    (options.onBuildError ?? 'offline') === 'offline'
      ? {
          build: createBuildPolicy({
            name: buildName,
            writer: createOfflineScriptWriter({ grammar }),
            grammar,
            ...example,
          }),
          keywords: createOfflineKeywordExtractor(),
        }
      : undefined;
  return {
    store: options.store ?? createInMemoryMemoryStore(),
    embedder: options.embedder ?? createHashingEmbedder(),
    gateway,
    clock: options.clock ?? systemClock,
    ids: options.ids ?? (options.seed === undefined ? randomIds : createSeededIds(options.seed)),
    keywords:
      options.keywords ??
      (gateway ? createLlmKeywordExtractor({ gateway, ...cache }) : createOfflineKeywordExtractor()),
    retrieve: resolveRetrievePolicy(options.retrieve, options.seed, options.hybrid),
    build:
      typeof options.build === 'object'
        ? options.build
        : createBuildPolicy({ name: buildName, writer, grammar, ...example }),
    update:
      typeof options.update === 'object'
        ? options.update
        : createUpdatePolicy({ name: options.update ?? 'adjustment', grammar }),
    adjuster:
      options.adjuster ??
      (gateway ? createLlmAdjuster({ gateway }) : createOfflineAdjuster({ writer, grammar, ...example })),
    lessons:
      options.lessonWriter ?? (gateway ? createLlmLessonWriter({ gateway }) : createOfflineLessonWriter({ grammar })),
    deprecation: options.deprecation === undefined ? DEFAULT_DEPRECATION_RULE : options.deprecation,
    fallback,
    merger: options.merger ?? (gateway ? createLlmMerger({ gateway }) : undefined),
  };
}
