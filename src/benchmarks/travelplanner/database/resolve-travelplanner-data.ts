import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MempError } from '../../../core/errors.js';

/**
 * The TravelPlanner data directory: `explicit` (e.g. `--data`), else `$MEMP_TRAVELPLANNER_DATA`, else
 * `<repo>/../shared/data/travelplanner` (the repository root found from this file, in `src/` or `dist/`).
 * Throws `NOT_FOUND` when the directory has no `train_data_list.jsonl`.
 */
export function resolveTravelplannerData(options: { explicit?: string } = {}): string {
  const candidates = [options.explicit, process.env['MEMP_TRAVELPLANNER_DATA'], defaultDataDir()].filter((c): c is string => !!c);
  const chosen = candidates[0] as string;
  if (!existsSync(join(chosen, 'train_data_list.jsonl'))) {
    throw new MempError('NOT_FOUND', `no TravelPlanner data at ${chosen} (expected train_data_list.jsonl and database/); give --data DIR or set MEMP_TRAVELPLANNER_DATA`, { details: { dir: chosen } });
  }
  return chosen;
}

function defaultDataDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 8; i++) {
    if (existsSync(join(dir, 'package.json'))) return resolve(dir, '../shared/data/travelplanner');
    dir = dirname(dir);
  }
  return resolve('../shared/data/travelplanner');
}
