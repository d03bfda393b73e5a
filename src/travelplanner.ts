/**
 * `memp/travelplanner`: the TravelPlanner benchmark (Xie et al., 2024) on memp — the sandbox database and tools with
 * the official answers, the sole-planning and two-stage environments, and the official evaluator with its quirks.
 */

export {
  createTravelAgent,
  type TravelAgentName,
  type TravelPrompt,
} from './benchmarks/travelplanner/agents/create-travel-agent.js';
export { describePlan } from './benchmarks/travelplanner/agents/describe-plan.js';
export {
  LlmPlanDaySchema,
  LlmPlanSchema,
  readLlmPlan,
  requestPlan,
} from './benchmarks/travelplanner/agents/llm/llm-plan-schema.js';
export { createSolePlanningLlmAgent } from './benchmarks/travelplanner/agents/llm/sole-planning-llm-agent.js';
export {
  COT_SYSTEM_PROMPT,
  DIRECT_SYSTEM_PROMPT,
  REACT_SYSTEM_PROMPT,
  withMemoryAfterQuery,
} from './benchmarks/travelplanner/agents/llm/travel-prompts.js';
export { createTwoStageReactAgent } from './benchmarks/travelplanner/agents/llm/two-stage-react-agent.js';
export { createOfflinePlanner, memoryLines, proceduresOf } from './benchmarks/travelplanner/agents/offline-planner.js';
export {
  type DayFill,
  emptyProcedure,
  type Mode,
  type PlanProcedure,
  RULE_LINES,
  type RuleName,
  readProcedure,
  type Slot,
  type SlotPlace,
} from './benchmarks/travelplanner/agents/plan-procedure.js';
export { planTrip } from './benchmarks/travelplanner/agents/plan-trip.js';
export {
  type LegOption,
  type ReferenceView,
  readReferenceView,
} from './benchmarks/travelplanner/agents/reference-view.js';
export { goldSubmission, type SubmissionLine } from './benchmarks/travelplanner/bench/gold-submission.js';
export {
  runTravelplannerBench,
  type TravelplannerRunOptions,
  type TravelplannerRunResult,
} from './benchmarks/travelplanner/bench/run-travelplanner-bench.js';
export type { TravelEpisode } from './benchmarks/travelplanner/bench/run-travelplanner-episodes.js';
export {
  runTravelplannerEvaluate,
  type TravelplannerEvaluateOptions,
  type TravelplannerEvaluateSummary,
} from './benchmarks/travelplanner/bench/run-travelplanner-evaluate.js';
export { runTravelplannerGrid } from './benchmarks/travelplanner/bench/run-travelplanner-grid.js';
export type { TravelMetrics, TravelRunSummary } from './benchmarks/travelplanner/bench/travel-run-summary.js';
export {
  type Cell,
  type ColumnType,
  type DataTable,
  loadDataTable,
} from './benchmarks/travelplanner/database/data-table.js';
export { FLIGHT_COLUMNS, loadFlightTable } from './benchmarks/travelplanner/database/load-flight-table.js';
export { parseCsv } from './benchmarks/travelplanner/database/parse-csv.js';
export { resolveTravelplannerData } from './benchmarks/travelplanner/database/resolve-travelplanner-data.js';
export {
  type DistanceRow,
  ENTITY_COLUMNS,
  type EntityKind,
  loadTravelDatabase,
  TRAVEL_DATABASE_FILES,
  type TravelDatabase,
} from './benchmarks/travelplanner/database/travel-database.js';
export {
  LocalConstraintSchema,
  loadTravelQueries,
  type PlanDay,
  PlanDaySchema,
  type ReferenceEntry,
  TRAVEL_SPLITS,
  type TravelQuery,
  type TravelSplit,
} from './benchmarks/travelplanner/database/travel-query.js';
export { type EpisodeVerdict, failedConstraints } from './benchmarks/travelplanner/environment/episode-verdict.js';
export { parsePlanAnswer } from './benchmarks/travelplanner/environment/parse-plan-answer.js';
export { renderReferenceInformation } from './benchmarks/travelplanner/environment/reference-information.js';
export {
  createSolePlanningEnvironment,
  type TravelEnvironment,
} from './benchmarks/travelplanner/environment/sole-planning-environment.js';
export { createTwoStageEnvironment } from './benchmarks/travelplanner/environment/two-stage-environment.js';
export {
  COMMONSENSE_CONSTRAINTS,
  type CommonsenseKey,
  type ConstraintVerdict,
  HARD_CONSTRAINTS,
  type HardKey,
} from './benchmarks/travelplanner/evaluation/constraint-names.js';
export { evaluatePlan, type PlanEvaluation } from './benchmarks/travelplanner/evaluation/evaluate-plan.js';
export {
  evaluateSubmission,
  type SubmissionEvaluation,
} from './benchmarks/travelplanner/evaluation/evaluate-submission.js';
export { type EvaluatedQuery, NON_STRICT_FIXES } from './benchmarks/travelplanner/evaluation/evaluation-context.js';
export { readPlanFile, type SubmittedPlan } from './benchmarks/travelplanner/evaluation/read-plan-file.js';
export {
  type ConstraintTally,
  scoreEvaluations,
  type Tally,
  type TravelScores,
} from './benchmarks/travelplanner/evaluation/score-evaluations.js';
export { goldTrajectory } from './benchmarks/travelplanner/memory/gold-trajectory.js';
export { kFoldSplit } from './benchmarks/travelplanner/memory/k-fold-split.js';
export { createTravelAdjuster } from './benchmarks/travelplanner/memory/travel-adjuster.js';
export { type RenderFrameOptions, renderFrame } from './benchmarks/travelplanner/tools/pandas-frame.js';
export {
  createToolSession,
  INVALID_ACTION_ANSWER,
  type NotebookEntry,
  NULL_ACTION_ANSWER,
  TOOL_LIMITS,
  type ToolSession,
  type ToolStepResult,
} from './benchmarks/travelplanner/tools/tool-session.js';
export {
  createTravelTools,
  TOOL_COLUMNS,
  type ToolAnswer,
  type TravelTools,
} from './benchmarks/travelplanner/tools/travel-tools.js';
