// The entry point `memp-bench/alfworld`: the ALFWorld benchmark — the game loader and simulator behind the Environment port,
// ALFWorld's action grammar for the offline policies, the offline reference agent, the expert replay agent, the ReAct
// LLM agent, and the bench runners. Explicit named exports only.

export {
  loadAlfworldGame,
  parseAlfworldGame,
  findAlfworldGames,
  loadAlfworldSplit,
  alfworldTaskType,
  ALFWORLD_TASK_TYPES,
  AlfworldSimulator,
  ALFWORLD_MAX_STEPS,
  createAlfworldEnvironment,
  generateAlfworldGames,
  generateAlfworldGameFiles,
  writeAlfworldGameFiles,
  replayWalkthrough,
} from './alfworld/environment/index.js';
export type {
  AlfworldGame,
  AlfworldGameFile,
  AlfworldTaskType,
  AlfworldEnvironment,
  AlfworldEnvironmentOptions,
  AlfworldSimulatorOptions,
  AlfworldStepResult,
  GenerateAlfworldGamesOptions,
  GeneratedGameFile,
} from './alfworld/environment/index.js';
export { ALFWORLD_ACTION_GRAMMAR } from './alfworld/environment/alfworld-action-grammar.js';

// Agents
export { createOfflineAgent } from './alfworld/agents/offline-agent.js';
export type { OfflineAgentOptions } from './alfworld/agents/offline-agent.js';
export { createExpertAgent, walkthroughOfCurrentGame } from './alfworld/agents/expert-agent.js';
export type { ExpertAgentOptions, WalkthroughLookup } from './alfworld/agents/expert-agent.js';
export { createReactAgent } from './alfworld/agents/react/react-agent.js';
export type { ReactAgentOptions } from './alfworld/agents/react/react-agent.js';
export { ALFWORLD_REACT_SYSTEM_PROMPT } from './alfworld/agents/react/alfworld-react-prompt.js';
