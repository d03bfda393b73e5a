import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { MAX_META_DEPTH } from '../../../core/json-record.js';
import { MemorySchema, MemoryStatsSchema, ProvenanceSchema } from '../../../core/memory.js';
import { StepSchema } from '../../../core/step.js';
import { memoryFromRow } from './stored-json.js';
import { isPlainStoredMemory, STORED_MEMORY_FIELDS } from './stored-memory-check.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Equal JSON values, key order aside. */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

function nested(depth: number): Json {
  let v: Json = 'leaf';
  for (let i = 0; i < depth; i++) v = { d: v };
  return v;
}

const full: { [key: string]: Json } = {
  task: 'put a kettle in sinkbasin 1',
  keywords: ['put', 'kettle'],
  kind: 'proceduralization',
  steps: [
    { thought: 'find it', action: 'go to countertop 3', observation: 'You see a kettle 1.' },
    { action: 'take kettle 1 from countertop 3' },
  ],
  script: '1. go to countertop 3',
  meta: { env: 'alfworld', score: 0.5, tags: ['a', { b: [1, null, true] }], deep: nested(MAX_META_DEPTH - 1) },
  id: 'mem_1',
  namespace: 'team.a:b-c_d',
  status: 'active',
  stats: { retrieved: 3, succeeded: 2, failed: 1, lastUsedAt: '2026-12-01T00:00:00.000Z' },
  provenance: {
    builtBy: 'offline',
    from: ['t1'],
    embedder: 'hashing-v1-512',
    imported: { stats: { retrieved: 1, succeeded: 1, failed: 0 }, at: '2026-11-01T00:00:00.000Z' },
    pendingRebuild: true,
  },
  version: 2,
  createdAt: '2026-11-01T00:00:00.000Z',
  updatedAt: '2026-12-01T00:00:00.000Z',
};

const minimal: { [key: string]: Json } = {
  task: 't',
  keywords: [],
  kind: 'script',
  id: 'm',
  namespace: 'default',
  status: 'deprecated',
  stats: { retrieved: 0, succeeded: 0, failed: 0 },
  provenance: { builtBy: 'gpt', from: [], embedder: 'e' },
  version: 1,
  createdAt: '',
  updatedAt: '',
};

const REPLACEMENTS: Json[] = [
  '',
  'x',
  'active',
  null,
  -1,
  0,
  1.5,
  2 ** 53,
  true,
  [],
  ['x'],
  [1],
  {},
  { action: 'a' },
  nested(MAX_META_DEPTH + 2),
];

/** Every variant of `value` with one field replaced, removed or added, at any depth. */
function* mutations(value: Json): Generator<Json> {
  if (typeof value !== 'object' || value === null) return;
  const keys = Array.isArray(value) ? value.map((_, i) => String(i)) : Object.keys(value);
  const withChild = (key: string, child: Json | undefined): Json => {
    if (Array.isArray(value)) {
      const copy = value.slice();
      if (child === undefined) copy.splice(Number(key), 1);
      else copy[Number(key)] = child;
      return copy;
    }
    const copy: { [key: string]: Json } = { ...value };
    if (child === undefined) delete copy[key];
    else copy[key] = child;
    return copy;
  };
  for (const key of keys) {
    const child = (value as Record<string, Json>)[key] as Json;
    yield withChild(key, undefined);
    for (const r of REPLACEMENTS) yield withChild(key, r);
    for (const m of mutations(child)) yield withChild(key, m);
  }
  if (!Array.isArray(value)) yield { ...value, unexpected: 1 };
  else yield [...value, 'extra'];
}

/** The schema's keys, required ones `true` (a field is optional when the schema accepts it missing). */
function shapeOf(schema: z.ZodObject): Record<string, boolean> {
  return Object.fromEntries(
    Object.entries(schema.shape).map(([key, field]) => [key, !(field as z.ZodType).safeParse(undefined).success]),
  );
}

describe('isPlainStoredMemory (the fast path of reading stored memories)', () => {
  it('lists exactly the fields of the zod schemas it stands in for', () => {
    expect(STORED_MEMORY_FIELDS.memory).toEqual(shapeOf(MemorySchema));
    expect(STORED_MEMORY_FIELDS.step).toEqual(shapeOf(StepSchema));
    expect(STORED_MEMORY_FIELDS.stats).toEqual(shapeOf(MemoryStatsSchema));
    expect(STORED_MEMORY_FIELDS.provenance).toEqual(shapeOf(ProvenanceSchema));
    const imported = ProvenanceSchema.shape.imported.unwrap();
    expect(STORED_MEMORY_FIELDS.imported).toEqual(shapeOf(imported));
  });

  it('accepts valid memories and never accepts what the schema rejects or would change', () => {
    expect(isPlainStoredMemory(full)).toBe(true);
    expect(isPlainStoredMemory(minimal)).toBe(true);
    let accepted = 0;
    let rejected = 0;
    for (const base of [full, minimal]) {
      for (const variant of mutations(base)) {
        const raw: unknown = JSON.parse(JSON.stringify(variant));
        const parsed = MemorySchema.safeParse(raw);
        if (isPlainStoredMemory(raw)) {
          accepted++;
          expect(parsed.success, JSON.stringify(variant).slice(0, 300)).toBe(true);
          expect(sameJson(parsed.data, raw)).toBe(true);
        } else {
          rejected++;
          // Allowed (the schema then decides), but not expected of this check: it is as strict as the schema.
          expect(parsed.success, JSON.stringify(variant).slice(0, 300)).toBe(false);
        }
      }
    }
    // Both sides are exercised.
    expect(accepted).toBeGreaterThan(100);
    expect(rejected).toBeGreaterThan(500);
  });

  it('leaves bad bodies to the schema, which names the problem', () => {
    expect(memoryFromRow(JSON.stringify(full))).toEqual(full);
    const bad = { ...full, version: 0 };
    expect(() => memoryFromRow(JSON.stringify(bad))).toThrow(/does not match its schema/);
    expect(() => memoryFromRow('{"task":')).toThrow(/not valid JSON/);
    expect(() => memoryFromRow(7)).toThrow(/not text/);
  });
});
