import { describe, expect, it } from 'vitest';
import { createSeededIds, randomIds } from './ids.js';

describe('randomIds', () => {
  it('sort by creation, also within one millisecond, and keep their shape', () => {
    const made = Array.from({ length: 5000 }, () => randomIds.next('mem'));
    const sorted = [...made].sort();
    expect(sorted).toEqual(made);
    expect(new Set(made).size).toBe(made.length);
    const timestamps = new Set(made.map((id) => id.slice(4, -10)));
    expect(timestamps.size).toBeLessThan(made.length); // many ids shared a millisecond
    for (const id of made) expect(id).toMatch(/^mem_[0-9a-z]{8}[0-9a-z]{10}$/);
  });

  it('keeps increasing when the clock steps back', () => {
    const realNow = Date.now;
    try {
      const first = randomIds.next('t');
      Date.now = () => realNow() - 60_000;
      const second = randomIds.next('t');
      expect(second > first).toBe(true);
      expect(second.slice(2, -10)).toBe(first.slice(2, -10));
    } finally {
      Date.now = realNow;
    }
  });
});

describe('createSeededIds', () => {
  it('repeats its sequence for the same seed', () => {
    const a = createSeededIds(3);
    const b = createSeededIds(3);
    expect([a.next('x'), a.next('x')]).toEqual([b.next('x'), b.next('x')]);
  });
});
