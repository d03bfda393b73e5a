/**
 * `memp/travelplanner`: the TravelPlanner benchmark (Xie et al., 2024) on memp — the sandbox database and tools with
 * the official answers, the sole-planning and two-stage environments, and the official evaluator with its quirks.
 */
export {
  loadDataTable,
  type Cell,
  type ColumnType,
  type DataTable,
} from './benchmarks/travelplanner/database/data-table.js';
export { parseCsv } from './benchmarks/travelplanner/database/parse-csv.js';
export {
  loadTravelDatabase,
  TRAVEL_DATABASE_FILES,
  ENTITY_COLUMNS,
  type TravelDatabase,
  type EntityKind,
  type DistanceRow,
} from './benchmarks/travelplanner/database/travel-database.js';
export { loadFlightTable, FLIGHT_COLUMNS } from './benchmarks/travelplanner/database/load-flight-table.js';
export {
  loadTravelQueries,
  TRAVEL_SPLITS,
  PlanDaySchema,
  LocalConstraintSchema,
  type TravelQuery,
  type PlanDay,
  type ReferenceEntry,
  type TravelSplit,
} from './benchmarks/travelplanner/database/travel-query.js';
export { resolveTravelplannerData } from './benchmarks/travelplanner/database/resolve-travelplanner-data.js';
export {
  createTravelTools,
  TOOL_COLUMNS,
  type TravelTools,
  type ToolAnswer,
} from './benchmarks/travelplanner/tools/travel-tools.js';
export {
  createToolSession,
  TOOL_LIMITS,
  INVALID_ACTION_ANSWER,
  NULL_ACTION_ANSWER,
  type ToolSession,
  type ToolStepResult,
  type NotebookEntry,
} from './benchmarks/travelplanner/tools/tool-session.js';
export { renderFrame, type RenderFrameOptions } from './benchmarks/travelplanner/tools/pandas-frame.js';
export {
  createSolePlanningEnvironment,
  type TravelEnvironment,
} from './benchmarks/travelplanner/environment/sole-planning-environment.js';
export { createTwoStageEnvironment } from './benchmarks/travelplanner/environment/two-stage-environment.js';
export { parsePlanAnswer } from './benchmarks/travelplanner/environment/parse-plan-answer.js';
export { renderReferenceInformation } from './benchmarks/travelplanner/environment/reference-information.js';
export { failedConstraints, type EpisodeVerdict } from './benchmarks/travelplanner/environment/episode-verdict.js';
export { evaluatePlan, type PlanEvaluation } from './benchmarks/travelplanner/evaluation/evaluate-plan.js';
export {
  evaluateSubmission,
  type SubmissionEvaluation,
} from './benchmarks/travelplanner/evaluation/evaluate-submission.js';
export {
  scoreEvaluations,
  type TravelScores,
  type ConstraintTally,
  type Tally,
} from './benchmarks/travelplanner/evaluation/score-evaluations.js';
export { readPlanFile, type SubmittedPlan } from './benchmarks/travelplanner/evaluation/read-plan-file.js';
export {
  COMMONSENSE_CONSTRAINTS,
  HARD_CONSTRAINTS,
  type CommonsenseKey,
  type HardKey,
  type ConstraintVerdict,
} from './benchmarks/travelplanner/evaluation/constraint-names.js';
export { NON_STRICT_FIXES, type EvaluatedQuery } from './benchmarks/travelplanner/evaluation/evaluation-context.js';
export {
  runTravelplannerEvaluate,
  type TravelplannerEvaluateOptions,
  type TravelplannerEvaluateSummary,
} from './benchmarks/travelplanner/bench/run-travelplanner-evaluate.js';
export { goldSubmission, type SubmissionLine } from './benchmarks/travelplanner/bench/gold-submission.js';
export { createOfflinePlanner, memoryLines, proceduresOf } from './benchmarks/travelplanner/agents/offline-planner.js';
export { planTrip } from './benchmarks/travelplanner/agents/plan-trip.js';
export { describePlan } from './benchmarks/travelplanner/agents/describe-plan.js';
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
} from './benchmarks/travelplanner/agents/plan-procedure.js';
export {
  readReferenceView,
  type ReferenceView,
  type LegOption,
} from './benchmarks/travelplanner/agents/reference-view.js';
export {
  createTravelAgent,
  type TravelAgentName,
  type TravelPrompt,
} from './benchmarks/travelplanner/agents/create-travel-agent.js';
export { createSolePlanningLlmAgent } from './benchmarks/travelplanner/agents/llm/sole-planning-llm-agent.js';
export { createTwoStageReactAgent } from './benchmarks/travelplanner/agents/llm/two-stage-react-agent.js';
export {
  LlmPlanSchema,
  LlmPlanDaySchema,
  readLlmPlan,
  requestPlan,
} from './benchmarks/travelplanner/agents/llm/llm-plan-schema.js';
export {
  DIRECT_SYSTEM_PROMPT,
  COT_SYSTEM_PROMPT,
  REACT_SYSTEM_PROMPT,
  withMemoryAfterQuery,
} from './benchmarks/travelplanner/agents/llm/travel-prompts.js';
export { goldTrajectory } from './benchmarks/travelplanner/memory/gold-trajectory.js';
export { kFoldSplit } from './benchmarks/travelplanner/memory/k-fold-split.js';
export { createTravelAdjuster } from './benchmarks/travelplanner/memory/travel-adjuster.js';
export {
  runTravelplannerBench,
  type TravelplannerRunOptions,
  type TravelplannerRunResult,
} from './benchmarks/travelplanner/bench/run-travelplanner-bench.js';
export { runTravelplannerGrid } from './benchmarks/travelplanner/bench/run-travelplanner-grid.js';
export type { TravelRunSummary, TravelMetrics } from './benchmarks/travelplanner/bench/travel-run-summary.js';
export type { TravelEpisode } from './benchmarks/travelplanner/bench/run-travelplanner-episodes.js';
