/**
 * Request body examples of the OpenAPI document's main operations. They tell one story a reader (or a generated
 * client's docs) can replay as is against an empty namespace: import a refund procedure, learn two more episodes,
 * report that the imported procedure worked, retrieve for a new refund. `openapi-document.test.ts` sends each one to
 * a real server, so an example that no longer matches its schema fails the build.
 */

const lookup = { action: 'lookup_order({"id":"A17"})', observation: 'order A17: paid, 2 items, delivered' };
const refund = { action: 'refund_order({"id":"A17","reason":"damaged"})', observation: 'refund R-88 issued' };

/** `POST …/retrieve`: the best three memories for a task, rendered as Markdown prompt text. */
export const RETRIEVE_EXAMPLE = { task: 'refund order B42, which arrived damaged', k: 3, render: 'markdown' };

/** `POST …/learn`: one finished episode, and the memory that was recalled for it (see retrieve). */
export const LEARN_EXAMPLE = {
  trajectory: {
    task: 'refund order A17, which arrived damaged',
    steps: [lookup, refund],
    outcome: { success: true },
  },
  used: ['mem_refund_damaged_order'],
};

/** `POST …/learn/batch`: several episodes learned all or nothing, a failure among them. */
export const LEARN_BATCH_EXAMPLE = {
  items: [
    {
      trajectory: {
        task: 'cancel order C9 before it ships',
        steps: [
          { action: 'lookup_order({"id":"C9"})', observation: 'order C9: paid, not shipped' },
          { action: 'cancel_order({"id":"C9"})', observation: 'order C9 cancelled' },
        ],
        outcome: { success: true },
      },
    },
    {
      trajectory: {
        task: 'refund order D3, which arrived damaged',
        steps: [{ action: 'refund_order({"id":"D3"})', observation: 'error: look the order up first' }],
        outcome: { success: false },
      },
    },
  ],
};

/** `POST …/outcomes`: the recalled memory helped (ids from a retrieve answer). */
export const OUTCOME_EXAMPLE = { memoryIds: ['mem_refund_damaged_order'], success: true };

/** `POST …/import`: a memp-export file (JSON lines): a header, one memory, the trajectory it was built from. */
export const IMPORT_EXAMPLE = [
  {
    format: 'memp-export',
    version: 1,
    namespace: 'support',
    exportedAt: '2025-01-01T00:00:00.000Z',
    space: null,
    memories: 1,
    trajectories: 1,
  },
  {
    type: 'memory',
    memory: {
      id: 'mem_refund_damaged_order',
      namespace: 'support',
      task: 'refund order A17, which arrived damaged',
      keywords: ['refund', 'order', 'damaged'],
      kind: 'proceduralization',
      steps: [lookup, refund],
      script: '1. lookup_order({"id":"A17"})\n2. refund_order({"id":"A17","reason":"damaged"})',
      status: 'active',
      stats: { retrieved: 0, succeeded: 0, failed: 0 },
      provenance: { builtBy: 'offline', from: ['traj_refund_a17'], embedder: 'hashing-v1-512' },
      version: 1,
      createdAt: '2025-01-01T00:00:00.000Z',
      updatedAt: '2025-01-01T00:00:00.000Z',
    },
    revisions: [],
  },
  {
    type: 'trajectory',
    trajectory: {
      id: 'traj_refund_a17',
      namespace: 'support',
      task: 'refund order A17, which arrived damaged',
      steps: [lookup, refund],
      outcome: { success: true, steps: 2 },
    },
  },
]
  .map((line) => JSON.stringify(line))
  .join('\n');
