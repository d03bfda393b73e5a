import { systemClock } from '../core/clock.js';
import { MempError, isMempError } from '../core/errors.js';
import { createSeededIds, randomIds } from '../core/ids.js';
import type { Memory } from '../core/memory.js';
import { DEFAULT_NAMESPACE, NamespaceSchema } from '../core/namespace.js';
import { type RenderMemoriesOptions, renderMemories } from '../core/render/render-memories.js';
import type { Retrieved } from '../core/retrieved.js';
import type { Revision } from '../core/revision.js';
import type { Embedder } from '../ports/embedder.js';
import type { MemoryStore, MemoryVectors, NamespaceStats } from '../ports/memory-store.js';
import { createHashingEmbedder } from '../adapters/embedders/hashing-embedder.js';
import { createLlmAdjuster } from '../adapters/llm/llm-adjuster.js';
import type { LlmGateway, LlmUsage } from '../adapters/llm/llm-gateway.js';
import { createLlmKeywordExtractor } from '../adapters/llm/llm-keyword-extractor.js';
import { createLlmScriptWriter } from '../adapters/llm/llm-script-writer.js';
import { toLlmGateway } from '../adapters/llm/to-llm-gateway.js';
import { createInMemoryMemoryStore } from '../adapters/stores/in-memory/in-memory-memory-store.js';
import { GENERIC_ACTION_GRAMMAR } from '../policies/build/action-grammar.js';
import { createBuildPolicy } from '../policies/build/create-build-policy.js';
import { createOfflineScriptWriter } from '../policies/build/offline-script-writer.js';
import { createRetrievePolicy } from '../policies/retrieve/create-retrieve-policy.js';
import { createOfflineKeywordExtractor } from '../policies/retrieve/offline-keyword-extractor.js';
import type { RetrievePolicy, RetrievePolicyName } from '../policies/retrieve/retrieve-policy.js';
import { createUpdatePolicy } from '../policies/update/create-update-policy.js';
import { DEFAULT_DEPRECATION_RULE } from '../policies/update/deprecation-rule.js';
import { createOfflineAdjuster } from '../policies/update/offline-adjuster.js';
import { embedMemoryTexts } from './embed-memory-texts.js';
import { exportMemories } from './export-memories.js';
import { listAllMemories } from './list-all-memories.js';
import { type MemoryOperations, createMemoryOperations } from './memory-operations.js';
import type { ExportHeader } from './export-format.js';
import { type ImportResult, importMemories } from './import-memories.js';
import { type LearnItem, type LearnPlannerDeps, type LearnResult, planLearning } from './learn-planner.js';
import type { MempOptions } from './memp-options.js';
import { normalizeTrajectory } from './normalize-trajectory.js';
import { selectWithinBudget } from './select-within-budget.js';
import { absorbCreates } from './absorb-creates.js';
import { type ConsolidationReport, consolidateNamespace } from './consolidate-namespace.js';
import { consolidationRule, resolveConsolidation, retentionFor } from './consolidation-settings.js';
import { learnUpkeep } from './learn-upkeep.js';
import { createLlmMerger } from '../adapters/llm/llm-merger.js';
import { resolveTrajectoryLimits } from '../core/trajectory-limits.js';
import { type RebuildResult, rebuildPending } from './rebuild-pending.js';
import { checkLines, checkOptionalNumber, checkRequest, checkRetrievedList } from './check-request.js';

/** A request to retrieve memories for a task. */
export interface RetrieveOptions {
  task: string;
  namespace?: string;
  k?: number;
  minScore?: number;
  maxTokens?: number;
  /** Override the engine's retrieval policy for this call. */
  policy?: RetrievePolicyName | RetrievePolicy;
}

/** One finished episode to learn from: a trajectory as users submit it, and the memories it used. */
export interface LearnOptions {
  /** A trajectory in the input format (`TrajectoryInputSchema`); validated. */
  trajectory: unknown;
  /** Ids of the memories retrieved for this episode (also accepted as `trajectory.used`). */
  used?: string[];
  namespace?: string;
}

