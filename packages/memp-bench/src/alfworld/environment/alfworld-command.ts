/** The simulator's verbs: one per alfred.pddl action memp implements (examineReceptacle and examineObject share `examine`). */
export type AlfworldVerb =
  | 'look'
  | 'inventory'
  | 'help'
  | 'goto'
  | 'open'
  | 'close'
  | 'use'
  | 'examine'
  | 'take'
  | 'move'
  | 'heat'
  | 'clean'
  | 'cool'
  | 'slice';

/**
 * A parsed ALFWorld command (names are display names, e.g. `apple 1`): the PDDL action whose grammar template
 * it matched (lower-cased, e.g. `putobject`), the simulator's verb, and the template's arguments.
 */
export interface AlfworldCommand {
  /** The alfred.pddl action, lower-cased (`gotolocation`, `examineobject`, …). */
  action: string;
  verb: AlfworldVerb;
  /** First argument: the receptacle of `go to`/`open`/…, the object of `take`/`move`/…, the sliced object. */
  target?: string;
  /** Second argument: the receptacle of `take`/`move`/`heat`/…, the knife of `slice`. */
  tool?: string;
  /** Matched the older `put {o} in/on {r}` template (compatibility option only). */
  legacyPut?: true;
}

/** Canonical form of a command: trimmed, lower-cased, single spaces (for comparing texts, not for parsing). */
export function normalizeCommand(text: string): string {
  return text.trim().toLowerCase().replace(/\s+/g, ' ');
}
