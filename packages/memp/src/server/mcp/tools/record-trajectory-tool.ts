import { z } from 'zod';
import { StepSchema } from '../../../core/step.js';
import { toolResult } from '../mcp-tool-result.js';
import type { McpToolContext } from './mcp-tool-context.js';
import { namespaceArgument } from './namespace-argument.js';

/**
 * Registers `record_trajectory`: the agent sends a finished task's steps and outcome, with the ids it followed in
 * `used`, and memp learns from it (`learn`: distils, corrects or deprecates procedures per the update policy; needs
 * a write key).
 */
export function registerRecordTrajectoryTool({ server, memp, use, attribution }: McpToolContext): void {
  server.registerTool(
    'record_trajectory',
    {
      title: 'Record a finished task',
      description:
        'Call this AFTER finishing (or giving up on) a task, with the steps you took and whether it succeeded. ' +
        'Pass in `used` the ids recall_procedures returned that you followed: each counts one use. With the ' +
        'default update policy a successful run becomes a new procedure, the procedures you used are corrected ' +
        'when the run failed, and procedures that keep failing are deprecated. Returns the trajectory id and the ' +
        'ids of the procedures created, adjusted or deprecated.',
      inputSchema: {
        task: z.string().min(1).describe('The task, as you would describe it to recall_procedures.'),
        steps: z
          .array(StepSchema)
          .min(1)
          .describe(
            'What you did, in order: each step an `action`, optionally the `thought` before it and the `observation` after it.',
          ),
        success: z.boolean().describe('True when the task was accomplished.'),
        used: z
          .array(z.string().min(1))
          .optional()
          .describe('Ids of the procedures recall_procedures returned that you followed (none: leave it out).'),
        namespace: namespaceArgument,
      },
    },
    ({ task, steps, success, used, namespace }) =>
      toolResult(async () => {
        const ns = use('write', namespace);
        const result = await memp.learn({
          namespace: ns,
          attribution,
          trajectory: { task, steps, outcome: { success } },
          ...(used ? { used } : {}),
        });
        return { data: { namespace: ns, ...result } };
      }),
  );
}
