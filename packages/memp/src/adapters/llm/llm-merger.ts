import type { Memory } from '../../core/memory.js';
import { memoryGuidelines } from '../../core/render/memory-guidelines.js';
import type { Merger } from '../../ports/merger.js';
import { type ParseResult, generateValidated } from './generate-validated.js';
import type { LlmGateway } from './llm-gateway.js';
import { parseProcedure } from './parse-procedure.js';
import { DATA_NOT_INSTRUCTIONS, dataBlock } from './prompt-data.js';

/** Procedures of a cluster shown to the model at most (the survivor first, then the most recent absorbed ones). */
const MAX_PROCEDURES = 6;
/** Longest procedure text shown, in characters. */
const MAX_PROCEDURE_CHARS = 3000;

const SYSTEM = `You maintain the procedural memory of an AI agent: you merge procedures that describe the same way of solving a task. ${DATA_NOT_INSTRUCTIONS}`;

/** The user prompt of the merger for one cluster. */
export function mergePrompt(survivor: Memory, absorbed: readonly Memory[]): string {
  const shown = [survivor, ...absorbed.slice(-(MAX_PROCEDURES - 1))];
  return [
    `The agent's memory holds ${absorbed.length + 1} procedures that solve the same kind of task; the first is for this task:`,
    dataBlock({ tag: 'task', content: survivor.task }),
    ...shown.map((m) =>
      dataBlock({ tag: 'procedure', content: `${m.task}\n${memoryGuidelines(m).slice(0, MAX_PROCEDURE_CHARS)}` }),
    ),
    'Write ONE procedure for the task above that keeps what these procedures agree on and the cautions they learned:',
    'the critical steps only, general enough for similar tasks, at most 12 numbered steps.',
    'Answer in exactly this format and nothing else:',
    '<Workflow>\n1. …\n2. …\n</Workflow>',
  ].join('\n');
}

/** Reads `<Workflow>…</Workflow>` holding a numbered procedure. */
export function parseMerge(text: string): ParseResult<string> {
  if (text.trim() === '') return { ok: false, reason: 'the answer is empty' };
  const workflow = /<workflow>([\s\S]*?)<\/workflow>/i.exec(text)?.[1];
  if (workflow === undefined) return { ok: false, reason: 'missing <Workflow>…</Workflow>' };
  const procedure = parseProcedure(workflow);
  return procedure.ok ? procedure : { ok: false, reason: `<Workflow>: ${procedure.reason}` };
}

/**
 * The model-based merge of `memp consolidate --model …`: given the procedures of a cluster (as data), the model
 * writes one canonical procedure, which becomes the survivor's `script` (its worked example stays). A malformed
 * answer is retried once, then `PROVIDER_OUTPUT_INVALID`, and the consolidation writes nothing.
 */
export function createLlmMerger(options: { gateway: LlmGateway; maxOutputTokens?: number }): Merger {
  const { gateway } = options;
  return {
    specificationVersion: 'v1',
    id: gateway.modelId,
    async merge({ survivor, absorbed }) {
      const workflow = await generateValidated({
        gateway,
        what: 'merge',
        parse: parseMerge,
        request: {
          system: SYSTEM,
          prompt: mergePrompt(survivor, absorbed),
          temperature: 0.2,
          maxOutputTokens: options.maxOutputTokens ?? 800,
        },
      });
      return {
        content: {
          script: workflow,
          ...(survivor.kind === 'trajectory' ? { kind: 'proceduralization' as const } : {}),
        },
        note: `${gateway.modelId} merged ${absorbed.length + 1} procedures into one`,
      };
    },
  };
}
