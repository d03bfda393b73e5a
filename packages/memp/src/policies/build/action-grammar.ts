import type { ActionGrammar } from '../../ports/action-grammar.js';

/** A pattern that matches nothing: for grammar parts an environment does not have. */
const NEVER = /(?!)/;

/**
 * The neutral default: it knows no environment. An observation that starts with `Error` (how tool-calling agents
 * report a failed call, e.g. `Error: file not found`) marks a failed action; nothing else is special, and instance
 * numbers are not abstracted. Tool-call actions (`search({"q":"x"})`, `search(x)`, JSON actions) are understood by
 * the distiller under any grammar ({@link parseToolCall}). Environments with a richer grammar (ALFWorld's is in
 * memp-bench's `grammars/alfworld.json`) pass their own.
 */
export const GENERIC_ACTION_GRAMMAR: ActionGrammar = {
  failure: [/^\s*error\b/i],
  navigation: NEVER,
  inspection: NEVER,
  open: NEVER,
  close: NEVER,
};

/** True when `observation` reports that the action failed under `grammar`. */
export function isFailedObservation(observation: string | undefined, grammar: ActionGrammar): boolean {
  if (observation === undefined) return false;
  return grammar.failure.some((pattern) => pattern.test(observation));
}
