import type { ActionGrammar } from '../policies/build/action-grammar.js';
import { GENERIC_ACTION_GRAMMAR } from '../policies/build/action-grammar.js';
import { ALFWORLD_ACTION_GRAMMAR } from '../benchmarks/alfworld/environment/alfworld-action-grammar.js';

/** The action grammars the CLI's `--grammar` flag names. */
export const ACTION_GRAMMARS = {
  generic: GENERIC_ACTION_GRAMMAR,
  alfworld: ALFWORLD_ACTION_GRAMMAR,
} as const satisfies Record<string, ActionGrammar>;

/** A name of {@link ACTION_GRAMMARS}. */
export type ActionGrammarName = keyof typeof ACTION_GRAMMARS;

/** The names `--grammar` accepts. */
export const ACTION_GRAMMAR_NAMES = Object.keys(ACTION_GRAMMARS) as ActionGrammarName[];