/** The memp engine: retrieve before a task, learn after it; plus the operations on stored memories. */
export interface Memp extends MemoryOperations {
  /** The embedder in use (its id tags every vector). */
  readonly embedder: Embedder;
  /** The store in use. */
  readonly store: MemoryStore;
  /** The gateway of the engine's language model (`model` option), if any; share it with an agent for one budget. */
  readonly gateway: LlmGateway | undefined;
  /** Tokens and calls of the engine's language model so far (zeros offline), for run summaries. */
  llmUsage(): LlmUsage;
  /** Retrieves the memories most likely to help with `task`, best first, within k, minScore and maxTokens. */
  retrieve(options: RetrieveOptions): Promise<Retrieved[]>;
  /** Learns from one finished episode (build + update + deprecation), atomically. */
  learn(options: LearnOptions): Promise<LearnResult>;
  /**
   * Learns from many episodes in order, as ONE atomic change: if any trajectory is invalid, nothing is
   * written and the error names the item (`where` labels, e.g. file lines, are used in messages).
   */
  learnBatch(options: {
    items: Array<{ trajectory: unknown; used?: string[]; where?: string }>;
    namespace?: string;
  }): Promise<LearnResult[]>;
  /** Renders retrieved memories into prompt text, delimited as data. */
  render(retrieved: readonly Retrieved[], options?: RenderMemoriesOptions): string;
  /** One memory with its history. `NOT_FOUND` when absent. */
  show(options: { id: string; namespace?: string }): Promise<{ memory: Memory; revisions: Revision[] }>;
  /** A page of memories in creation order. */
  list(options?: {
    namespace?: string;
    status?: 'active' | 'deprecated';
    limit?: number;
    after?: string;
  }): Promise<Memory[]>;
  /** Counts for a namespace. */
  stats(options?: { namespace?: string }): Promise<NamespaceStats>;
  /** Writes a namespace as export lines (see `exportMemories`). */
  exportTo(options: {
    write: (line: string) => void | Promise<void>;
    namespace?: string;
    embeddings?: boolean;
  }): Promise<ExportHeader>;
  /** Imports export lines atomically, re-embedding when the file's embedder differs. */
  importFrom(options: {
    lines: Iterable<string> | AsyncIterable<string>;
    namespace?: string;
    onConflict?: 'error' | 'skip';
    source?: string;
  }): Promise<ImportResult>;
  /** Recomputes every vector of a namespace with this engine's embedder (after changing embedders). */
  reembed(options?: { namespace?: string }): Promise<{ memories: number }>;
  /**
   * Merges each cluster of active memories that say the same thing into one survivor (absorbed ones deprecated with
   * a pointer to it) and applies the namespace's retention limits, atomically; `dryRun` only reports the clusters.
   * Uses the engine's consolidation rule (the default rule when consolidation on learn is off).
   */
  consolidate(options?: { namespace?: string; dryRun?: boolean }): Promise<ConsolidationReport>;
  /**
   * Retries the model for memories built offline after a model failure (`provenance.pendingRebuild`); see
   * {@link rebuildPending}.
   */
  rebuild(options?: { namespace?: string }): Promise<RebuildResult>;
  /** Closes the store. */
  close(): Promise<void>;
}

const MAX_CONFLICT_RETRIES = 5;

/**
 * Creates the memp engine: composes a store, an embedder and the paper's build, retrieve and update policies.
 * With no options it runs offline on an in-memory store (nothing is written to disk; pass a store from `memp/sqlite` or
 * `memp/postgres` to keep memories).
 */
