import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MempError } from 'memp';

/**
 * The TravelPlanner data directory: `explicit` (e.g. `--data`), else `$MEMP_TRAVELPLANNER_DATA`, else
 * `<repo>/../shared/data/travelplanner` — the repository root found from this file (in `src/` or `dist/`), and, for a
 * git worktree nested deeper, the first ancestor of it holding `shared/data/travelplanner`.
 * Throws `NOT_FOUND` when the directory has no `train_data_list.jsonl`.
 */
export function resolveTravelplannerData(options: { explicit?: string } = {}): string {
  const chosen = options.explicit ?? process.env['MEMP_TRAVELPLANNER_DATA'] ?? defaultDataDir();
  if (!existsSync(join(chosen, 'train_data_list.jsonl'))) {
    throw new MempError(
      'NOT_FOUND',
      `no TravelPlanner data at ${chosen} (expected train_data_list.jsonl and database/); give --data DIR or set MEMP_TRAVELPLANNER_DATA`,
      { details: { dir: chosen } },
    );
  }
  return chosen;
}

function defaultDataDir(): string {
  let root = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(root, 'package.json')) && dirname(root) !== root) root = dirname(root);
  const first = resolve(root, '../shared/data/travelplanner');
  for (let dir = dirname(root); ; dir = dirname(dir)) {
    const candidate = join(dir, 'shared/data/travelplanner');
    if (existsSync(join(candidate, 'train_data_list.jsonl'))) return candidate;
    if (dirname(dir) === dir) return first;
  }
}
