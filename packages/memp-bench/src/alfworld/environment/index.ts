/**
 * ALFWorld adapter: loader of `game.tw-pddl` games, a TypeScript simulator of alfred.pddl with ALFWorld's
 * observation text, the `Environment` factory, a seeded generator of ALFWorld-format games, and the
 * walkthrough oracle.
 */
export {
  alfworldGameFileSchema,
  alfworldGameFromFile,
  defaultGameId,
  loadAlfworldGame,
  parseAlfworldGame,
} from './alfworld-game.js';
export type { AlfworldGame, AlfworldGameFile } from './alfworld-game.js';
export { ALFWORLD_GAME_FILE, findAlfworldGames, loadAlfworldSplit, resolveAlfworldSplitDir } from './alfworld-split.js';
export { ALFWORLD_TASK_TYPES, alfworldTaskType, taskTypeFromGoal, taskTypeFromPath } from './alfworld-task-type.js';
export type { AlfworldTaskType } from './alfworld-task-type.js';
export { parseAlfworldGrammar } from './alfworld-grammar.js';
export type { AlfworldGrammar, GrammarProduction } from './alfworld-grammar.js';
export { parsePddlProblem } from './pddl-problem.js';
export type { PddlFact, PddlObject, PddlProblem } from './pddl-problem.js';
export type { PddlFormula, PddlTerm, PddlVariable } from './pddl-formula.js';
export { ALFWORLD_MAX_STEPS, AlfworldSimulator } from './alfworld-simulator.js';
export type { AlfworldSimulatorOptions, AlfworldStepResult } from './alfworld-simulator.js';
export { NOTHING_HAPPENS } from './alfworld-text.js';
export { normalizeCommand } from './alfworld-command.js';
export type { AlfworldCommand, AlfworldVerb } from './alfworld-command.js';
export {
  AlfworldCommandSet,
  DEFAULT_COMMAND_TEMPLATES,
  LEGACY_PUT_FEEDBACK,
  LEGACY_PUT_TEMPLATE,
} from './alfworld-command-set.js';
export { createAlfworldEnvironment } from './alfworld-environment.js';
export type { AlfworldEnvironment, AlfworldEnvironmentOptions } from './alfworld-environment.js';
export { generateAlfworldGameFiles, generateAlfworldGames, writeAlfworldGameFiles } from './generate-games.js';
export type { GenerateAlfworldGamesOptions, GeneratedGameFile } from './generate-games.js';
export { replayWalkthrough } from './replay-walkthrough.js';
export type { WalkthroughReplay } from './replay-walkthrough.js';
