import { expect } from 'vitest';
import { createFixedClock } from '../core/clock.js';
import type { Clock } from '../core/clock.js';
import { isMempError } from '../core/errors.js';
import type { ErrorCode } from '../core/errors.js';
import type { Memory, MemoryKind, MemoryStatus } from '../core/memory.js';
import { createSeededRandom } from '../core/random.js';
import type { RandomSource } from '../core/random.js';
import type { EvidenceRecord } from '../core/evidence.js';
import type { Trajectory } from '../core/trajectory.js';
import { dot, normalizeInPlace } from '../core/vector.js';
import { keywordMatchScore } from '../adapters/stores/shared/keyword-match-score.js';
import type {
  ChangeSet,
  EmbeddingSpace,
  MemoryCreate,
  MemoryStore,
  MemoryVectors,
  VectorField,
  VectorHit,
} from '../ports/memory-store.js';

/** The namespace most contract tests write to. */
export const NS = 'contract';
/** The embedding space most contract tests use. */
export const SPACE: EmbeddingSpace = { embedder: 'contract-embedder', dimension: 8 };
/** A second space of the same embedder and another dimension (a namespace of its own, or a re-embedding). */
export const WIDE_SPACE: EmbeddingSpace = { embedder: SPACE.embedder, dimension: 12 };
/** A space of another embedder, refused where {@link SPACE} is recorded. */
export const OTHER_SPACE: EmbeddingSpace = { embedder: 'other-embedder', dimension: 8 };

/** A trusted local evidence record of `kind` about memory `memoryId`, dated 2026-01-01. */
export function evidenceRecord(id: string, memoryId: string, kind: EvidenceRecord['kind']): EvidenceRecord {
  return { id, memoryId, kind, source: 'local', trust: 'trusted', at: '2026-01-01T00:00:00.000Z' };
}

/**
 * Seeds memories m0–m9 into `store`, each with `supportPerMemory` support records (one per learn that used it, ids
 * `s<i>-<j>`), and three outcomes: `ok-3` (success of m3), `bad-7` and `ok-7` (failure and success of m7) — what a
 * tie-break's evidence read looks through.
 */
export async function seedTrackRecords(
  store: MemoryStore,
  fx: ContractFixtures,
  supportPerMemory: number,
): Promise<void> {
  await fx.seed(
    store,
    Array.from({ length: 10 }, (_, i) => ({ id: `m${i}` })),
  );
  const evidence: EvidenceRecord[] = [];
  for (let i = 0; i < 10; i++)
    for (let j = 0; j < supportPerMemory; j++) evidence.push(evidenceRecord(`s${i}-${j}`, `m${i}`, 'support'));
  evidence.push(
    evidenceRecord('ok-3', 'm3', 'success'),
    evidenceRecord('bad-7', 'm7', 'failure'),
    evidenceRecord('ok-7', 'm7', 'success'),
  );
  await store.apply(fx.change({ evidence }));
}

/** What each contract test gets: a fresh store and deterministic helpers. */
export interface ContractContext {
  /** The store under test (fresh for every test). */
  store(): MemoryStore;
  /** Deterministic fixtures (fresh for every test). */
  fx(): ContractFixtures;
}

/** Options for {@link ContractFixtures.memory}. */
export interface MemoryOptions {
  id: string;
  namespace?: string;
  task?: string;
  keywords?: string[];
  kind?: MemoryKind;
  status?: MemoryStatus;
  createdAt?: string;
  script?: string;
}

/** Deterministic builders for memories, vectors, trajectories and changes. */
export interface ContractFixtures {
  clock: Clock;
  random: RandomSource;
  /** A random unit vector of `dimension` (default {@link SPACE}'s). */
  unit(dimension?: number): Float32Array;
  memory(options: MemoryOptions): Memory;
  vectors(memory: Memory, dimension?: number): MemoryVectors;
  /** A create entry with random vectors. */
  create(options: MemoryOptions): MemoryCreate;
  trajectory(options: { id: string; namespace?: string; task?: string }): Trajectory;
  /** Applies one change creating these memories (random vectors, {@link SPACE}). */
  seed(store: MemoryStore, memories: MemoryOptions[]): Promise<MemoryCreate[]>;
  /** A change skeleton in {@link NS} at the next clock tick. */
  change(parts: Omit<ChangeSet, 'namespace' | 'at'> & { namespace?: string }): ChangeSet;
}

