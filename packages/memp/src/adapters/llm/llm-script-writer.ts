import { renderSteps } from '../../core/render/memory-guidelines.js';
import type { Trajectory } from '../../core/trajectory.js';
import type { ScriptWriter } from '../../ports/script-writer.js';
import { type BuildCache, hashTrajectoryContent } from './build-cache.js';
import { generateValidated } from './generate-validated.js';
import type { LlmGateway } from './llm-gateway.js';
import { parseProcedure } from './parse-procedure.js';
import { DATA_NOT_INSTRUCTIONS, dataBlock } from './prompt-data.js';

/** Version of the script prompt; part of the build-cache key. Bump whenever the prompt's wording changes. */
export const SCRIPT_PROMPT_VERSION = 'script-v1';

/** Sampling temperature of script writing (the paper's setting). */
export const SCRIPT_TEMPERATURE = 0.2;

const SYSTEM = `You write procedural memory for an AI agent: short, reusable procedures distilled from its past episodes. ${DATA_NOT_INSTRUCTIONS}`;

/** Options of {@link createLlmScriptWriter}. */
export interface LlmScriptWriterOptions {
  /** The run's gateway; its `modelId` becomes the writer's id (`provenance.builtBy`). */
  gateway: LlmGateway;
  /** Build-output cache: a trajectory already written by this model with this prompt is not paid for twice. */
  cache?: BuildCache;
  /** Cap on generated tokens per script. Default 600. */
  maxOutputTokens?: number;
}

/** The user prompt of the script writer for one trajectory (exported for tests and prompt reviews). */
export function scriptPrompt(trajectory: Trajectory): string {
  const outcome = trajectory.outcome.success
    ? `The agent succeeded in ${trajectory.outcome.steps} steps.`
    : `The agent failed (stopped after ${trajectory.outcome.steps} steps).`;
  return [
    'Below is a task an agent worked on, how the episode ended, and its trajectory (Thought / Action / Observation).',
    dataBlock({ tag: 'task', content: trajectory.task }),
    dataBlock({ tag: 'outcome', content: outcome }),
    dataBlock({ tag: 'trajectory', content: renderSteps(trajectory.steps) }),
    'Write the critical steps that would solve similar tasks, as a short, coherent procedure:',
    '- keep only the steps that mattered for reaching the goal; leave out failed actions, detours and looking around;',
    '- write general steps that carry over to similar tasks ("take the mug from the countertop" rather than "mug 2" / "countertop 1"), in the style of the agent\'s actions;',
    trajectory.outcome.success
      ? '- at most 12 steps.'
      : '- the episode failed: write the steps that would have solved it, avoiding what went wrong; at most 12 steps.',
    'Answer with the numbered steps only, one per line ("1. …", "2. …"), and nothing else.',
  ].join('\n\n');
}

/**
 * The paper's LLM Script build (also Proceduralization's script): one call at temperature 0.2 that turns a task and
 * its trajectory into the critical steps for similar tasks, as a numbered procedure. The answer is validated
 * (at least one numbered step; retried once, then `PROVIDER_OUTPUT_INVALID`). With a `cache`, the output is keyed by
 * (trajectory content hash, model id, {@link SCRIPT_PROMPT_VERSION}).
 */
export function createLlmScriptWriter(options: LlmScriptWriterOptions): ScriptWriter {
  const { gateway, cache } = options;
  return {
    specificationVersion: 'v1',
    id: gateway.modelId,
    async write({ trajectory }) {
      const key = { content: hashTrajectoryContent(trajectory), model: gateway.modelId, prompt: SCRIPT_PROMPT_VERSION };
      const cached = await cache?.get(key);
      if (cached !== undefined) {
        const parsed = parseProcedure(cached);
        if (parsed.ok) return parsed.value;
      }
      const script = await generateValidated({
        gateway,
        what: 'script',
        parse: parseProcedure,
        request: {
          system: SYSTEM,
          prompt: scriptPrompt(trajectory),
          temperature: SCRIPT_TEMPERATURE,
          maxOutputTokens: options.maxOutputTokens ?? 600,
        },
      });
      await cache?.set(key, script);
      return script;
    },
  };
}
