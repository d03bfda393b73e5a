import { MempError } from '../../core/errors.js';
import type { Step } from '../../core/step.js';
import { type TrajectoryInput, TrajectoryInputSchema } from '../../core/trajectory.js';
import type { RunContentPart, RunStep } from './run-step.js';
import { stableStringify } from './stable-stringify.js';

/** Default cap on the JSON arguments inside an action `toolName({...})`, in characters (the text ends with `…`). */
export const ACTION_ARGS_MAX_CHARS = 300;
/** Default cap on one string value inside tool arguments, in characters, before the whole-argument cap. */
export const ARG_STRING_MAX_CHARS = 120;
/** Default cap on an observation (a tool result or error), in characters. */
export const OBSERVATION_MAX_CHARS = 500;
/** Default cap on a thought (the step's text and reasoning before a tool call), in characters. */
export const THOUGHT_MAX_CHARS = 500;

/** Options of {@link trajectoryFromSteps}. */
export interface TrajectoryFromStepsOptions {
  /** The task the agent was given (the trajectory's `task`). */
  task: string;
  /** The finished steps: `result.steps` of `generateText`, or `await result.steps` of `streamText`. Or pass `result`. */
  steps?: readonly RunStep[];
  /** A `generateText` result (anything with a `steps` array). Ignored when `steps` is given. */
  result?: { readonly steps: readonly RunStep[] };
  /** The caller's success signal: did the run achieve the task? */
  success: boolean;
  /** Optional reward in the caller's units. */
  reward?: number;
  /** The model id to record. Default: the `modelId` of the first step's model, when present. */
  model?: string;
  /** The environment or application name to record (e.g. `support-bot`). */
  env?: string;
  /** Ids of memories used in the run (see `recallFromSteps`). */
  used?: string[];
  /**
   * What becomes of the final text answer (text after the last tool call, or a step with text only):
   * `step` (default) records it as a last step with action `answer({"text":"…"})` (text capped at
   * {@link ARG_STRING_MAX_CHARS}), so the procedure says how the run ended; `drop` leaves it out.
   */
  answer?: 'step' | 'drop';
  /** Caps in characters; defaults {@link ACTION_ARGS_MAX_CHARS}, {@link OBSERVATION_MAX_CHARS}, {@link THOUGHT_MAX_CHARS}. */
  limits?: { actionArgs?: number; observation?: number; thought?: number };
}

/**
 * Turns the steps of an AI SDK run (`generateText` / `streamText`) into a memp trajectory (`TrajectoryInput`), in
 * the format memp's distillers read for tool-calling agents:
 * - one memp step per tool call, in order, with `action` = `toolName(<JSON input, keys sorted>)` (string values
 *   over {@link ARG_STRING_MAX_CHARS} and the whole argument text over {@link ACTION_ARGS_MAX_CHARS} are cut with `…`);
 * - `observation` = the tool's result (strings as they are, other values as sorted-key JSON) or, for a failed call
 *   (a `tool-error` part), `Error: <message>`; capped at {@link OBSERVATION_MAX_CHARS}; absent when the tool has no
 *   result (a tool without `execute`);
 * - `thought` = the text and reasoning the model produced before the call since the previous call (capped);
 * - the final text answer becomes `answer({"text":"…"})` or is dropped (option `answer`).
 * Throws `INVALID_ARGUMENT` for an empty task.
 */
export function trajectoryFromSteps(options: TrajectoryFromStepsOptions): TrajectoryInput {
  const runSteps = options.steps ?? options.result?.steps;
  if (runSteps === undefined) {
    throw new MempError('INVALID_ARGUMENT', 'trajectoryFromSteps needs `steps` or `result`', {
      details: { field: 'steps' },
    });
  }
  const limits = {
    actionArgs: options.limits?.actionArgs ?? ACTION_ARGS_MAX_CHARS,
    observation: options.limits?.observation ?? OBSERVATION_MAX_CHARS,
    thought: options.limits?.thought ?? THOUGHT_MAX_CHARS,
  };
  const steps: Step[] = [];
  const byCallId = new Map<string, Step>();
  // Text and reasoning since the last tool call: the next call's thought, or the final answer.
  let pending: Array<{ kind: 'text' | 'reasoning'; text: string }> = [];

  for (const runStep of runSteps) {
    for (const part of runStep.content) {
      if (part.type === 'reasoning' || part.type === 'text') {
        const text = part.text?.trim();
        if (text) pending.push({ kind: part.type, text });
      } else if (part.type === 'tool-call' && part.toolName) {
        const step: Step = { action: formatAction(part.toolName, part.input, limits.actionArgs) };
        const thought = cap(pending.map((p) => p.text).join('\n'), limits.thought);
        if (thought) step.thought = thought;
        pending = [];
        steps.push(step);
        if (part.toolCallId) byCallId.set(part.toolCallId, step);
      } else if (part.type === 'tool-result' && !part.preliminary) {
        const step = callStep(part, byCallId);
        if (step) step.observation = cap(formatValue(part.output), limits.observation);
      } else if (part.type === 'tool-error') {
        const step = callStep(part, byCallId);
        if (step) step.observation = cap(`Error: ${errorMessage(part.error)}`, limits.observation);
      }
    }
  }
  const answer = pending
    .filter((p) => p.kind === 'text')
    .map((p) => p.text)
    .join('\n');
  if (answer && (options.answer ?? 'step') === 'step') {
    const step: Step = {
      action: `answer(${stableStringify({ text: answer }, { maxStringChars: ARG_STRING_MAX_CHARS })})`,
    };
    const thought = cap(
      pending
        .filter((p) => p.kind === 'reasoning')
        .map((p) => p.text)
        .join('\n'),
      limits.thought,
    );
    if (thought) step.thought = thought;
    steps.push(step);
  }

  const model = options.model ?? runSteps[0]?.model?.modelId;
  const candidate = {
    task: options.task,
    steps,
    outcome: { success: options.success, ...(options.reward === undefined ? {} : { reward: options.reward }) },
    ...(model === undefined ? {} : { model }),
    ...(options.env === undefined ? {} : { env: options.env }),
    ...(options.used === undefined ? {} : { used: options.used }),
  };
  const parsed = TrajectoryInputSchema.safeParse(candidate);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join('.') || 'trajectory';
    throw new MempError(
      'INVALID_ARGUMENT',
      `invalid trajectory from AI SDK steps: ${field}: ${issue?.message ?? 'invalid'}`,
      {
        details: { field },
      },
    );
  }
  return parsed.data;
}

/** `toolName(<sorted-key JSON of input>)`, with the argument text capped at `maxArgs` characters. */
export function formatAction(toolName: string, input: unknown, maxArgs: number = ACTION_ARGS_MAX_CHARS): string {
  const args = stableStringify(input ?? {}, { maxStringChars: ARG_STRING_MAX_CHARS });
  return `${toolName}(${args.length > maxArgs ? `${args.slice(0, maxArgs)}…` : args})`;
}

function callStep(part: RunContentPart, byCallId: Map<string, Step>): Step | undefined {
  return part.toolCallId === undefined ? undefined : byCallId.get(part.toolCallId);
}

function formatValue(value: unknown): string {
  return typeof value === 'string' ? value : stableStringify(value);
}

function errorMessage(error: unknown): string {
  const text = error instanceof Error ? error.message : formatValue(error);
  return text.replace(/^\s*Error:\s*/i, '');
}

function cap(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
