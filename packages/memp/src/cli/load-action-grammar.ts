import { readFileSync } from 'node:fs';
import { MempError } from '../core/errors.js';
import { GENERIC_ACTION_GRAMMAR } from '../policies/build/action-grammar.js';
import type { ActionGrammar } from '../ports/action-grammar.js';
import { parseActionGrammar } from '../policies/build/parse-action-grammar.js';

/**
 * The action grammar `--grammar` names: `generic` (the default), or a JSON grammar file (an environment's own, such
 * as memp-bench's `grammars/alfworld.json`). A missing or malformed file fails with `INVALID_ARGUMENT` naming it.
 */
export function loadActionGrammar(value: string): ActionGrammar {
  if (value === 'generic') return GENERIC_ACTION_GRAMMAR;
  let text: string;
  try {
    text = readFileSync(value, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new MempError(
      'INVALID_ARGUMENT',
      `--grammar: cannot read ${value} (${reason}): give generic or a JSON file`,
      {
        details: { field: '--grammar' },
      },
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new MempError(
      'INVALID_ARGUMENT',
      `--grammar: ${value} is not JSON (${error instanceof Error ? error.message : String(error)})`,
      { details: { field: '--grammar' } },
    );
  }
  return parseActionGrammar(json, value);
}
