import type { ModelMessage } from 'ai';
import type { LlmGateway } from 'memp';
import { isMempError } from 'memp';
import { renderMemories } from 'memp';
import type { Step } from 'memp';
import type { Agent, EpisodeResult } from '../../../ports/agent.js';
import { parseTurn } from '../../../alfworld/agents/react/alfworld-react-prompt.js';
import { requestPlan } from './llm-plan-schema.js';
import { REACT_SYSTEM_PROMPT, withMemoryAfterQuery } from './travel-prompts.js';

/**
 * The two-stage ReAct LLM agent: `Thought:`/`Action:` turns with the tool grammar (the environment answers as the
 * official tools do and enforces the official limits), the retrieved memory right after the query; after
 * `Planner[…]` the environment shows the notebook and the agent asks the model for the plan as JSON (validated,
 * retried once; still invalid: not delivered). At most `maxSteps` actions. Gateway errors propagate.
 */
export function createTwoStageReactAgent(options: { gateway: LlmGateway; maxOutputTokens?: number }): Agent {
  const { gateway } = options;
  return {
    id: gateway.modelId,
    async run({ env, start, memories, maxSteps }): Promise<EpisodeResult> {
      const memory = renderMemories(memories, { format: 'memp' });
      const messages: ModelMessage[] = [
        { role: 'user', content: withMemoryAfterQuery({ observation: start.observation, memory }) },
      ];
      const steps: Step[] = [];
      const tokens = { input: 0, output: 0 };
      let calls = 0;
      while (steps.length < maxSteps) {
        const response = await gateway.generate({
          system: REACT_SYSTEM_PROMPT,
          messages,
          temperature: 0,
          maxOutputTokens: options.maxOutputTokens ?? 300,
          stop: ['\nObservation:'],
        });
        calls += 1;
        tokens.input += response.usage.input;
        tokens.output += response.usage.output;
        const turn = parseTurn(response.text);
        const result = await env.step(turn.action === '' ? 'Thought only' : turn.action);
        steps.push({
          ...(turn.thought ? { thought: turn.thought } : {}),
          action: turn.action || '(none)',
          observation: result.observation,
        });
        messages.push({
          role: 'assistant',
          content: `${turn.thought ? `Thought: ${turn.thought}\n` : ''}Action: ${turn.action}`,
        });
        messages.push({ role: 'user', content: `Observation: ${result.observation}` });
        if (result.done)
          return { task: start.task, steps, success: result.success, reward: result.reward, tokens, calls };
        if (/^Planner\[/.test(turn.action)) {
          try {
            const answer = await requestPlan({
              gateway,
              request: { system: REACT_SYSTEM_PROMPT, messages, temperature: 0, maxOutputTokens: 4000 },
            });
            calls += answer.calls;
            tokens.input += answer.tokens.input;
            tokens.output += answer.tokens.output;
            const judged = await env.step(JSON.stringify(answer.plan));
            steps.push({
              action: JSON.stringify(answer.plan),
              observation: judged.success ? judged.observation : `Error: ${judged.observation}`,
            });
            return { task: start.task, steps, success: judged.success, reward: judged.reward, tokens, calls };
          } catch (error) {
            if (!isMempError(error, 'PROVIDER_OUTPUT_INVALID')) throw error;
            const spent = error.details?.['tokens'] as { input: number; output: number } | undefined;
            tokens.input += spent?.input ?? 0;
            tokens.output += spent?.output ?? 0;
            calls += Number(error.details?.['calls'] ?? 0);
            const judged = await env.step('');
            steps.push({
              action: 'submit plan',
              observation: `Error: PROVIDER_OUTPUT_INVALID: ${error.message}. ${judged.observation}`,
            });
            return { task: start.task, steps, success: false, reward: 0, tokens, calls };
          }
        }
      }
      return { task: start.task, steps, success: false, reward: 0, tokens, calls };
    },
  };
}
