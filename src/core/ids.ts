import { randomBytes } from 'node:crypto';
import { createSeededRandom } from './random.js';

/** Generates ids for memories, trajectories and runs; injected so runs are reproducible. */
export interface IdGenerator {
  /** A new unique id with the given prefix, e.g. `mem_…`, `traj_…`. */
  next(prefix: string): string;
}

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';

/** Random ids: a millisecond timestamp (so ids sort by creation) plus 10 random characters. */
export const randomIds: IdGenerator = {
  next(prefix) {
    const bytes = randomBytes(10);
    let tail = '';
    for (const b of bytes) tail += ALPHABET[b % ALPHABET.length];
    return `${prefix}_${Date.now().toString(36)}${tail}`;
  },
};

/** Deterministic ids from a seed: the same seed yields the same sequence. */
export function createSeededIds(seed: number | string = 1): IdGenerator {
  const random = createSeededRandom(seed);
  let counter = 0;
  return {
    next(prefix) {
      counter += 1;
      let tail = '';
      for (let i = 0; i < 6; i++) tail += ALPHABET[Math.floor(random() * ALPHABET.length)];
      return `${prefix}_${counter.toString(36).padStart(6, '0')}${tail}`;
    },
  };
}
