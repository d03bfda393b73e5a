import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { EvidenceRecordSchema } from '../../../core/evidence.js';
import { isMempError } from '../../../core/errors.js';
import { STORED_EVIDENCE_FIELDS, evidenceFromRow, isPlainStoredEvidence } from './stored-evidence.js';

/** The schema's keys in order, required ones `true`. */
function shapeOf(schema: z.ZodObject): Record<string, boolean> {
  return Object.fromEntries(
    Object.entries(schema.shape).map(([key, field]) => [key, !(field as z.ZodType).safeParse(undefined).success]),
  );
}

const full = {
  id: 'ev-1',
  memoryId: 'mem_1',
  kind: 'success',
  source: 'key:abc',
  trust: 'untrusted',
  episode: 'run-7',
  candidate: 'ev-0',
  at: '2026-12-07T00:00:00.000Z',
};

/** `record` with `key` set to `value` (undefined: removed), keeping the key's place. */
function withField(record: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(record)) if (k !== key) copy[k] = v;
  if (value !== undefined) copy[key] = value;
  return Object.fromEntries(
    Object.keys(full)
      .filter((k) => k in copy)
      .map((k) => [k, copy[k]]),
  );
}

describe('isPlainStoredEvidence (the fast path of reading stored evidence)', () => {
  it('lists exactly the fields of EvidenceRecordSchema, in its order', () => {
    expect(STORED_EVIDENCE_FIELDS).toEqual(shapeOf(EvidenceRecordSchema));
    expect(Object.keys(STORED_EVIDENCE_FIELDS)).toEqual(Object.keys(EvidenceRecordSchema.shape));
  });

  it('accepts what the schema accepts unchanged, and never what it rejects or would reorder', () => {
    const variants: unknown[] = [full, withField(full, 'episode', undefined), withField(full, 'candidate', undefined)];
    for (const key of Object.keys(full)) {
      for (const value of [undefined, '', 1, null, 'other', ['x'], { a: 1 }])
        variants.push(withField(full, key, value));
    }
    variants.push({ ...full, extra: 1 }, { at: full.at, ...withField(full, 'at', undefined) }, null, [], 'x');
    variants.push({ ...full, proposal: { content: { script: 's' }, reason: 'edit', baseVersion: 1 } });
    let accepted = 0;
    for (const variant of variants) {
      const raw: unknown = JSON.parse(JSON.stringify(variant));
      const parsed = EvidenceRecordSchema.safeParse(raw);
      if (isPlainStoredEvidence(raw)) {
        accepted += 1;
        expect(parsed.success).toBe(true);
        expect(JSON.stringify(parsed.data)).toBe(JSON.stringify(raw));
      }
    }
    expect(accepted).toBeGreaterThan(5);
  });

  it('reads a record through the schema when the fast path declines, and fails on a malformed one', () => {
    const proposal = { ...full, proposal: { content: { script: 's' }, reason: 'edit', baseVersion: 1 } };
    expect(evidenceFromRow(JSON.stringify(proposal))).toEqual(EvidenceRecordSchema.parse(proposal));
    const reordered = { at: full.at, ...withField(full, 'at', undefined) };
    expect(JSON.stringify(evidenceFromRow(JSON.stringify(reordered)))).toBe(JSON.stringify(full));
    for (const bad of ['{not json', JSON.stringify({ ...full, kind: 'maybe' }), 42]) {
      let error: unknown;
      try {
        evidenceFromRow(bad);
      } catch (e) {
        error = e;
      }
      expect(isMempError(error, 'STORAGE_FAILED')).toBe(true);
    }
  });
});
