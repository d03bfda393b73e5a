import type { LlmGateway } from 'memp';
import { isMempError } from 'memp';
import { renderMemories } from 'memp';
import type { Agent, EpisodeResult } from '../../../ports/agent.js';
import { requestPlan } from './llm-plan-schema.js';
import { COT_SYSTEM_PROMPT, DIRECT_SYSTEM_PROMPT, withMemoryAfterQuery } from './travel-prompts.js';

/**
 * The sole-planning LLM planner (Direct or CoT prompt): one user message — the query, the retrieved memory right
 * after it (the engine's `memp` render, delimited as data), then the reference information — and the plan as JSON,
 * validated, retried once. When the model still gives no valid plan, the episode is submitted as not delivered
 * (`Error: PROVIDER_OUTPUT_INVALID …` in its trajectory). Gateway errors such as `BUDGET_EXCEEDED` propagate.
 */
export function createSolePlanningLlmAgent(options: {
  gateway: LlmGateway;
  prompt: 'direct' | 'cot';
  maxOutputTokens?: number;
}): Agent {
  const { gateway } = options;
  return {
    id: gateway.modelId,
    async run({ env, start, memories }): Promise<EpisodeResult> {
      const memory = renderMemories(memories, { format: 'memp' });
      const content = withMemoryAfterQuery({ observation: start.observation, memory });
      const system = options.prompt === 'cot' ? COT_SYSTEM_PROMPT : DIRECT_SYSTEM_PROMPT;
      try {
        const answer = await requestPlan({
          gateway,
          request: {
            system,
            messages: [{ role: 'user', content }],
            temperature: 0,
            maxOutputTokens: options.maxOutputTokens ?? 4000,
          },
        });
        const result = await env.step(JSON.stringify(answer.plan));
        return {
          task: start.task,
          steps: [
            {
              thought: answer.texts.join('\n---\n').slice(0, 4000),
              action: JSON.stringify(answer.plan),
              observation: result.success ? result.observation : `Error: ${result.observation}`,
            },
          ],
          success: result.success,
          reward: result.reward,
          tokens: answer.tokens,
          calls: answer.calls,
        };
      } catch (error) {
        if (!isMempError(error, 'PROVIDER_OUTPUT_INVALID')) throw error;
        const result = await env.step('');
        const spent = error.details?.['tokens'] as { input: number; output: number } | undefined;
        return {
          task: start.task,
          steps: [
            {
              action: 'submit plan',
              observation: `Error: PROVIDER_OUTPUT_INVALID: ${error.message}. ${result.observation}`,
            },
          ],
          success: false,
          reward: 0,
          tokens: spent ?? { input: 0, output: 0 },
          calls: Number(error.details?.['calls'] ?? 0),
        };
      }
    },
  };
}
