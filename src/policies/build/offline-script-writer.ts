import { abstractAction } from './abstract-action.js';
import { GENERIC_ACTION_GRAMMAR, type ActionGrammar } from './action-grammar.js';
import { distillSteps } from './distill-steps.js';
import type { ScriptWriter } from './script-writer.js';

/**
 * The offline script writer: distils the effective steps of a trajectory ({@link distillSteps}), abstracts
 * instance details ({@link abstractAction}) and renders them as numbered steps. Repeated identical abstract
 * steps in a row are written once. A trajectory with no effective step yields an empty script.
 */
export function createOfflineScriptWriter(options: { grammar?: ActionGrammar } = {}): ScriptWriter {
  const grammar = options.grammar ?? GENERIC_ACTION_GRAMMAR;
  return {
    id: 'offline',
    async write({ trajectory }) {
      const lines: string[] = [];
      for (const step of distillSteps(trajectory.steps, grammar)) {
        const line = abstractAction(step.action);
        if (lines[lines.length - 1] !== line) lines.push(line);
      }
      return lines.map((line, index) => `${index + 1}. ${line}`).join('\n');
    },
  };
}
