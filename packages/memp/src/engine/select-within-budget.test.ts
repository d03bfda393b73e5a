import { describe, expect, it } from 'vitest';
import type { Memory } from '../core/memory.js';
import type { Retrieved } from '../core/retrieved.js';
import { LESSON_ROOM_TOKENS, estimatedTokens, lessonsWithinRoom, selectWithinBudget } from './select-within-budget.js';

function retrieved(id: string, kind: Memory['kind'], script: string): Retrieved {
  const memory: Memory = {
    id,
    namespace: 'default',
    task: `task of ${id}`,
    keywords: [],
    kind,
    script,
    status: 'active',
    stats: { retrieved: 0, succeeded: 0, failed: 0 },
    provenance: { builtBy: 'offline', from: ['t1'], embedder: 'e' },
    version: 1,
    createdAt: '2025-01-01T00:00:00.000Z',
    updatedAt: '2025-01-01T00:00:00.000Z',
  };
  return { memory, score: 1, key: 'query' };
}

describe('lessonsWithinRoom', () => {
  const lessons = ['l1', 'l2', 'l3'].map((id) => retrieved(id, 'lesson', `${id}: ${'fact '.repeat(60)}`));

  it('serves every lesson beside short procedures', () => {
    const procedures = [retrieved('p1', 'script', '1. go to the sink')];
    expect(lessonsWithinRoom(procedures, lessons).map((r) => r.memory.id)).toEqual(['l1', 'l2', 'l3']);
  });

  it('leaves out the lessons that would push long procedures past the room, best first, and never a procedure', () => {
    const step = 'take the apple from the countertop and put it in the fridge, then close it. ';
    const procedures = [1, 2, 3].map((n) => retrieved(`p${n}`, 'script', step.repeat(9)));
    const used = procedures.reduce((n, r) => n + estimatedTokens(r), 0);
    const room = LESSON_ROOM_TOKENS - used;
    const kept = lessonsWithinRoom(procedures, lessons);
    expect(room).toBeGreaterThan(estimatedTokens(lessons[0] as Retrieved));
    expect(room).toBeLessThan(3 * estimatedTokens(lessons[0] as Retrieved));
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.length).toBeLessThan(3);
    expect(kept[0]?.memory.id).toBe('l1');
    expect(kept.reduce((n, r) => n + estimatedTokens(r), used)).toBeLessThanOrEqual(LESSON_ROOM_TOKENS);
  });

  it('serves no lesson when the procedures alone fill the room', () => {
    const procedures = [retrieved('p1', 'script', 'step '.repeat(2000))];
    expect(lessonsWithinRoom(procedures, lessons)).toEqual([]);
    expect(selectWithinBudget(procedures, undefined)).toHaveLength(1);
  });
});
