/**
 * One content part of a finished AI SDK step, as much of it as memp reads. `StepResult['content']` of `ai` 6
 * (`generateText` / `streamText`) fits this shape: `text` and `reasoning` parts carry `text`; `tool-call` parts
 * carry `toolName` and `input`; `tool-result` parts `output`; `tool-error` parts `error`. Other parts (sources,
 * files, approval requests) are ignored.
 */
export interface RunContentPart {
  readonly type: string;
  readonly text?: string;
  readonly toolCallId?: string;
  readonly toolName?: string;
  readonly input?: unknown;
  readonly output?: unknown;
  readonly error?: unknown;
  /** Streaming tool results may be preliminary; only the final one is read. */
  readonly preliminary?: boolean;
}

/**
 * One finished step of an AI SDK run: an element of `result.steps` of `generateText`, or of `await result.steps`
 * of `streamText`. Structural, so memp does not depend on the tool set's types.
 */
export interface RunStep {
  /** The step's output in order: text and reasoning, then tool calls, then their results or errors. */
  readonly content: readonly RunContentPart[];
  /** Provider metadata of the step; the memp middleware records what it recalled under `memp`. */
  readonly providerMetadata?: unknown;
  /** The model that produced the step. */
  readonly model?: { readonly provider?: string; readonly modelId: string };
}
