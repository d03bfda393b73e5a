import { estimateTokens } from '../../core/render/estimate-tokens.js';
import { renderSteps } from '../../core/render/memory-guidelines.js';
import type { Step } from '../../core/step.js';
import type { ActionGrammar } from '../../ports/action-grammar.js';
import { distillSteps } from './distill-steps.js';

/** Size limits of a distilled worked example ({@link distillExample}). */
export interface WorkedExampleOptions {
  /**
   * Cap of the whole example in estimated tokens (`estimateTokens` of its `Action:`/`Observation:` rendering).
   * Default {@link DEFAULT_EXAMPLE_MAX_TOKENS}.
   */
  maxTokens?: number;
  /** Cap of one observation in characters (cut at a word, marked `…`). Default {@link DEFAULT_OBSERVATION_MAX_CHARS}. */
  maxObservationChars?: number;
}

/** Default cap of a worked example: 200 estimated tokens (about 800 characters). */
export const DEFAULT_EXAMPLE_MAX_TOKENS = 200;
/** Default cap of one observation in a worked example: 100 characters. */
export const DEFAULT_OBSERVATION_MAX_CHARS = 100;

/** `text` cut to at most `max` characters at a word boundary, marked with `…` when cut. */
function shorten(text: string, max: number): string {
  const flat = text.trim().replace(/\s+/g, ' ');
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, Math.max(0, max - 1));
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

const STOP_WORDS = new Set(['the', 'and', 'from', 'with', 'into', 'for', 'using', 'then']);

function tokens(text: string): string[] {
  return text.toLowerCase().match(/[a-z0-9_-]+/g) ?? [];
}

/** How much a clause names of what later actions act on: 2 per shared word pair (`egg 3`), 1 per shared word. */
function relevance(clause: string, keys: { words: Set<string>; pairs: Set<string> }): number {
  const t = tokens(clause);
  let score = 0;
  for (const w of new Set(t)) if (keys.words.has(w)) score += 1;
  for (let i = 0; i + 1 < t.length; i++) if (keys.pairs.has(`${t[i]} ${t[i + 1]}`)) score += 2;
  return score;
}

/**
 * The key part of an observation within `max` characters: the whole text when it fits; else its first clause and,
 * as room allows, the clauses that best name what the following actions act on (`You arrive at countertop 2. On
 * the countertop 2, … a egg 3, …` before `take egg 3 from countertop 2`), in their order, elided parts marked `…`.
 */
export function keyObservation(observation: string, max: number, nextActions: readonly string[]): string {
  const flat = observation.trim().replace(/\s+/g, ' ');
  if (flat.length <= max) return flat;
  const clauses = flat.split(/(?<=[.,;:])\s+/);
  const keys = { words: new Set<string>(), pairs: new Set<string>() };
  for (const action of nextActions) {
    const args = tokens(action).slice(1);
    for (const w of args) if (w.length >= 3 && !STOP_WORDS.has(w)) keys.words.add(w);
    for (let i = 0; i + 1 < args.length; i++) keys.pairs.add(`${args[i]} ${args[i + 1]}`);
  }
  const ranked = clauses
    .map((clause, index) => ({ index, score: index === 0 ? Number.POSITIVE_INFINITY : relevance(clause, keys) }))
    .filter((c) => c.score > 0)
    .sort((a, b) => b.score - a.score || a.index - b.index);
  const chosen = new Set<number>();
  const render = (picked: ReadonlySet<number>) => {
    const parts: string[] = [];
    let gap = false;
    clauses.forEach((clause, i) => {
      if (!picked.has(i)) {
        gap = true;
        return;
      }
      if (gap) parts.push('…');
      parts.push(clause);
      gap = false;
    });
    if (gap) parts.push('…');
    return parts.join(' ');
  };
  for (const { index } of ranked) {
    const next = new Set([...chosen, index]);
    if (chosen.size > 0 && render(next).length > max) continue;
    chosen.add(index);
  }
  return shorten(render(chosen), max);
}

/**
 * The worked example a memory keeps: the effective steps of a trajectory ({@link distillSteps}) with their key
 * observations ({@link keyObservation}), without the agent's thoughts (its reasoning, including what it made of other memories,
 * is not part of how the task is done). Within `maxTokens`: when the example is too long, observations of
 * navigation steps are dropped first, then all observations; when the effective actions alone exceed the cap, there
 * is no example (undefined) — the memory keeps its script. Also undefined when no step is effective.
 */
export function distillExample(options: {
  steps: readonly Step[];
  grammar: ActionGrammar;
  task?: string;
  limits?: WorkedExampleOptions;
  /** `distillSteps(steps, grammar, { task })` when the caller already has it (it is not computed again). */
  distilled?: readonly Step[];
}): Step[] | undefined {
  const { grammar } = options;
  const maxTokens = options.limits?.maxTokens ?? DEFAULT_EXAMPLE_MAX_TOKENS;
  const maxChars = options.limits?.maxObservationChars ?? DEFAULT_OBSERVATION_MAX_CHARS;
  const effective =
    options.distilled ?? distillSteps(options.steps, grammar, options.task === undefined ? {} : { task: options.task });
  if (effective.length === 0) return undefined;
  const full: Step[] = effective.map((s, i) =>
    s.observation === undefined || s.observation.trim() === ''
      ? { action: s.action }
      : {
          action: s.action,
          observation: keyObservation(
            s.observation,
            maxChars,
            effective.slice(i + 1, i + 3).map((n) => n.action),
          ),
        },
  );
  const fits = (steps: readonly Step[]) => estimateTokens(renderSteps(steps)) <= maxTokens;
  if (fits(full)) return full;
  const withoutNavigation = full.map((s) => (grammar.navigation.test(s.action.trim()) ? { action: s.action } : s));
  if (fits(withoutNavigation)) return withoutNavigation;
  const actionsOnly = full.map((s) => ({ action: s.action }));
  return fits(actionsOnly) ? actionsOnly : undefined;
}