export function createMemp(options: MempOptions = {}): Memp {
  const store = options.store ?? createInMemoryMemoryStore();
  const embedder = options.embedder ?? createHashingEmbedder();
  const clock = options.clock ?? systemClock;
  const ids = options.ids ?? (options.seed === undefined ? randomIds : createSeededIds(options.seed));
  const grammar = options.grammar ?? GENERIC_ACTION_GRAMMAR;
  const limits = resolveTrajectoryLimits(options.limits);
  const gateway = options.model === undefined ? undefined : toLlmGateway({ model: options.model });
  const cache = options.buildCache === undefined ? {} : { cache: options.buildCache };
  const example = options.example === undefined ? {} : { example: options.example };
  const writer =
    options.scriptWriter ??
    (gateway ? createLlmScriptWriter({ gateway, ...cache }) : createOfflineScriptWriter({ grammar }));
  const keywords =
    options.keywords ?? (gateway ? createLlmKeywordExtractor({ gateway, ...cache }) : createOfflineKeywordExtractor());
  const seedOption = options.seed === undefined ? {} : { seed: options.seed };
  const resolveRetrieve = (p: RetrievePolicyName | RetrievePolicy | undefined): RetrievePolicy => {
    if (typeof p === 'object' && p !== null) {
      if (typeof p.retrieve !== 'function' || typeof p.name !== 'string') {
        throw new MempError('INVALID_ARGUMENT', 'a retrieval policy object needs a name and a retrieve function', {
          details: { field: 'policy' },
        });
      }
      return p;
    }
    if (p !== undefined && typeof p !== 'string')
      throw new MempError('INVALID_ARGUMENT', 'policy must be a name or a policy object', {
        details: { field: 'policy' },
      });
    return createRetrievePolicy({ name: p ?? 'query', ...seedOption });
  };
  const retrievePolicy = resolveRetrieve(options.retrieve);
  const deps: LearnPlannerDeps = {
    store,
    embedder,
    clock,
    ids,
    keywords,
    build:
      typeof options.build === 'object'
        ? options.build
        : createBuildPolicy({ name: options.build ?? 'proceduralization', writer, grammar, ...example }),
    update:
      typeof options.update === 'object'
        ? options.update
        : createUpdatePolicy({ name: options.update ?? 'adjustment', grammar }),
    adjuster:
      options.adjuster ??
      (gateway ? createLlmAdjuster({ gateway }) : createOfflineAdjuster({ writer, grammar, ...example })),
    deprecation: options.deprecation === undefined ? DEFAULT_DEPRECATION_RULE : options.deprecation,
  };
  const consolidation = resolveConsolidation(options.consolidate);
  const merger = options.merger ?? (gateway ? createLlmMerger({ gateway }) : undefined);
  // A failed model call must not lose the episode: build it offline and mark it for `rebuild` (default).
  if ((options.onBuildError ?? 'offline') === 'offline') {
    const name = typeof options.build === 'object' ? 'proceduralization' : (options.build ?? 'proceduralization');
    deps.fallback = {
      build: createBuildPolicy({ name, writer: createOfflineScriptWriter({ grammar }), grammar, ...example }),
      keywords: createOfflineKeywordExtractor(),
    };
  }
  const defaultK = positiveInt(options.k ?? 3, 'k');
  const ns = (namespace: string | undefined) => parseNamespace(namespace ?? options.namespace ?? DEFAULT_NAMESPACE);

  async function assertSpace(namespace: string) {
    const space = await store.space({ namespace });
    if (space && (space.embedder !== embedder.id || space.dimension !== embedder.dimension)) {
      throw new MempError(
        'EMBEDDER_MISMATCH',
        `namespace "${namespace}" holds vectors of embedder ${space.embedder} (${space.dimension}d) but this engine uses ${embedder.id} (${embedder.dimension}d); run \`memp reembed\``,
        { details: { namespace, stored: space.embedder, current: embedder.id } },
      );
    }
  }

  async function learnItems(namespace: string, items: LearnItem[]): Promise<LearnResult[]> {
    for (let attempt = 1; ; attempt++) {
      const { change, results } = await planLearning({ namespace, items, deps });
      if (consolidation) await absorbCreates({ change, results, store, rule: consolidation });
      try {
        await store.apply(change);
        await learnUpkeep({
          store,
          namespace,
          results,
          clock,
          rule: consolidation,
          retention: retentionFor(options.retention, namespace),
        });
        return results;
      } catch (error) {
        // The store rejects a mixed embedding space itself; say how to fix it.
        if (isMempError(error, 'EMBEDDER_MISMATCH')) await assertSpace(namespace);
        if (!isMempError(error, 'CONFLICT')) throw error;
        // A CONFLICT is either a trajectory learned before (final) or a concurrent writer that changed a memory
        // this episode updates (re-read and re-plan).
        for (const item of items) {
          if (await store.trajectory({ namespace, id: item.trajectory.id })) {
            throw new MempError(
              'CONFLICT',
              `trajectory "${item.trajectory.id}" was already learned in "${namespace}"`,
              {
                details: { trajectory: item.trajectory.id },
              },
            );
          }
        }
        if (attempt >= MAX_CONFLICT_RETRIES) throw error;
      }
    }
  }

  return {
    ...createMemoryOperations({ store, embedder, clock, deprecation: deps.deprecation, namespace: ns }),
    embedder,
    store,
    gateway,
    llmUsage: () => gateway?.usage() ?? { input: 0, output: 0, calls: 0 },
    async retrieve(request) {
      checkRequest(request, 'retrieve');
      const namespace = ns(request.namespace);
      if (typeof request.task !== 'string')
        throw new MempError('INVALID_ARGUMENT', 'task must be a string', { details: { field: 'task' } });
      const task = request.task.trim();
      if (!task) throw new MempError('INVALID_ARGUMENT', 'task must not be empty', { details: { field: 'task' } });
      const policy = request.policy === undefined ? retrievePolicy : resolveRetrieve(request.policy);
      const k = positiveInt(request.k ?? defaultK, 'k');
      const minScore = checkOptionalNumber(request.minScore, 'minScore') ?? options.minScore;
      const maxTokens = checkOptionalNumber(request.maxTokens, 'maxTokens', 0) ?? options.maxTokens;
      await assertSpace(namespace);
      const hits = await policy.retrieve(
        { namespace, task, k, ...(minScore === undefined ? {} : { minScore }) },
        { store, embedder, keywords },
      );
      const memories = new Map((await store.get({ namespace, ids: hits.map((h) => h.id) })).map((m) => [m.id, m]));
      const retrieved: Retrieved[] = [];
      for (const hit of hits) {
        const memory = memories.get(hit.id);
        if (memory && memory.status === 'active') retrieved.push({ memory, score: hit.score, key: hit.key });
      }
      return selectWithinBudget(retrieved, maxTokens);
    },
    async learn(request) {
      checkRequest(request, 'learn');
      const namespace = ns(request.namespace);
      const { trajectory, used } = normalizeTrajectory({ input: request.trajectory, namespace, ids, limits });
      const [result] = await learnItems(namespace, [
        { trajectory: { ...trajectory, namespace }, used: request.used ?? used },
      ]);
      return result as LearnResult;
    },
    async learnBatch(request) {
      checkRequest(request, 'learnBatch');
      const namespace = ns(request.namespace);
      if (!Array.isArray(request.items))
        throw new MempError('INVALID_ARGUMENT', 'items must be a list', { details: { field: 'items' } });
      const items = request.items.map((item, index) => {
        checkRequest(item, `learnBatch item ${index + 1}`);
        const where = item.where ?? `item ${index + 1}`;
        const { trajectory, used } = normalizeTrajectory({ input: item.trajectory, namespace, ids, where, limits });
        return { trajectory: { ...trajectory, namespace }, used: item.used ?? used, where };
      });
      const seen = new Set<string>();
      for (const item of items) {
        if (seen.has(item.trajectory.id)) {
          throw new MempError('INVALID_ARGUMENT', `trajectory id "${item.trajectory.id}" appears twice`, {
            details: { field: 'id' },
          });
        }
        seen.add(item.trajectory.id);
      }
      return items.length === 0 ? [] : learnItems(namespace, items);
    },
    render(retrieved, renderOptions) {
      checkRequest(renderOptions, 'render', { optional: true });
      return renderMemories(checkRetrievedList(retrieved), { format: options.format ?? 'memp', ...renderOptions });
    },
    async show(request) {
      checkRequest(request, 'show');
      const namespace = ns(request.namespace);
      const [memory] = await store.get({ namespace, ids: [request.id] });
      if (!memory)
        throw new MempError('NOT_FOUND', `memory "${request.id}" not found in "${namespace}"`, {
          details: { id: request.id },
        });
      return { memory, revisions: await store.revisions({ namespace, memoryId: request.id }) };
    },
    async list(request = {}) {
      checkRequest(request, 'list');
      const { namespace, ...rest } = request;
      return store.list({ namespace: ns(namespace), ...rest });
    },
    async stats(request = {}) {
      checkRequest(request, 'stats');
      return store.stats({ namespace: ns(request.namespace) });
    },
    async exportTo(request) {
      checkRequest(request, 'exportTo');
      if (typeof request.write !== 'function')
        throw new MempError('INVALID_ARGUMENT', 'write must be a function', { details: { field: 'write' } });
      return exportMemories({
        store,
        namespace: ns(request.namespace),
        embeddings: request.embeddings ?? false,
        clock,
        write: request.write,
      });
    },
    async importFrom(request) {
      checkRequest(request, 'importFrom');
      const namespace = ns(request.namespace);
      const lines = checkLines(request.lines);
      await assertSpace(namespace);
      return importMemories({
        store,
        embedder,
        namespace,
        clock,
        lines,
        ...(request.onConflict === undefined ? {} : { onConflict: request.onConflict }),
        ...(request.source === undefined ? {} : { source: request.source }),
      });
    },
    async reembed(request = {}) {
      checkRequest(request, 'reembed');
      const namespace = ns(request.namespace);
      const all = await listAllMemories({ store, namespace });
      const vectors = await embedMemoryTexts(embedder, all);
      const items = all.map((m, i) => ({ id: m.id, vectors: vectors[i] as MemoryVectors }));
      await store.reembed({
        namespace,
        space: { embedder: embedder.id, dimension: embedder.dimension },
        vectors: items,
      });
      return { memories: items.length };
    },
    async consolidate(request = {}) {
      const namespace = ns(request.namespace);
      const retention = retentionFor(options.retention, namespace);
      return consolidateNamespace({
        store,
        namespace,
        clock,
        dryRun: request.dryRun ?? false,
        rule: consolidation ?? consolidationRule(typeof options.consolidate === 'object' ? options.consolidate : {}),
        ...(merger ? { merger } : {}),
        ...(retention ? { retention } : {}),
      });
    },
    async rebuild(request = {}) {
      checkRequest(request, 'rebuild');
      const namespace = ns(request.namespace);
      await assertSpace(namespace);
      return rebuildPending({ store, embedder, clock, namespace, deps });
    },
    close: () => store.close(),
  };
}

function positiveInt(value: number, field: string): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new MempError('INVALID_ARGUMENT', `${field} must be a positive integer`, { details: { field } });
  }
  return value;
}

function parseNamespace(value: string): string {
  const parsed = NamespaceSchema.safeParse(value);
  if (!parsed.success) {
    throw new MempError('INVALID_ARGUMENT', `invalid namespace "${value}": ${parsed.error.issues[0]?.message ?? ''}`, {
      details: { field: 'namespace' },
    });
  }
  return parsed.data;
}
