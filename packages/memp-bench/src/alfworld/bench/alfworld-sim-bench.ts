/**
 * ALFWorld simulator benchmark: mean game-load time (read + parse + validate) and world-compile time over
 * valid_seen, then simulator throughput in steps/s replaying walkthroughs and playing random admissible
 * actions. Data: `$ALFWORLD_DATA/json_2.1.1/valid_seen`, else `../shared/data/alfworld/json_2.1.1/valid_seen`,
 * else 140 generated games. Usage: `npm run bench:alfworld-sim`.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadAlfworldGame, type AlfworldGame } from '../environment/alfworld-game.js';
import { AlfworldSimulator } from '../environment/alfworld-simulator.js';
import { findAlfworldGames } from '../environment/alfworld-split.js';
import { worldOf } from '../environment/alfworld-world.js';
import { generateAlfworldGames } from '../environment/generate-games.js';
import { createSeededRandom } from 'memp/internal';
import { findSharedData } from '../../shared/find-shared-data.js';

function splitDir(): string | undefined {
  const roots = [process.env['ALFWORLD_DATA'], findSharedData('alfworld', 'json_2.1.1')].filter(
    (r): r is string => !!r,
  );
  for (const root of roots) {
    for (const dir of [join(root, 'json_2.1.1', 'valid_seen'), join(root, 'valid_seen')])
      if (existsSync(dir)) return dir;
  }
  return undefined;
}

function loadGames(): { games: AlfworldGame[]; source: string; loadMs?: number; compileMs: number } {
  const dir = splitDir();
  let games: AlfworldGame[];
  let loadMs: number | undefined;
  if (dir === undefined) {
    games = generateAlfworldGames({ seed: 1, count: 140 });
  } else {
    const paths = findAlfworldGames({ dir });
    for (const path of paths.slice(0, 20)) loadAlfworldGame({ path }); // warm up the JIT
    const t0 = performance.now();
    games = paths.map((path) => loadAlfworldGame({ path }));
    loadMs = (performance.now() - t0) / paths.length;
  }
  const t1 = performance.now();
  for (const game of games) worldOf(game);
  const compileMs = (performance.now() - t1) / games.length;
  return {
    games,
    source: dir ?? 'generated (no ALFWorld data found)',
    ...(loadMs === undefined ? {} : { loadMs }),
    compileMs,
  };
}

function throughput(games: AlfworldGame[], withAdmissible: boolean, seconds: number): { steps: number; rate: number } {
  const random = createSeededRandom(7);
  const sims = games.map((game) => new AlfworldSimulator({ game }));
  let steps = 0;
  const t0 = performance.now();
  const deadline = t0 + seconds * 1000;
  let round = 0;
  while (performance.now() < deadline) {
    for (const sim of sims) {
      sim.reset();
      if (round % 2 === 0) {
        for (const action of sim.game.walkthrough) {
          if (withAdmissible) sim.admissibleActions();
          sim.step(action);
          steps++;
        }
      } else {
        for (let i = 0; i < 30 && !sim.done; i++) {
          const actions = sim.admissibleActions();
          sim.step(actions[Math.floor(random() * actions.length)] as string);
          steps++;
        }
      }
    }
    round++;
  }
  return { steps, rate: steps / ((performance.now() - t0) / 1000) };
}

const { games, source, loadMs, compileMs } = loadGames();
console.log(`ALFWorld simulator bench — ${games.length} games from ${source}`);
if (loadMs !== undefined) console.log(`  game load (read + JSON + zod + PDDL + grammar): ${loadMs.toFixed(2)} ms/game`);
console.log(`  world compile (names, indexes, goal):            ${compileMs.toFixed(2)} ms/game`);
throughput(games, false, 0.5); // warm up
const plain = throughput(games, false, 3);
console.log(
  `  steps/s (walkthroughs + random admissible actions): ${Math.round(plain.rate).toLocaleString('en-US')} (${plain.steps} steps)`,
);
const listed = throughput(games, true, 3);
console.log(
  `  steps/s with admissible actions listed every step: ${Math.round(listed.rate).toLocaleString('en-US')} (${listed.steps} steps)`,
);
