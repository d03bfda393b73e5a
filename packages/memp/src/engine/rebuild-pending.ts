import type { Clock } from '../core/clock.js';
import { isMempError } from '../core/errors.js';
import type { MemoryContent } from '../core/memory.js';
import type { Embedder } from '../ports/embedder.js';
import type { MemoryStore } from '../ports/memory-store.js';
import { embedMemoryTexts } from './embed-memory-texts.js';
import { buildWithFallback } from './build-with-fallback.js';
import type { LearnPlannerDeps } from './learn-planner.js';
import { listAllMemories } from './list-all-memories.js';

/** What a rebuild did. */
export interface RebuildResult {
  /** Memories rebuilt with the model (no longer pending). */
  rebuilt: string[];
  /** Memories whose model call failed again (still pending). */
  failed: string[];
  /** Memories left pending because their source trajectory is not stored. */
  missingTrajectory: string[];
}

/**
 * Retries the model for every memory of `namespace` marked `provenance.pendingRebuild` (built offline after a model
 * failure): rebuilds it from its source trajectory with the engine's build policy and keyword extractor, and on
 * success replaces its content and vectors, records the model as `builtBy` and clears the mark (one revision,
 * reason `edit`). A model that fails again leaves the memory as it was, still pending.
 */
export async function rebuildPending(options: {
  store: MemoryStore;
  embedder: Embedder;
  clock: Clock;
  namespace: string;
  deps: Pick<LearnPlannerDeps, 'build' | 'keywords'>;
}): Promise<RebuildResult> {
  const { store, embedder, clock, namespace } = options;
  const result: RebuildResult = { rebuilt: [], failed: [], missingTrajectory: [] };
  const pending = (await listAllMemories({ store, namespace })).filter((m) => m.provenance.pendingRebuild === true);
  for (const memory of pending) {
    const source = memory.provenance.from[0];
    const trajectory = source === undefined ? undefined : await store.trajectory({ namespace, id: source });
    if (trajectory === undefined) {
      result.missingTrajectory.push(memory.id);
      continue;
    }
    let out: Awaited<ReturnType<typeof buildWithFallback>>;
    try {
      out = await buildWithFallback({
        trajectory,
        deps: { build: options.deps.build, keywords: options.deps.keywords },
      });
    } catch (error) {
      if (isMempError(error, 'PROVIDER_FAILED') || isMempError(error, 'PROVIDER_OUTPUT_INVALID')) {
        result.failed.push(memory.id);
        continue;
      }
      throw error;
    }
    const content: Partial<MemoryContent> = { kind: out.built.kind, keywords: out.keywords };
    if (out.built.script !== undefined) content.script = out.built.script;
    if (out.built.steps !== undefined) content.steps = out.built.steps;
    const [vectors] = await embedMemoryTexts(embedder, [{ task: memory.task, keywords: out.keywords }]);
    const { pendingRebuild: _cleared, ...provenance } = memory.provenance;
    await store.apply({
      namespace,
      at: clock.now(),
      space: { embedder: embedder.id, dimension: embedder.dimension },
      update: [
        {
          id: memory.id,
          expectedVersion: memory.version,
          content,
          reason: 'edit',
          note: 'rebuilt with the model',
          provenance: { ...provenance, builtBy: out.built.builtBy },
          ...(vectors === undefined ? {} : { vectors }),
        },
      ],
    });
    result.rebuilt.push(memory.id);
  }
  return result;
}
