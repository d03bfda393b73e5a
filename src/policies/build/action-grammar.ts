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
  /** Actions that pick an object up; groups: the object, the receptacle it came from. Optional. */
  take?: RegExp;
  /** Actions that put the held object down; groups: the object, the receptacle. Optional. */
  put?: RegExp;
  /** Any other action on a thing; group 1 is its direct object (`clean apple 1 with sinkbasin 1` → `apple 1`). Optional. */
  directObject?: RegExp;
}

/** The ALFWorld action grammar. */
export const ALFWORLD_ACTION_GRAMMAR: ActionGrammar = {
  failure: [/^\s*nothing happens\.?\s*$/i],
  navigation: /^go to\s+/i,
  inspection: /^(look|inventory|examine\b.*)$/i,
  open: /^open\s+(.+)$/i,
  close: /^close\s+(.+)$/i,
  take: /^take\s+(.+?)\s+from\s+(.+)$/i,
  put: /^(?:move|put)\s+(.+?)\s+(?:to|in|on|into|in\/on)\s+(.+)$/i,
  directObject: /^[a-z]+\s+(.+?)(?:\s+(?:from|to|with|in|on|into|using)\s+.+)?$/i,
};

/** True when `observation` reports that the action failed under `grammar`. */
export function isFailedObservation(observation: string | undefined, grammar: ActionGrammar): boolean {
  if (observation === undefined) return false;
  return grammar.failure.some((pattern) => pattern.test(observation));
}
