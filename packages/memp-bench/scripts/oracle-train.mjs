#!/usr/bin/env node
// Oracle check on ALFWorld's train split: extracts train.tar.gz (system `tar`) to a temp dir, replays every
// game's expert walkthrough in memp's simulator, prints "N/3553 won" and lists failures. Needs `npm run build`.
// Usage: node scripts/oracle-train.mjs [path/to/train.tar.gz | path/to/train-dir]
// Default archive: $ALFWORLD_DATA/json_2.1.1/train.tar.gz, else shared/data/alfworld/json_2.1.1/train.tar.gz in the
// nearest ancestor of this package that has it (the data checked out beside the repository).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadAlfworldGame } from '../dist/alfworld/environment/alfworld-game.js';
import { findAlfworldGames } from '../dist/alfworld/environment/alfworld-split.js';
import { replayWalkthrough } from '../dist/alfworld/environment/replay-walkthrough.js';
import { findSharedData } from '../dist/shared/find-shared-data.js';

const EXPECTED = 3553;
const roots = [process.env.ALFWORLD_DATA, findSharedData('alfworld', 'json_2.1.1')].filter(Boolean);
const input =
  process.argv[2] ??
  roots.map((r) => join(r, 'json_2.1.1', 'train.tar.gz')).find((p) => existsSync(p)) ??
  roots.map((r) => join(r, 'json_2.1.1', 'train')).find((p) => existsSync(p));
if (!input || !existsSync(input)) {
  console.error('oracle:train: train.tar.gz not found (pass a path or set ALFWORLD_DATA)');
  process.exit(2);
}

let tmp;
let dir = input;
if (statSync(input).isFile()) {
  tmp = mkdtempSync(join(tmpdir(), 'memp-alfworld-train-'));
  console.error(`extracting ${input} …`);
  execFileSync('tar', ['-xzf', input, '-C', tmp]);
  dir = tmp;
}
try {
  const paths = findAlfworldGames({ dir });
  const failures = [];
  let won = 0;
  const t0 = performance.now();
  for (const path of paths) {
    try {
      const game = loadAlfworldGame({ path });
      const replay = replayWalkthrough({ game });
      if (replay.won) won++;
      else failures.push(`${game.id}: ${replay.failure}`);
    } catch (error) {
      failures.push(`${path}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  const seconds = (performance.now() - t0) / 1000;
  console.log(`${won}/${paths.length} won (expected ${EXPECTED} games) in ${seconds.toFixed(1)} s`);
  for (const f of failures) console.log(`  FAIL ${f}`);
  process.exitCode = won === paths.length && paths.length === EXPECTED ? 0 : 1;
} finally {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
}
