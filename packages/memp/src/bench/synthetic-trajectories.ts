import { createSeededRandom, type RandomSource } from '../core/random.js';
import type { TrajectoryInput } from '../core/trajectory.js';

const OBJECTS = [
  'apple',
  'mug',
  'egg',
  'plate',
  'book',
  'cd',
  'pencil',
  'knife',
  'potato',
  'lettuce',
  'bowl',
  'cup',
  'spoon',
  'tomato',
  'bread',
  'pan',
  'kettle',
  'vase',
  'watch',
  'keychain',
  'pillow',
  'laptop',
  'remotecontrol',
  'box',
];
const PLACES = [
  'fridge',
  'cabinet',
  'drawer',
  'countertop',
  'shelf',
  'desk',
  'sidetable',
  'diningtable',
  'safe',
  'bed',
  'sofa',
  'garbagecan',
  'microwave',
  'sinkbasin',
  'stoveburner',
  'dresser',
  'armchair',
  'coffeetable',
];
const PATTERNS = [
  'put a {o} in {p}',
  'put a clean {o} in {p}',
  'heat some {o} and put it in {p}',
  'cool some {o} and put it in {p}',
  'put two {o} in {p}',
  'look at {o} under the desklamp',
  'find a {o} near the {p}',
];

function pick<T>(items: readonly T[], random: RandomSource): T {
  return items[Math.floor(random() * items.length)] as T;
}

/**
 * Generates `count` ALFWorld-style trajectories (seeded) for benchmarks: varied task sentences and 4–12 steps
 * including failed actions and detours, so the offline distiller has real work to do.
 */
export function generateSyntheticTrajectories(options: {
  count: number;
  seed?: number;
  prefix?: string;
}): TrajectoryInput[] {
  const random = createSeededRandom(options.seed ?? 1);
  const out: TrajectoryInput[] = [];
  for (let i = 0; i < options.count; i++) {
    const o = pick(OBJECTS, random);
    const p = pick(PLACES, random);
    const from = pick(PLACES, random);
    const n = 1 + Math.floor(random() * 4);
    const task = pick(PATTERNS, random).replace('{o}', o).replace('{p}', p) + (random() < 0.5 ? '' : ` ${i % 97}`);
    const steps = [
      {
        action: `go to ${from} ${n}`,
        observation: `You arrive at ${from} ${n}. On the ${from} ${n}, you see a ${o} 1.`,
      },
      { action: `take ${o} 1 from ${from} ${n}`, observation: `You pick up the ${o} 1 from the ${from} ${n}.` },
    ];
    const detours = Math.floor(random() * 6);
    for (let d = 0; d < detours; d++) {
      const q = pick(PLACES, random);
      steps.push(
        d % 2 === 0
          ? {
              action: `go to ${q} ${d + 1}`,
              observation: `You arrive at ${q} ${d + 1}. On the ${q} ${d + 1}, you see nothing.`,
            }
          : { action: `use ${q} ${d + 1}`, observation: 'Nothing happens.' },
      );
    }
    steps.push(
      { action: `go to ${p} 1`, observation: `You arrive at ${p} 1. The ${p} 1 is open.` },
      { action: `move ${o} 1 to ${p} 1`, observation: `You move the ${o} 1 to the ${p} 1.` },
    );
    out.push({
      id: `${options.prefix ?? 'syn'}-${i}`,
      task,
      steps,
      outcome: { success: random() < 0.8 },
      env: 'alfworld',
    });
  }
  return out;
}
