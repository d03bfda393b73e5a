import { z } from 'zod';
import { JsonRecordSchema } from './json-record.js';
import { NamespaceSchema } from './namespace.js';
import { StepSchema } from './step.js';

/** How an episode ended. `steps` is the number of actions taken. */
export const OutcomeSchema = z.strictObject({
  success: z.boolean(),
  reward: z.number().finite().optional(),
  steps: z.number().int().nonnegative(),
});

/** How an episode ended. */
export type Outcome = z.infer<typeof OutcomeSchema>;

/** A finished episode of an agent on one task: the raw material memories are built from. */
export const TrajectorySchema = z.strictObject({
  id: z.string().min(1),
  namespace: NamespaceSchema,
  task: z.string().trim().min(1, 'task must not be empty'),
  steps: z.array(StepSchema),
  outcome: OutcomeSchema,
  /** The model that produced the trajectory, if any. */
  model: z.string().optional(),
  /** The environment it ran in (e.g. `alfworld`). */
  env: z.string().optional(),
  meta: JsonRecordSchema.optional(),
});

/** A finished episode. */
export type Trajectory = z.infer<typeof TrajectorySchema>;

/**
 * A trajectory as users submit it (CLI files, HTTP, MCP, `learn()`): id and namespace are optional,
 * `outcome.steps` defaults to the number of steps, and `used` lists the memory ids that were retrieved
 * for this episode.
 */
export const TrajectoryInputSchema = z.strictObject({
  id: z.string().min(1).optional(),
  namespace: NamespaceSchema.optional(),
  task: z.string().trim().min(1, 'task must not be empty'),
  steps: z.array(StepSchema).min(1, 'a trajectory needs at least one step'),
  outcome: z.strictObject({
    success: z.boolean(),
    reward: z.number().finite().optional(),
    steps: z.number().int().nonnegative().optional(),
  }),
  model: z.string().optional(),
  env: z.string().optional(),
  used: z.array(z.string().min(1)).optional(),
  meta: JsonRecordSchema.optional(),
});

/** A trajectory as users submit it. */
export type TrajectoryInput = z.infer<typeof TrajectoryInputSchema>;
