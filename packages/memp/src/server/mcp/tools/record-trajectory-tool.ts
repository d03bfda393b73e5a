import { z } from 'zod';
import { StepSchema } from '../../../core/step.js';
import { MAX_CALLER_IDEMPOTENCY_KEY_CHARS, scopedIdempotencyKey } from '../../auth/scoped-idempotency-key.js';
import { toolResult } from '../mcp-tool-result.js';
import type { McpToolContext } from './mcp-tool-context.js';
import { namespaceArgument } from './namespace-argument.js';

/**
 * Registers `record_trajectory`: the agent sends a finished task's steps and outcome, with the ids it followed in
 * `used`, and memp learns from it (`learn`: distils, corrects or deprecates procedures per the update policy; needs
 * a write key).
 */
export function registerRecordTrajectoryTool({ server, memp, use, principal, attribution }: McpToolContext): void {
  server.registerTool(
    'record_trajectory',
    {
      title: 'Record a finished task',
      description:
        'Call this AFTER finishing (or giving up on) a task, with the steps you took and whether it succeeded. ' +
        'Pass in `used` the ids recall_procedures returned that you followed: each counts one use. With the ' +
        'default update policy a successful run becomes a new procedure, the procedures you used are corrected ' +
        'when the run failed, and procedures that keep failing are deprecated. Returns the trajectory id and the ' +
        'ids of the procedures created, adjusted or deprecated. Recording the same run twice is harmless: the ' +
        'repeat writes nothing and returns the first result with `replayed: true`.',
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
        idempotencyKey: z
          .string()
          .min(1)
          .max(MAX_CALLER_IDEMPOTENCY_KEY_CHARS)
          .optional()
          .describe(
            'Optional: a key of your own for this record (printable ASCII, no spaces). Retrying with the same key and the same run returns the first result; the same key with another run is refused.',
          ),
      },
    },
    ({ task, steps, success, used, namespace, idempotencyKey }) =>
      toolResult(async () => {
        const ns = use('write', namespace);
        const key = scopedIdempotencyKey({ principal, key: idempotencyKey, field: 'idempotencyKey' });
        const result = await memp.learn({
          namespace: ns,
          attribution,
          trajectory: { task, steps, outcome: { success } },
          ...(used ? { used } : {}),
          ...(key === undefined ? {} : { idempotencyKey: key }),
        });
        return { data: { namespace: ns, ...result } };
      }),
  );
}
