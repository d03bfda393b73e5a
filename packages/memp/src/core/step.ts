import { z } from 'zod';

/** One turn of an agent: what it thought, what it did, what the environment answered. */
export const StepSchema = z.strictObject({
  thought: z.string().optional(),
  action: z.string().min(1, 'action must not be empty'),
  observation: z.string().optional(),
});

/** One turn of an agent. */
export type Step = z.infer<typeof StepSchema>;
