// The entry point `memp/alfworld`: the ALFWorld benchmark — the game loader and simulator behind the Environment port,
// ALFWorld's action grammar for the offline policies, the offline reference agent, the expert replay agent, the ReAct
// LLM agent, and the bench runners. Explicit named exports only.

export type { ExpertAgentOptions, WalkthroughLookup } from './benchmarks/alfworld/agents/expert-agent.js';
export { createExpertAgent, walkthroughOfCurrentGame } from './benchmarks/alfworld/agents/expert-agent.js';
export type { OfflineAgentOptions } from './benchmarks/alfworld/agents/offline-agent.js';

// Agents
export { createOfflineAgent } from './benchmarks/alfworld/agents/offline-agent.js';
export { ALFWORLD_REACT_SYSTEM_PROMPT } from './benchmarks/alfworld/agents/react/alfworld-react-prompt.js';
export type { ReactAgentOptions } from './benchmarks/alfworld/agents/react/react-agent.js';
export { createReactAgent } from './benchmarks/alfworld/agents/react/react-agent.js';
export { ALFWORLD_ACTION_GRAMMAR } from './benchmarks/alfworld/environment/alfworld-action-grammar.js';
export type {
  AlfworldEnvironment,
  AlfworldEnvironmentOptions,
  AlfworldGame,
  AlfworldGameFile,
  AlfworldSimulatorOptions,
  AlfworldStepResult,
  AlfworldTaskType,
  GenerateAlfworldGamesOptions,
  GeneratedGameFile,
} from './benchmarks/alfworld/environment/index.js';
export {
  ALFWORLD_MAX_STEPS,
  ALFWORLD_TASK_TYPES,
  AlfworldSimulator,
  alfworldTaskType,
  createAlfworldEnvironment,
  findAlfworldGames,
  generateAlfworldGameFiles,
  generateAlfworldGames,
  loadAlfworldGame,
  loadAlfworldSplit,
  parseAlfworldGame,
  replayWalkthrough,
  writeAlfworldGameFiles,
} from './benchmarks/alfworld/environment/index.js';
