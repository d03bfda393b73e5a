/**
 * What the offline policies know about an environment's action grammar — and nothing about any task type's
 * procedure. The default is {@link GENERIC_ACTION_GRAMMAR}; an environment passes its own (ALFWorld's is in memp-bench).
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
  /**
   * Observations that report things seen at a place (`On the desk 1, you see a cd 3, and a pen 1.`): the first
   * group that matched is the place, the last group the list of things (split at commas and `and`, articles
   * dropped). Lessons record where the things a task names were seen. Optional.
   */
  sighting?: RegExp;
  /**
   * Names carry instance numbers (`apple 1`, `countertop 2`) that scripts abstract away (`the apple`, `the
   * countertop`). Default false: actions are written as they are, so tool arguments and JSON are never rewritten.
   */
  abstractInstances?: boolean;
}
