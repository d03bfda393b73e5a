/**
 * `memp-bench/travelplanner`: the TravelPlanner benchmark (Xie et al., 2024) on memp — the sandbox database and tools with
 * the official answers, the sole-planning and two-stage environments, and the official evaluator with its quirks.
 */
export {
  loadDataTable,
  type Cell,
  type ColumnType,
  type DataTable,
} from './travelplanner/database/data-table.js';
export { parseCsv } from './travelplanner/database/parse-csv.js';
export {
  loadTravelDatabase,
  TRAVEL_DATABASE_FILES,
  ENTITY_COLUMNS,
  type TravelDatabase,
  type EntityKind,
  type DistanceRow,
} from './travelplanner/database/travel-database.js';
export { loadFlightTable, FLIGHT_COLUMNS } from './travelplanner/database/load-flight-table.js';
export {
  loadTravelQueries,
  TRAVEL_SPLITS,
  PlanDaySchema,
  LocalConstraintSchema,
  type TravelQuery,
  type PlanDay,
  type ReferenceEntry,
  type TravelSplit,
} from './travelplanner/database/travel-query.js';
export { resolveTravelplannerData } from './travelplanner/database/resolve-travelplanner-data.js';
export {
  createTravelTools,
  TOOL_COLUMNS,
  type TravelTools,
  type ToolAnswer,
} from './travelplanner/tools/travel-tools.js';
export {
  createToolSession,
  TOOL_LIMITS,
  INVALID_ACTION_ANSWER,
  NULL_ACTION_ANSWER,
  type ToolSession,
  type ToolStepResult,
  type NotebookEntry,
} from './travelplanner/tools/tool-session.js';
export { renderFrame, type RenderFrameOptions } from './travelplanner/tools/pandas-frame.js';
export {
  createSolePlanningEnvironment,
  type TravelEnvironment,
} from './travelplanner/environment/sole-planning-environment.js';
export { createTwoStageEnvironment } from './travelplanner/environment/two-stage-environment.js';
export { parsePlanAnswer } from './travelplanner/environment/parse-plan-answer.js';
export { renderReferenceInformation } from './travelplanner/environment/reference-information.js';
export { failedConstraints, type EpisodeVerdict } from './travelplanner/environment/episode-verdict.js';
export { evaluatePlan, type PlanEvaluation } from './travelplanner/evaluation/evaluate-plan.js';
export {
  evaluateSubmission,
  type SubmissionEvaluation,
} from './travelplanner/evaluation/evaluate-submission.js';
export {
  scoreEvaluations,
  type TravelScores,
  type ConstraintTally,
  type Tally,
} from './travelplanner/evaluation/score-evaluations.js';
export { readPlanFile, type SubmittedPlan } from './travelplanner/evaluation/read-plan-file.js';
export {
  COMMONSENSE_CONSTRAINTS,
  HARD_CONSTRAINTS,
  type CommonsenseKey,
  type HardKey,
  type ConstraintVerdict,
} from './travelplanner/evaluation/constraint-names.js';
export { NON_STRICT_FIXES, type EvaluatedQuery } from './travelplanner/evaluation/evaluation-context.js';
export {
  runTravelplannerEvaluate,
  type TravelplannerEvaluateOptions,
  type TravelplannerEvaluateSummary,
} from './travelplanner/bench/run-travelplanner-evaluate.js';
export { goldSubmission, type SubmissionLine } from './travelplanner/bench/gold-submission.js';
export { createOfflinePlanner, memoryLines, proceduresOf } from './travelplanner/agents/offline-planner.js';
export { planTrip } from './travelplanner/agents/plan-trip.js';
export { describePlan } from './travelplanner/agents/describe-plan.js';
export {
  readProcedure,
  emptyProcedure,
  RULE_LINES,
  type PlanProcedure,
  type DayFill,
  type Mode,
  type Slot,
  type SlotPlace,
  type RuleName,
} from './travelplanner/agents/plan-procedure.js';
export {
  readReferenceView,
  type ReferenceView,
  type LegOption,
} from './travelplanner/agents/reference-view.js';
export {
  createTravelAgent,
  type TravelAgentName,
  type TravelPrompt,
} from './travelplanner/agents/create-travel-agent.js';
export { createSolePlanningLlmAgent } from './travelplanner/agents/llm/sole-planning-llm-agent.js';
export { createTwoStageReactAgent } from './travelplanner/agents/llm/two-stage-react-agent.js';
export {
  LlmPlanSchema,
  LlmPlanDaySchema,
  readLlmPlan,
  requestPlan,
} from './travelplanner/agents/llm/llm-plan-schema.js';
export {
  DIRECT_SYSTEM_PROMPT,
  COT_SYSTEM_PROMPT,
  REACT_SYSTEM_PROMPT,
  withMemoryAfterQuery,
} from './travelplanner/agents/llm/travel-prompts.js';
export { goldTrajectory } from './travelplanner/memory/gold-trajectory.js';
export { kFoldSplit } from './travelplanner/memory/k-fold-split.js';
export { createTravelAdjuster } from './travelplanner/memory/travel-adjuster.js';
export {
  runTravelplannerBench,
  type TravelplannerRunOptions,
  type TravelplannerRunResult,
} from './travelplanner/bench/run-travelplanner-bench.js';
export { runTravelplannerGrid } from './travelplanner/bench/run-travelplanner-grid.js';
export type { TravelRunSummary, TravelMetrics } from './travelplanner/bench/travel-run-summary.js';
export type { TravelEpisode } from './travelplanner/bench/run-travelplanner-episodes.js';
