import { randomBytes } from 'node:crypto';
import { createSeededRandom } from './random.js';

/** Generates ids for memories, trajectories and runs; injected so runs are reproducible. */
export interface IdGenerator {
  /** A new unique id with the given prefix, e.g. `mem_…`, `traj_…`. */
  next(prefix: string): string;
}

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';

const TAIL_LENGTH = 10;

/**
 * Random ids: a millisecond timestamp plus 10 random characters, strictly increasing within a process (so they
 * sort by creation): an id made in the same millisecond as the previous one (or while the clock stepped back)
 * keeps that one's timestamp and takes its tail plus one.
 */
export const randomIds: IdGenerator = (() => {
  let lastTime = -1;
  let lastTail: number[] = [];
  return {
    next(prefix: string): string {
      const now = Date.now();
      if (now > lastTime) {
        lastTime = now;
        lastTail = Array.from(randomBytes(TAIL_LENGTH), (b) => b % ALPHABET.length);
        // Leave room to count up within this millisecond without running out of tail.
        lastTail[0] = Math.min(lastTail[0] as number, ALPHABET.length - 2);
      } else {
        let i = TAIL_LENGTH - 1;
        while (i >= 0 && lastTail[i] === ALPHABET.length - 1) lastTail[i--] = 0;
        if (i < 0) throw new Error('randomIds: more ids in one millisecond than the tail can count');
        lastTail[i] = (lastTail[i] as number) + 1;
      }
      return `${prefix}_${lastTime.toString(36)}${lastTail.map((d) => ALPHABET[d]).join('')}`;
    },
  };
})();

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
