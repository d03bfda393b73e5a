import type { Step } from '../../core/step.js';
import { abstractAction } from './abstract-action.js';
import { GENERIC_ACTION_GRAMMAR } from './action-grammar.js';
import type { ActionGrammar } from '../../ports/action-grammar.js';
import { distillSteps } from './distill-steps.js';
import type { ScriptWriter } from '../../ports/script-writer.js';

/** The grammar of each writer made by {@link createOfflineScriptWriter}. */
const offlineWriters = new WeakMap<ScriptWriter, ActionGrammar>();

/**
 * The offline script writer: distils the effective steps of a trajectory ({@link distillSteps}, with the task
 * sentence), writes each in its script form ({@link abstractAction}: instance numbers abstracted only when the
 * grammar says so; tool calls as `name(args)`) and renders them as numbered steps. Repeated identical steps in a
 * row are written once. A trajectory with no effective step yields an empty script.
 */
export function createOfflineScriptWriter(options: { grammar?: ActionGrammar } = {}): ScriptWriter {
  const grammar = options.grammar ?? GENERIC_ACTION_GRAMMAR;
  const writer: ScriptWriter = {
    specificationVersion: 'v1',
    id: 'offline',
    async write({ trajectory }) {
      return offlineScript(distillSteps(trajectory.steps, grammar, { task: trajectory.task }), grammar);
    },
  };
  offlineWriters.set(writer, grammar);
  return writer;
}

/**
 * When `writer` was made by {@link createOfflineScriptWriter}, a function giving the script it writes from steps
 * already distilled with its grammar ({@link distillSteps}), so that a build policy distilling the same trajectory
 * for its worked example does it once; undefined for any other writer.
 */
export function offlineScriptFromSteps(
  writer: ScriptWriter,
): { grammar: ActionGrammar; script: (effective: readonly Step[]) => string } | undefined {
  const grammar = offlineWriters.get(writer);
  return grammar === undefined ? undefined : { grammar, script: (effective) => offlineScript(effective, grammar) };
}

function offlineScript(effective: readonly Step[], grammar: ActionGrammar): string {
  const lines: string[] = [];
  for (const step of effective) {
    const line = abstractAction(step.action, grammar);
    if (lines[lines.length - 1] !== line) lines.push(line);
  }
  return lines.map((line, index) => `${index + 1}. ${line}`).join('\n');
}
