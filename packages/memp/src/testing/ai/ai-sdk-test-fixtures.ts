import { tool } from 'ai';
import { z } from 'zod';
import { createFixedClock } from '../../core/clock.js';
import { createSeededIds } from '../../core/ids.js';
import type { Memp } from '../../engine/create-memp.js';
import { createMemp } from '../../composition/create-memp.js';
import { createInMemoryMemoryStore } from '../../adapters/stores/in-memory/in-memory-memory-store.js';

/** A memp engine for the AI SDK tests: in-memory, seeded ids, fixed clock, k = 3. */
export function testMemp(): Memp {
  return createMemp({ store: createInMemoryMemoryStore(), clock: createFixedClock(), ids: createSeededIds(3) });
}

/** A finished tool-calling episode to learn from, for `task`. */
export function shippingEpisode(task: string, id: string) {
  return {
    id,
    task,
    steps: [
      { action: 'find_item({"item":"mug"})', observation: 'mug is in bin B4' },
      { action: 'pick_item({"bin":"B4"})', observation: 'picked' },
      { action: 'ship_parcel({"order":"A-1"})', observation: 'shipped' },
    ],
    outcome: { success: true },
  };
}

/** Two tools for multi-step runs: `lookup` answers, `explode` always throws. */
export const testTools = {
  lookup: tool({
    description: 'Looks something up.',
    inputSchema: z.object({ query: z.string(), limit: z.number().optional() }),
    execute: async ({ query }) => ({ found: query, where: 'shelf 2' }),
  }),
  explode: tool({
    description: 'Always fails.',
    inputSchema: z.object({ what: z.string() }),
    execute: async ({ what }): Promise<string> => {
      throw new Error(`cannot ${what}`);
    },
  }),
};
