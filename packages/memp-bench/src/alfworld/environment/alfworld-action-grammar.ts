import { readFileSync } from 'node:fs';
import { type ActionGrammar, parseActionGrammar } from 'memp';

/** The file that holds ALFWorld's action grammar: what `memp --grammar` takes to learn from ALFWorld episodes. */
export const ALFWORLD_GRAMMAR_FILE = new URL('../../../grammars/alfworld.json', import.meta.url);

/** ALFWorld's action grammar (its text commands, grammar v0.4+, and the `Nothing happens.` answer), for the offline build and update policies. */
export const ALFWORLD_ACTION_GRAMMAR: ActionGrammar = parseActionGrammar(
  JSON.parse(readFileSync(ALFWORLD_GRAMMAR_FILE, 'utf8')),
  'memp-bench/grammars/alfworld.json',
);
