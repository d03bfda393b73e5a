import type { Memory, MemoryContent } from '../../core/memory.js';
import { memoryGuidelines, renderSteps } from '../../core/render/memory-guidelines.js';
import type { Trajectory } from '../../core/trajectory.js';
import type { Adjuster } from '../../ports/adjuster.js';
import { type ParseResult, generateValidated } from './generate-validated.js';
import type { LlmGateway } from './llm-gateway.js';
import { parseProcedure } from './parse-procedure.js';
import { DATA_NOT_INSTRUCTIONS, dataBlock } from './prompt-data.js';

/** Longest analysis kept as a revision note, in characters. */
const MAX_NOTE_CHARS = 4000;

const SYSTEM = `You maintain the procedural memory of an AI agent: you correct procedures that led the agent astray. ${DATA_NOT_INSTRUCTIONS}`;

/** The user prompt of the adjuster for one used memory and the episode that went wrong. */
export function adjustmentPrompt(memory: Memory, trajectory: Trajectory): string {
  const outcome = trajectory.outcome.success
    ? `The agent reached the goal only after failed actions, in ${trajectory.outcome.steps} steps.`
    : `The agent failed: it did not reach the goal (stopped after ${trajectory.outcome.steps} steps).`;
  return [
    'An agent was given the procedure below from its memory (written for the task in <used_task>) and followed it on a new task.',
    dataBlock({ tag: 'used_task', content: memory.task }),
    dataBlock({ tag: 'procedure', content: memoryGuidelines(memory) }),
    dataBlock({ tag: 'task', content: trajectory.task }),
    dataBlock({ tag: 'outcome', content: outcome }),
    dataBlock({ tag: 'trajectory', content: renderSteps(trajectory.steps) }),
    'First analyse why the episode went wrong: which steps of the procedure were wrong, missing or misleading, and what the',
    'trajectory shows about the right way. Then rewrite the procedure so that it solves this kind of task: the critical steps',
    'only, general enough for similar tasks, at most 12 numbered steps.',
    'Answer in exactly this format and nothing else:',
    '<Analysis>your analysis</Analysis>\n<Workflow>\n1. …\n2. …\n</Workflow>',
  ].join('\n');
}

/** Reads `<Analysis>…</Analysis><Workflow>…</Workflow>`; both must be present, the workflow a numbered procedure. */
export function parseAdjustment(text: string): ParseResult<{ analysis: string; workflow: string }> {
  if (text.trim() === '') return { ok: false, reason: 'the answer is empty' };
  const analysis = /<analysis>([\s\S]*?)<\/analysis>/i.exec(text)?.[1]?.trim();
  const workflow = /<workflow>([\s\S]*?)<\/workflow>/i.exec(text)?.[1];
  if (!analysis) return { ok: false, reason: 'missing or empty <Analysis>…</Analysis>' };
  if (workflow === undefined) return { ok: false, reason: 'missing <Workflow>…</Workflow>' };
  const procedure = parseProcedure(workflow);
  if (!procedure.ok) return { ok: false, reason: `<Workflow>: ${procedure.reason}` };
  return { ok: true, value: { analysis: analysis.slice(0, MAX_NOTE_CHARS), workflow: procedure.value } };
}

/**
 * The paper's LLM Adjustment (reflection): given the memory that was used, the trajectory that went wrong and its
 * outcome, the model analyses the failure and rewrites the procedure. The rewritten workflow replaces the memory's
 * `script`; its `steps` (the worked example) stay as they are; a `trajectory` memory, which had no script, becomes a
 * `proceduralization` (the old steps as example, the new workflow as guidance). The analysis is the revision note.
 * A malformed answer is retried once, then `PROVIDER_OUTPUT_INVALID` — and the engine then writes nothing.
 */
export function createLlmAdjuster(options: { gateway: LlmGateway; maxOutputTokens?: number }): Adjuster {
  const { gateway } = options;
  return {
    specificationVersion: 'v1',
    id: gateway.modelId,
    async adjust({ memory, trajectory }) {
      const { analysis, workflow } = await generateValidated({
        gateway,
        what: 'adjustment',
        parse: parseAdjustment,
        request: {
          system: SYSTEM,
          prompt: adjustmentPrompt(memory, trajectory),
          temperature: 0.2,
          maxOutputTokens: options.maxOutputTokens ?? 1200,
        },
      });
      const content: Partial<MemoryContent> = { script: workflow };
      if (memory.kind === 'trajectory') content.kind = 'proceduralization';
      return { content, note: analysis };
    },
  };
}
