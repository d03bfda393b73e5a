import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { MempError } from 'memp';
import { loadAlfworldGame, type AlfworldGame } from './alfworld-game.js';

/** The file name of an ALFWorld game. */
export const ALFWORLD_GAME_FILE = 'game.tw-pddl';

/**
 * Lists every `game.tw-pddl` under `dir` (recursively), sorted. A `dir` that is itself a game file lists
 * just that file. Throws `NOT_FOUND` when `dir` does not exist.
 */
export function findAlfworldGames(options: { dir: string }): string[] {
  const root = resolve(options.dir);
  if (!existsSync(root)) {
    throw new MempError('NOT_FOUND', `ALFWorld game directory not found: ${root}`, { details: { path: root } });
  }
  if (statSync(root).isFile()) return [root];
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name === ALFWORLD_GAME_FILE) out.push(full);
    }
  };
  walk(root);
  return out.sort();
}

/**
 * Resolves the directory of a split: `dir` when given, else `<dataDir>/json_2.1.1/<split>` where `dataDir`
 * defaults to `$ALFWORLD_DATA` (a `dataDir` that already ends in `json_2.1.1` works too).
 * Throws `INVALID_ARGUMENT` when neither `dir` nor a data directory is known, `NOT_FOUND` when it does not exist.
 */
export function resolveAlfworldSplitDir(options: { dir?: string; split?: string; dataDir?: string }): string {
  if (options.dir !== undefined) return resolve(options.dir);
  const dataDir = options.dataDir ?? process.env['ALFWORLD_DATA'];
  const split = options.split ?? 'valid_seen';
  if (dataDir === undefined || dataDir === '') {
    throw new MempError('INVALID_ARGUMENT', 'no ALFWorld data directory: pass dir/dataDir or set ALFWORLD_DATA');
  }
  const candidates = [join(dataDir, 'json_2.1.1', split), join(dataDir, split)];
  const found = candidates.find((c) => existsSync(c));
  if (found === undefined) {
    throw new MempError('NOT_FOUND', `ALFWorld split "${split}" not found under ${dataDir}`, {
      details: { path: candidates[0] },
    });
  }
  return resolve(found);
}

/**
 * Loads every game of a split directory (recursively). Game ids are the game directories relative to the
 * split directory, with `/` separators. Throws on the first malformed game (`INVALID_ARGUMENT`, naming the file).
 */
export function loadAlfworldSplit(options: { dir?: string; split?: string; dataDir?: string }): AlfworldGame[] {
  const root = resolveAlfworldSplitDir(options);
  const paths = findAlfworldGames({ dir: root });
  const isFile = statSync(root).isFile();
  return paths.map((path) => {
    if (isFile) return loadAlfworldGame({ path });
    const rel = relative(root, path).split(sep);
    rel.pop();
    return loadAlfworldGame({ path, id: rel.join('/') });
  });
}
