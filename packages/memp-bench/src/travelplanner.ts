/**
 * `memp-bench/travelplanner`: the TravelPlanner benchmark (Xie et al., 2024) on memp, for code that runs it or plugs
 * its own agent in: the data, the sole-planning and two-stage environments with the official tool answers, the
 * official evaluator, the agents (offline planner, LLM planners), the memory of gold plans, and the bench runners.
 * Parsing, tool and planner internals stay inside the package. Explicit named exports only.
 */

// Data
export { loadTravelDatabase, type TravelDatabase } from './travelplanner/database/travel-database.js';
export {
  loadTravelQueries,
  TRAVEL_SPLITS,
  PlanDaySchema,
  type TravelQuery,
  type PlanDay,
  type TravelSplit,
} from './travelplanner/database/travel-query.js';
export { resolveTravelplannerData } from './travelplanner/database/resolve-travelplanner-data.js';

// Environments and tools
export { createTravelTools, type TravelTools, type ToolAnswer } from './travelplanner/tools/travel-tools.js';
export {
  createSolePlanningEnvironment,
  type TravelEnvironment,
} from './travelplanner/environment/sole-planning-environment.js';
export { createTwoStageEnvironment } from './travelplanner/environment/two-stage-environment.js';
export { failedConstraints, type EpisodeVerdict } from './travelplanner/environment/episode-verdict.js';

// The official evaluator
export { evaluatePlan, type PlanEvaluation } from './travelplanner/evaluation/evaluate-plan.js';
export { evaluateSubmission, type SubmissionEvaluation } from './travelplanner/evaluation/evaluate-submission.js';
export { scoreEvaluations, type TravelScores } from './travelplanner/evaluation/score-evaluations.js';
export { readPlanFile, type SubmittedPlan } from './travelplanner/evaluation/read-plan-file.js';
export {
  COMMONSENSE_CONSTRAINTS,
  HARD_CONSTRAINTS,
  type CommonsenseKey,
  type HardKey,
} from './travelplanner/evaluation/constraint-names.js';
export {
  runTravelplannerEvaluate,
  type TravelplannerEvaluateOptions,
  type TravelplannerEvaluateSummary,
} from './travelplanner/bench/run-travelplanner-evaluate.js';
export { goldSubmission, type SubmissionLine } from './travelplanner/bench/gold-submission.js';

// Agents and memory
export {
  createTravelAgent,
  type TravelAgentName,
  type TravelPrompt,
} from './travelplanner/agents/create-travel-agent.js';
export { createOfflinePlanner, type OfflineKnowledge } from './travelplanner/agents/offline-planner.js';
export { describeObservedPlan } from './travelplanner/agents/observe-plan.js';
export { readLearnedLines, type LearnedLines, type ValueRelation } from './travelplanner/agents/learned-lines.js';
export { goldTrajectory } from './travelplanner/memory/gold-trajectory.js';
export { kFoldSplit } from './travelplanner/memory/k-fold-split.js';
export { createTravelAdjuster } from './travelplanner/memory/travel-adjuster.js';

// Runs
export {
  TRAVEL_MEMORY_CONTROLS,
  type TravelMemoryControl,
  runTravelplannerBench,
  type TravelplannerRunOptions,
  type TravelplannerRunResult,
} from './travelplanner/bench/run-travelplanner-bench.js';
export { runTravelplannerGrid } from './travelplanner/bench/run-travelplanner-grid.js';
export { createUnlikeQueryControl, isUnlikeQuery } from './travelplanner/bench/unlike-query-control.js';
export type { TravelRunSummary, TravelMetrics } from './travelplanner/bench/travel-run-summary.js';
export type { TravelEpisode } from './travelplanner/bench/run-travelplanner-episodes.js';
