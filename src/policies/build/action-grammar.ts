/**
 * What the offline policies know about an environment's action grammar — and nothing about any task type's
 * procedure. The defaults describe ALFWorld's text grammar (DESIGN.md §5); other environments pass their own.
 */
export interface ActionGrammar {
  /** Observations that mean an action had no effect (ALFWorld answers `Nothing happens.`). */
  failure: RegExp[];
  /** Actions that only move the agent (`go to R`). */
  navigation: RegExp;
  /** Actions that only read state and change nothing (`look`, `inventory`, `examine X`). */
  inspection: RegExp;
  /** Actions that open a container; the capture group is the container. */
  open: RegExp;
  /** Actions that close a container; the capture group is the container. */
  close: RegExp;
}

/** The ALFWorld action grammar. */
export const ALFWORLD_ACTION_GRAMMAR: ActionGrammar = {
  failure: [/^\s*nothing happens\.?\s*$/i],
  navigation: /^go to\s+/i,
  inspection: /^(look|inventory|examine\b.*)$/i,
  open: /^open\s+(.+)$/i,
  close: /^close\s+(.+)$/i,
};

/** True when `observation` reports that the action failed under `grammar`. */
export function isFailedObservation(observation: string | undefined, grammar: ActionGrammar): boolean {
  if (observation === undefined) return false;
  return grammar.failure.some((pattern) => pattern.test(observation));
}
