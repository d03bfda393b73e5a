/** One memory retrieved for an episode, as the benchmark records it. */
export interface RetrievedRecord {
  id: string;
  score: number;
  /** The task the memory was built from. */
  task: string;
  /** The memory's task type, when it was built from a benchmark trajectory that recorded one. */
  taskType?: string;
  /** The memory's version when retrieved: above 1 for an active memory means an update policy edited its content. */
  version?: number;
}

/** One episode of a benchmark run: a line of `episodes.jsonl`. */
export interface BenchEpisode {
  /** 0-based position in the task stream. */
  index: number;
  /** 0-based batch the episode belongs to. */
  batch: number;
  /** Game id (`<task-dir>/<trial>`). */
  game: string;
  /** The game file, when the game was loaded from disk. */
  path?: string;
  taskType: string;
  task: string;
  success: boolean;
  /** Actions taken. */
  steps: number;
  tokens: { input: number; output: number };
  /** Model calls. */
  calls: number;
  retrieved: RetrievedRecord[];
  /**
   * Estimated tokens of the memory the agent received: the engine's rendering of the retrieved memories
   * (`memp.render`, the engine's format) measured with `estimateTokens`; 0 when nothing was retrieved.
   */
  memoryTokens: number;
  /** Wall time of the episode (retrieval + agent), milliseconds. */
  ms: number;
  /** Id of the trajectory recorded for the episode. */
  trajectoryId: string;
}

/** One batch of a run: a point of the learning curve. */
export interface BenchBatch {
  /** 0-based batch index. */
  index: number;
  episodes: number;
  successes: number;
  /** Share of successful episodes, 0..1. */
  successRate: number;
  meanSteps: number;
  /** Active memories after the batch (after its update in online mode); 0 without memory. */
  memorySize: number;
  /** What the online update after the batch did: memories created, adjusted in place and deprecated. */
  updates?: { created: number; adjusted: number; deprecated: number };
}
