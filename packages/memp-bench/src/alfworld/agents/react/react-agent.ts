import type { ModelMessage } from 'ai';
import { type MemoryFormat, renderMemories } from 'memp';
import type { Step } from 'memp';
import type { Agent, EpisodeResult } from '../../../ports/agent.js';
import type { LlmGateway } from 'memp';
import { ALFWORLD_REACT_SYSTEM_PROMPT, firstUserMessage, parseTurn } from './alfworld-react-prompt.js';

/** Options of {@link createReactAgent}. */
export interface ReactAgentOptions {
  /** The model, behind the run's gateway (budget, retries, usage). */
  gateway: LlmGateway;
  /** How retrieved memory is rendered into the prompt. Default `memp` (the paper's format). */
  format?: MemoryFormat;
  /** Sampling temperature. Default 0. */
  temperature?: number;
  /** Cap on tokens per turn. Default 200. */
  maxOutputTokens?: number;
  /** System prompt. Default: the ALFWorld action grammar ({@link ALFWORLD_REACT_SYSTEM_PROMPT}). */
  system?: string;
}

/**
 * The ReAct LLM agent: `Thought:`/`Action:` turns through the gateway, the retrieved memory right after the task
 * line of the first message, the episode cap. An action the model cannot phrase is sent as is and the environment
 * answers `Nothing happens.`. Gateway errors (e.g. `BUDGET_EXCEEDED`) propagate; the steps taken so far are lost
 * for this episode only.
 */
export function createReactAgent(options: ReactAgentOptions): Agent {
  const { gateway } = options;
  return {
    id: gateway.modelId,
    async run({ env, start, memories, maxSteps }): Promise<EpisodeResult> {
      const memory = renderMemories(memories, { format: options.format ?? 'memp' });
      const messages: ModelMessage[] = [
        { role: 'user', content: firstUserMessage({ observation: start.observation, memory }) },
      ];
      const steps: Step[] = [];
      const tokens = { input: 0, output: 0 };
      let calls = 0;
      let success = false;
      let reward = 0;
      while (steps.length < maxSteps) {
        const response = await gateway.generate({
          system: options.system ?? ALFWORLD_REACT_SYSTEM_PROMPT,
          messages,
          temperature: options.temperature ?? 0,
          maxOutputTokens: options.maxOutputTokens ?? 200,
          stop: ['\nObservation:'],
        });
        calls += 1;
        tokens.input += response.usage.input;
        tokens.output += response.usage.output;
        const turn = parseTurn(response.text);
        const action = turn.action === '' ? 'look' : turn.action;
        const result = await env.step(action);
        steps.push({ ...(turn.thought ? { thought: turn.thought } : {}), action, observation: result.observation });
        messages.push({
          role: 'assistant',
          content: `${turn.thought ? `Thought: ${turn.thought}\n` : ''}Action: ${action}`,
        });
        messages.push({ role: 'user', content: `Observation: ${result.observation}` });
        reward += result.reward;
        if (result.success) success = true;
        if (result.done) break;
      }
      return { task: start.task, steps, success, reward, tokens, calls };
    },
  };
}