/** Builds fresh deterministic fixtures (seeded random, fixed clock). */
export function createContractFixtures(seed = 7): ContractFixtures {
  const clock = createFixedClock({ start: '2025-03-01T00:00:00.000Z', stepMs: 1000 });
  const random = createSeededRandom(seed);
  const fx: ContractFixtures = {
    clock,
    random,
    unit(dimension = SPACE.dimension) {
      const v = new Float32Array(dimension);
      for (let i = 0; i < dimension; i++) v[i] = random() * 2 - 1;
      return normalizeInPlace(v);
    },
    memory(o) {
      const at = o.createdAt ?? clock.now();
      const m: Memory = {
        id: o.id,
        namespace: o.namespace ?? NS,
        task: o.task ?? `task of ${o.id}`,
        keywords: o.keywords ?? ['alpha', 'beta'],
        kind: o.kind ?? 'script',
        status: o.status ?? 'active',
        stats: { retrieved: 0, succeeded: 0, failed: 0 },
        provenance: { builtBy: 'offline', from: [`traj-${o.id}`], embedder: SPACE.embedder },
        version: 1,
        createdAt: at,
        updatedAt: at,
        steps: [{ action: 'go to desk 1', observation: 'You see a lamp.' }, { action: 'take lamp' }],
        script: o.script ?? `1. find the thing for ${o.id}`,
        meta: { source: 'contract', nested: { n: 1 } },
      };
      return m;
    },
    vectors(memory, dimension = SPACE.dimension) {
      return { task: fx.unit(dimension), keywords: memory.keywords.map(() => fx.unit(dimension)) };
    },
    create(o) {
      const memory = fx.memory(o);
      return { memory, vectors: fx.vectors(memory) };
    },
    trajectory(o) {
      return {
        id: o.id,
        namespace: o.namespace ?? NS,
        task: o.task ?? `put a lamp on the desk (${o.id})`,
        steps: [{ thought: 'look around', action: 'look', observation: 'a room' }, { action: 'take lamp' }],
        outcome: { success: true, reward: 1, steps: 2 },
        model: 'offline',
        env: 'alfworld',
        meta: { seed: 3, tags: ['a', 'b'] },
      };
    },
    async seed(store, memories) {
      const creates = memories.map((o) => fx.create(o));
      const byNs = new Map<string, MemoryCreate[]>();
      for (const c of creates) byNs.set(c.memory.namespace, [...(byNs.get(c.memory.namespace) ?? []), c]);
      for (const [namespace, create] of byNs) {
        await store.apply({ namespace, at: clock.now(), space: SPACE, create });
      }
      return creates;
    },
    change(parts) {
      return { ...parts, namespace: parts.namespace ?? NS, at: clock.now() };
    },
  };
  return fx;
}

/** Asserts that `promise` rejects with a `MempError` carrying `code`. */
export async function expectCode(promise: Promise<unknown>, code: ErrorCode): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, `expected a MempError ${code}`).toBeDefined();
  expect(isMempError(error), `expected a MempError ${code}, got ${String(error)}`).toBe(true);
  if (isMempError(error)) expect(error.code).toBe(code);
}

/** What a reference model knows about one memory for scoring. */
export interface ModelEntry {
  id: string;
  status: MemoryStatus;
  vectors: MemoryVectors;
}

/** The port's search semantics computed naively: mean over queries of the best cosine in `field`. */
export function expectedHits(options: {
  entries: Iterable<ModelEntry>;
  field: VectorField;
  queries: Float32Array[];
  k: number;
  minScore?: number;
  status?: MemoryStatus[];
}): VectorHit[] {
  const statuses = new Set(options.status ?? ['active']);
  const hits: VectorHit[] = [];
  for (const e of options.entries) {
    if (!statuses.has(e.status)) continue;
    const rows = options.field === 'task' ? [e.vectors.task] : e.vectors.keywords;
    if (rows.length === 0) continue;
    let total = 0;
    for (const q of options.queries) total += Math.max(...rows.map((r) => dot(q, r)));
    const forward = total / options.queries.length;
    // Keywords: symmetric, the memory's keywords that match no query keyword count against it (no stuffing).
    const backward = rows.reduce((sum, r) => sum + Math.max(...options.queries.map((q) => dot(q, r))), 0) / rows.length;
    const score = options.field === 'task' ? forward : keywordMatchScore(forward, backward);
    if (options.minScore === undefined || score >= options.minScore) hits.push({ id: e.id, score });
  }
  hits.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return hits.slice(0, options.k);
}

/** Asserts two hit lists have the same ids in the same order and scores equal to 1e-5. */
export function expectSameHits(actual: VectorHit[], expected: VectorHit[]): void {
  expect(actual.map((h) => h.id)).toEqual(expected.map((h) => h.id));
  actual.forEach((h, i) => {
    expect(h.score).toBeCloseTo(expected[i]?.score ?? Number.NaN, 5);
  });
}
