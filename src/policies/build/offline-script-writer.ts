import { abstractAction } from './abstract-action.js';
import { GENERIC_ACTION_GRAMMAR, type ActionGrammar } from './action-grammar.js';
import { distillSteps } from './distill-steps.js';
import type { ScriptWriter } from './script-writer.js';

/**
 * The offline script writer: distils the effective steps of a trajectory ({@link distillSteps}, with the task
 * sentence), writes each in its script form ({@link abstractAction}: instance numbers abstracted only when the
 * grammar says so; tool calls as `name(args)`) and renders them as numbered steps. Repeated identical steps in a
 * row are written once. A trajectory with no effective step yields an empty script.
 */
export function createOfflineScriptWriter(options: { grammar?: ActionGrammar } = {}): ScriptWriter {
  const grammar = options.grammar ?? GENERIC_ACTION_GRAMMAR;
  return {
    id: 'offline',
    async write({ trajectory }) {
      const lines: string[] = [];
      for (const step of distillSteps(trajectory.steps, grammar, { task: trajectory.task })) {
        const line = abstractAction(step.action, grammar);
        if (lines[lines.length - 1] !== line) lines.push(line);
      }
      return lines.map((line, index) => `${index + 1}. ${line}`).join('\n');
    },
  };
}
