import { existsSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { MempError } from 'memp';
import type { AlfworldGame } from '../environment/alfworld-game.js';
import { loadAlfworldSplit } from '../environment/alfworld-split.js';
import { extractSplitArchive } from './split-archive-cache.js';

/** The games of a split and where they came from. */
export interface ResolvedGames {
  /** The directory the games were loaded from. */
  dir: string;
  games: AlfworldGame[];
}

/**
 * Finds and loads the games of `split` under an ALFWorld data directory: `<data>/json_2.1.1/<split>/` (or
 * `<data>/<split>/`), else the archive `<split>.tar.gz` beside it, extracted once into the cache
 * (ALFWorld ships `train` that way). `split` may also be a directory of games.
 * Throws `NOT_FOUND` when neither exists, `INVALID_ARGUMENT` for malformed games or an empty split.
 */
export function resolveAlfworldGames(options: { data: string; split: string; cacheDir?: string }): ResolvedGames {
  const { split } = options;
  const data = resolve(options.data);
  if (existsSync(split) && statSync(split).isDirectory()) return load(resolve(split));
  const bases = basename(data) === 'json_2.1.1' ? [data] : [join(data, 'json_2.1.1'), data];
  for (const base of bases) {
    const dir = join(base, split);
    if (existsSync(dir) && statSync(dir).isDirectory()) return load(dir);
  }
  for (const base of bases) {
    for (const ext of ['.tar.gz', '.tgz', '.tar']) {
      const archive = join(base, `${split}${ext}`);
      if (existsSync(archive)) {
        return load(
          extractSplitArchive({ archive, ...(options.cacheDir === undefined ? {} : { cacheDir: options.cacheDir }) }),
        );
      }
    }
  }
  throw new MempError(
    'NOT_FOUND',
    `ALFWorld split "${split}" not found under ${data} (looked for json_2.1.1/${split}/ and ${split}.tar.gz)`,
    {
      details: { field: 'split', path: data },
    },
  );
}

function load(dir: string): ResolvedGames {
  const games = loadAlfworldSplit({ dir });
  if (games.length === 0)
    throw new MempError('INVALID_ARGUMENT', `no game.tw-pddl files under ${dir}`, { details: { path: dir } });
  return { dir, games };
}
