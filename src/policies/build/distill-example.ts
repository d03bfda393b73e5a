import { estimateTokens } from '../../core/render/estimate-tokens.js';
import { renderSteps } from '../../core/render/memory-guidelines.js';
import type { Step } from '../../core/step.js';
import type { ActionGrammar } from './action-grammar.js';
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

/**
 * The worked example a memory keeps: the effective steps of a trajectory ({@link distillSteps}) with their
 * observations shortened, without the agent's thoughts (its reasoning, including what it made of other memories,
 * is not part of how the task is done). Within `maxTokens`: when the example is too long, observations of
 * navigation steps are dropped first, then all observations; when the effective actions alone exceed the cap, there
 * is no example (undefined) — the memory keeps its script. Also undefined when no step is effective.
 */
export function distillExample(options: {
  steps: readonly Step[];
  grammar: ActionGrammar;
  task?: string;
  limits?: WorkedExampleOptions;
}): Step[] | undefined {
  const { grammar } = options;
  const maxTokens = options.limits?.maxTokens ?? DEFAULT_EXAMPLE_MAX_TOKENS;
  const maxChars = options.limits?.maxObservationChars ?? DEFAULT_OBSERVATION_MAX_CHARS;
  const effective = distillSteps(options.steps, grammar, options.task === undefined ? {} : { task: options.task });
  if (effective.length === 0) return undefined;
  const full: Step[] = effective.map((s) => (s.observation === undefined || s.observation.trim() === ''
    ? { action: s.action }
    : { action: s.action, observation: shorten(s.observation, maxChars) }));
  const fits = (steps: readonly Step[]) => estimateTokens(renderSteps(steps)) <= maxTokens;
  if (fits(full)) return full;
  const withoutNavigation = full.map((s) => (grammar.navigation.test(s.action.trim()) ? { action: s.action } : s));
  if (fits(withoutNavigation)) return withoutNavigation;
  const actionsOnly = full.map((s) => ({ action: s.action }));
  return fits(actionsOnly) ? actionsOnly : undefined;
}
