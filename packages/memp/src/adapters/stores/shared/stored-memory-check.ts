import { MAX_META_DEPTH } from '../../../core/json-record.js';
import type { Memory } from '../../../core/memory.js';

/**
 * The fields each object of a stored memory may hold, required ones marked `true`. They mirror the zod schemas
 * of `core/` (`MemorySchema`, `StepSchema`, `MemoryStatsSchema`, `ProvenanceSchema`); a test compares them with
 * the schemas' shapes, so a schema change cannot leave this check behind unnoticed.
 */
export const STORED_MEMORY_FIELDS = {
  memory: {
    task: true,
    keywords: true,
    kind: true,
    steps: false,
    script: false,
    meta: false,
    id: true,
    namespace: true,
    status: true,
    stats: true,
    provenance: true,
    version: true,
    createdAt: true,
    updatedAt: true,
  },
  step: { thought: false, action: true, observation: false },
  stats: { retrieved: true, succeeded: true, failed: true, lastUsedAt: false },
  provenance: { builtBy: true, from: true, embedder: true, imported: false, pendingRebuild: false },
  imported: { stats: true, at: true },
} as const satisfies Record<string, Record<string, boolean>>;

type Fields = Readonly<Record<string, boolean>>;

const NAMESPACE_PATTERN = /^[A-Za-z0-9._:-]{1,64}$/;
const KINDS = new Set(['trajectory', 'script', 'proceduralization', 'lesson']);
const STATUSES = new Set(['active', 'deprecated']);

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Own keys all listed in `fields`, and every required one present. */
function hasFields(v: Record<string, unknown>, fields: Fields): boolean {
  for (const key in v) if (!Object.hasOwn(fields, key)) return false;
  for (const key in fields) if (fields[key] === true && !Object.hasOwn(v, key)) return false;
  return true;
}

const isString = (v: unknown): v is string => typeof v === 'string';
const isNonEmptyString = (v: unknown): boolean => typeof v === 'string' && v.length > 0;
const isCount = (v: unknown): boolean => Number.isSafeInteger(v) && (v as number) >= 0;
const optional = (v: unknown, check: (x: unknown) => boolean): boolean => v === undefined || check(v);

function isStringList(v: unknown): boolean {
  if (!Array.isArray(v)) return false;
  for (const x of v) if (typeof x !== 'string') return false;
  return true;
}

function isStep(v: unknown): boolean {
  return (
    isRecord(v) &&
    hasFields(v, STORED_MEMORY_FIELDS.step) &&
    isNonEmptyString(v['action']) &&
    optional(v['thought'], isString) &&
    optional(v['observation'], isString)
  );
}

function isStats(v: unknown): boolean {
  return (
    isRecord(v) &&
    hasFields(v, STORED_MEMORY_FIELDS.stats) &&
    isCount(v['retrieved']) &&
    isCount(v['succeeded']) &&
    isCount(v['failed']) &&
    optional(v['lastUsedAt'], isString)
  );
}

function isProvenance(v: unknown): boolean {
  if (!isRecord(v) || !hasFields(v, STORED_MEMORY_FIELDS.provenance)) return false;
  const imported = v['imported'];
  if (
    imported !== undefined &&
    !(
      isRecord(imported) &&
      hasFields(imported, STORED_MEMORY_FIELDS.imported) &&
      isStats(imported['stats']) &&
      isString(imported['at'])
    )
  )
    return false;
  return (
    isNonEmptyString(v['builtBy']) &&
    isStringList(v['from']) &&
    isNonEmptyString(v['embedder']) &&
    optional(v['pendingRebuild'], (x) => typeof x === 'boolean')
  );
}

/** JSON from `JSON.parse` nested at most `MAX_META_DEPTH` levels below `meta` (it holds nothing else JSON lacks). */
function withinMetaDepth(v: unknown, depth: number): boolean {
  if (typeof v === 'number') return Number.isFinite(v);
  if (typeof v !== 'object' || v === null) return true;
  if (depth > MAX_META_DEPTH) return false;
  if (Array.isArray(v)) {
    for (const x of v) if (!withinMetaDepth(x, depth + 1)) return false;
    return true;
  }
  for (const key in v) if (!withinMetaDepth((v as Record<string, unknown>)[key], depth + 1)) return false;
  return true;
}

/**
 * True when `raw`, the `JSON.parse` of a stored memory body, certainly satisfies `MemorySchema` as it is (the
 * schema's output would equal it): the fast path of reading memories, which allocates nothing. It may say false
 * to something the schema accepts (then the schema decides, and reports what is wrong), never true to something
 * the schema rejects.
 */
export function isPlainStoredMemory(raw: unknown): raw is Memory {
  if (!isRecord(raw) || !hasFields(raw, STORED_MEMORY_FIELDS.memory)) return false;
  const steps = raw['steps'];
  if (steps !== undefined) {
    if (!Array.isArray(steps)) return false;
    for (const step of steps) if (!isStep(step)) return false;
  }
  const meta = raw['meta'];
  if (meta !== undefined && !(isRecord(meta) && withinMetaDepth(meta, 0))) return false;
  const version = raw['version'];
  return (
    isNonEmptyString(raw['task']) &&
    isStringList(raw['keywords']) &&
    KINDS.has(raw['kind'] as string) &&
    optional(raw['script'], isString) &&
    isNonEmptyString(raw['id']) &&
    typeof raw['namespace'] === 'string' &&
    NAMESPACE_PATTERN.test(raw['namespace']) &&
    STATUSES.has(raw['status'] as string) &&
    isStats(raw['stats']) &&
    isProvenance(raw['provenance']) &&
    Number.isSafeInteger(version) &&
    (version as number) > 0 &&
    isString(raw['createdAt']) &&
    isString(raw['updatedAt'])
  );
}
