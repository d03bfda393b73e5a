import type { Memory, MemoryKind, MemoryStatus } from '../../core/memory.js';

/** A memory in a short list: enough to show a row and link to it. */
export interface MemoryBrief {
  id: string;
  task: string;
  kind: MemoryKind;
  status: MemoryStatus;
  /** Finished episodes that used it. */
  hits: number;
  /** `succeeded / hits`, 0..1; 0 without hits. */
  successRate: number;
}

/** One point of the growth curve: memories created in a time bucket, and the running totals after it. */
export interface GrowthPoint {
  /** Start of the bucket, ISO-8601 (UTC). */
  at: string;
  created: number;
  /** Memories created up to the end of this bucket. */
  total: number;
  /** Of those, how many are active now. */
  active: number;
}

/** Growth, best and worst procedures of a namespace. */
export interface NamespaceOverview {
  /** Bucket size of `growth`, chosen from the time span covered. */
  bucket: 'minute' | 'hour' | 'day';
  growth: GrowthPoint[];
  /** Memories with at least `minHits` hits, highest success rate first (ties: more hits first). */
  mostSuccessful: MemoryBrief[];
  /** The same memories, lowest success rate first (ties: more hits first). */
  leastSuccessful: MemoryBrief[];
}

/** At most this many growth points: the buckets widen until the curve fits. */
const MAX_POINTS = 120;
const BUCKET_MS = { minute: 60_000, hour: 3_600_000, day: 86_400_000 } as const;

/** Short description of a memory for lists. */
export function memoryBrief(m: Memory): MemoryBrief {
  const hits = m.stats.retrieved;
  return {
    id: m.id,
    task: m.task,
    kind: m.kind,
    status: m.status,
    hits,
    successRate: hits === 0 ? 0 : m.stats.succeeded / hits,
  };
}

/** Computes the overview of a namespace from all its memories (any order). */
export function namespaceOverview(options: {
  memories: readonly Memory[];
  top?: number;
  minHits?: number;
}): NamespaceOverview {
  const top = options.top ?? 5;
  const minHits = options.minHits ?? 1;
  const times = options.memories.map((m) => Date.parse(m.createdAt)).filter((t) => Number.isFinite(t));
  const span = times.length ? Math.max(...times) - Math.min(...times) : 0;
  const bucket = (['minute', 'hour', 'day'] as const).find((b) => span / BUCKET_MS[b] <= MAX_POINTS) ?? 'day';
  const size = BUCKET_MS[bucket];
  const buckets = new Map<number, { created: number; active: number }>();
  for (const m of options.memories) {
    const t = Date.parse(m.createdAt);
    if (!Number.isFinite(t)) continue;
    const key = Math.floor(t / size) * size;
    const b = buckets.get(key) ?? { created: 0, active: 0 };
    b.created++;
    if (m.status === 'active') b.active++;
    buckets.set(key, b);
  }
  let total = 0;
  let active = 0;
  const growth = [...buckets.entries()]
    .sort(([a], [b]) => a - b)
    .map(([key, b]) => {
      total += b.created;
      active += b.active;
      return { at: new Date(key).toISOString(), created: b.created, total, active };
    });
  const used = options.memories.filter((m) => m.stats.retrieved >= minHits).map(memoryBrief);
  const byRate = (sign: 1 | -1) => (x: MemoryBrief, y: MemoryBrief) =>
    sign * (y.successRate - x.successRate) || y.hits - x.hits || x.id.localeCompare(y.id);
  return {
    bucket,
    growth,
    mostSuccessful: [...used].sort(byRate(1)).slice(0, top),
    leastSuccessful: [...used].sort(byRate(-1)).slice(0, top),
  };
}

/** True when the memory's task, keywords, script, steps or id contain `query` (case-insensitive). */
export function memoryMatches(m: Memory, query: string): boolean {
  const q = query.toLowerCase();
  if (m.id.toLowerCase() === q || m.task.toLowerCase().includes(q) || (m.script?.toLowerCase().includes(q) ?? false))
    return true;
  if (m.keywords.some((k) => k.toLowerCase().includes(q))) return true;
  return (m.steps ?? []).some(
    (s) => s.action.toLowerCase().includes(q) || (s.thought?.toLowerCase().includes(q) ?? false),
  );
}
