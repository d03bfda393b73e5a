import { describe, expect, it } from 'vitest';
import {
  abstractSignature,
  DEFAULT_CONSOLIDATION_RULE,
  invalidRuleField,
  lineSimilarity,
  procedureLength,
  procedureLines,
  sameProcedure,
} from './consolidation-rule.js';
import { invalidRetentionField, selectEvictions, usefulness } from './retention-rule.js';
import type { Memory } from '../../core/memory.js';

const rule = DEFAULT_CONSOLIDATION_RULE;
const hotApple = {
  task: 'put a hot apple in fridge',
  script:
    '1. take the apple from the countertop\n2. heat the apple with the microwave\n3. move the apple to the fridge',
};
const hotMug = {
  task: 'put a hot mug in cabinet',
  script: '1. take the mug from the diningtable\n2. heat the mug with the microwave\n3. move the mug to the cabinet',
};
const coolMug = {
  task: 'put a cool mug in cabinet',
  script: '1. take the mug from the diningtable\n2. cool the mug with the fridge\n3. move the mug to the cabinet',
};

describe('consolidation rule', () => {
  it('abstracts names: task names first, then the others in order of mention', () => {
    expect(abstractSignature(hotApple)).toEqual({
      task: 'put a hot <t1> in <t2>',
      lines: ['take the <t1> from the <p1>', 'heat the <t1> with the <p2>', 'move the <t1> to the <t2>'],
    });
    expect(abstractSignature(hotMug)).toEqual(abstractSignature(hotApple));
  });

  it('reads steps when there is no script, and drops Caution lines of scripts', () => {
    expect(procedureLines({ task: 't', steps: [{ action: 'take apple 1 from countertop 2' }] })).toEqual([
      'take the apple from the countertop',
    ]);
    expect(procedureLines({ task: 't', script: '1. go to the sink\nCaution: "use the lamp" failed' })).toEqual([
      'go to the sink',
    ]);
    expect(procedureLength({ task: 't', script: '1. a\n2. b', steps: [{ action: 'x' }] })).toBe(1);
  });

  it('merges the same abstract procedure, not another task type, and near-identical tasks by similarity', () => {
    expect(sameProcedure({ a: hotApple, b: hotMug, taskCosine: 0.3, rule })).toBe('abstract');
    expect(sameProcedure({ a: hotMug, b: coolMug, taskCosine: 0.95, rule })).toBeUndefined();
    const reworded = { ...hotMug, task: 'heat some mug and put it in cabinet' };
    expect(sameProcedure({ a: hotMug, b: reworded, taskCosine: 0.95, rule })).toBe('similar');
    expect(sameProcedure({ a: hotMug, b: reworded, taskCosine: 0.85, rule })).toBeUndefined();
    expect(
      sameProcedure({ a: hotApple, b: hotMug, taskCosine: 0.3, rule: { ...rule, abstractRoute: false } }),
    ).toBeUndefined();
  });

  it('measures line similarity as 2·LCS/(|a|+|b|)', () => {
    expect(lineSimilarity(['a', 'b', 'c', 'd'], ['a', 'c', 'd'])).toBeCloseTo(6 / 7);
    expect(lineSimilarity([], [])).toBe(1);
    expect(lineSimilarity(['a'], ['b'])).toBe(0);
  });

  it('names a bad threshold', () => {
    expect(invalidRuleField({ ...rule, minAbstractSimilarity: 1.5 })).toBe('minAbstractSimilarity');
    expect(invalidRuleField({ ...rule, candidates: 0 })).toBe('candidates');
    expect(invalidRuleField(rule)).toBeUndefined();
  });
});

function memory(id: string, stats: Memory['stats'], from: number, createdAt = '2025-01-01T00:00:00.000Z'): Memory {
  return {
    id,
    namespace: 'default',
    task: id,
    keywords: [],
    kind: 'script',
    script: '1. x',
    status: 'active',
    stats,
    provenance: { builtBy: 'offline', from: Array.from({ length: from }, (_, i) => `${id}-t${i}`), embedder: 'e' },
    version: 1,
    createdAt,
    updatedAt: createdAt,
  };
}

describe('retention rule', () => {
  it('ranks evidence by the Wilson lower bound, support counting as successes', () => {
    const proven = memory('proven', { retrieved: 10, succeeded: 9, failed: 1 }, 1);
    const fresh = memory('fresh', { retrieved: 0, succeeded: 0, failed: 0 }, 1);
    const failing = memory('failing', { retrieved: 3, succeeded: 1, failed: 2 }, 1);
    expect(usefulness(proven)).toBeGreaterThan(usefulness(fresh));
    expect(usefulness(fresh)).toBeGreaterThan(usefulness(failing));
    expect(usefulness(memory('none', { retrieved: 0, succeeded: 0, failed: 0 }, 0))).toBe(0);
  });

  it('evicts expired memories, then the least useful beyond the limit, longest unused first among equals', () => {
    const now = '2025-03-01T00:00:00.000Z';
    const old = memory('old', { retrieved: 5, succeeded: 5, failed: 0, lastUsedAt: '2025-01-02T00:00:00.000Z' }, 1);
    const a = memory('a', { retrieved: 0, succeeded: 0, failed: 0 }, 1, '2025-02-20T00:00:00.000Z');
    const b = memory('b', { retrieved: 0, succeeded: 0, failed: 0 }, 1, '2025-02-25T00:00:00.000Z');
    const good = memory('good', { retrieved: 4, succeeded: 4, failed: 0, lastUsedAt: '2025-02-10T00:00:00.000Z' }, 2);
    const evicted = selectEvictions({ memories: [old, a, b, good], rule: { expireAfterDays: 30, maxActive: 2 }, now });
    expect(evicted.map((e) => [e.memory.id, e.why])).toEqual([
      ['old', 'expired'],
      ['a', 'over-limit'],
    ]);
    expect(selectEvictions({ memories: [old, a, b, good], rule: { maxActive: 4 }, now })).toEqual([]);
    expect(invalidRetentionField({ maxActive: 0 })).toBe('maxActive');
    expect(invalidRetentionField({ expireAfterDays: -1 })).toBe('expireAfterDays');
  });
});
