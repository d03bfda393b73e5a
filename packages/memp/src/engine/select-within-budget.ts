import { estimateTokens } from '../core/render/estimate-tokens.js';
import { memoryGuidelines } from '../core/render/memory-guidelines.js';
import type { Retrieved } from '../core/retrieved.js';
import { MAX_LESSON_CHARS } from '../core/render/render-memories.js';

/**
 * Keeps retrieved memories, best first, while their rendered guidance fits in `maxTokens` (estimated).
 * A memory that does not fit is skipped and smaller ones after it may still be kept.
 */
export function selectWithinBudget(retrieved: readonly Retrieved[], maxTokens: number | undefined): Retrieved[] {
  if (maxTokens === undefined) return retrieved.slice();
  const kept: Retrieved[] = [];
  let used = 0;
  for (const r of retrieved) {
    const cost = estimatedTokens(r);
    if (used + cost > maxTokens) continue;
    kept.push(r);
    used += cost;
  }
  return kept;
}

/** The estimated prompt tokens of one retrieved memory as rendered (a lesson capped at {@link MAX_LESSON_CHARS}). */
export function estimatedTokens(r: Retrieved): number {
  const guidance = memoryGuidelines(r.memory);
  const shown = r.memory.kind === 'lesson' ? guidance.slice(0, MAX_LESSON_CHARS) : guidance;
  return estimateTokens(r.memory.task) + estimateTokens(shown) + 8;
}

/**
 * Estimated tokens that procedures and lessons together may reach before lessons are left out: lessons are served
 * beside the procedures only in the room the procedures leave (the procedures are never dropped for a lesson), so
 * lessons do not push a prompt past what procedures alone would cost. Chosen by measurement on ALFWorld
 * (`docs/benchmarks.md`).
 */
export const LESSON_ROOM_TOKENS = 800;

/** The lessons, best first, that fit beside `procedures` within {@link LESSON_ROOM_TOKENS} (estimated). */
export function lessonsWithinRoom(procedures: readonly Retrieved[], lessons: readonly Retrieved[]): Retrieved[] {
  // No lesson to place: the procedures' guidance need not be rendered to measure the room (10 renders a retrieve).
  if (lessons.length === 0) return [];
  let used = procedures.reduce((n, r) => n + estimatedTokens(r), 0);
  const kept: Retrieved[] = [];
  for (const lesson of lessons) {
    const cost = estimatedTokens(lesson);
    if (used + cost > LESSON_ROOM_TOKENS) continue;
    kept.push(lesson);
    used += cost;
  }
  return kept;
}
