import type { LlmGateway } from 'memp';
import { MempError } from 'memp';
import type { Agent } from '../../ports/agent.js';
import type { TravelDatabase } from '../database/travel-database.js';
import type { TravelQuery } from '../database/travel-query.js';
import { createSolePlanningLlmAgent } from './llm/sole-planning-llm-agent.js';
import { createTwoStageReactAgent } from './llm/two-stage-react-agent.js';
import { createOfflinePlanner } from './offline-planner.js';

/**
 * The TravelPlanner agents: the offline learning planner (`offline`: no constraint semantics, all from memory), the
 * offline rule-informed planner (`rule-informed`: hand-written constraint semantics) and the LLM planners.
 */
export type TravelAgentName = 'offline' | 'rule-informed' | 'llm';
/** The LLM sole-planning prompts. */
export type TravelPrompt = 'direct' | 'cot';

/** Creates the agent for a run: `offline` / `rule-informed` (sole-planning only), or `llm` (Direct/CoT sole-planning, ReAct two-stage). */
export function createTravelAgent(options: {
  name: TravelAgentName;
  mode: 'sole-planning' | 'two-stage';
  prompt: TravelPrompt;
  db: TravelDatabase;
  queries: readonly TravelQuery[];
  gateway?: LlmGateway;
}): Agent {
  if (options.name === 'offline') return createOfflinePlanner({ db: options.db, queries: options.queries });
  if (options.name === 'rule-informed')
    return createOfflinePlanner({ db: options.db, queries: options.queries, knowledge: 'rule-informed' });
  if (!options.gateway)
    throw new MempError('INVALID_ARGUMENT', 'the llm agent needs a language model (--model)', {
      details: { field: '--model' },
    });
  return options.mode === 'two-stage'
    ? createTwoStageReactAgent({ gateway: options.gateway })
    : createSolePlanningLlmAgent({ gateway: options.gateway, prompt: options.prompt });
}
