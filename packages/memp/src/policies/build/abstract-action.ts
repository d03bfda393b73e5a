import type { ActionGrammar } from '../../ports/action-grammar.js';
import { parseToolCall } from './parse-tool-call.js';

/**
 * The form of an action written into a script.
 * - A tool call ({@link parseToolCall}) is written `name(args)` with its arguments untouched (a JSON action
 *   becomes `name({...})`): tool arguments are data, never rewritten.
 * - Under a grammar with `abstractInstances` (ALFWorld), instance details are abstracted:
 *   `take apple 1 from countertop 2` becomes `take the apple from the countertop` (a name followed by an instance
 *   number becomes `the <name>`).
 * - Otherwise the action is written as it is, trimmed.
 */
export function abstractAction(action: string, grammar: Pick<ActionGrammar, 'abstractInstances'>): string {
  const call = parseToolCall(action);
  if (call !== undefined) return `${call.name}(${call.rawArgs})`;
  if (grammar.abstractInstances !== true) return action.trim();
  return action
    .trim()
    .replace(/\b(?:a|an|the)\s+(?=[a-z][\w-]*\s+\d+\b)/gi, '')
    .replace(/\b([a-z][\w-]*)\s+\d+\b/gi, 'the $1')
    .replace(/\s+/g, ' ');
}
