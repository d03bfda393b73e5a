import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { MempError } from 'memp';
import { findSharedData } from '../../shared/find-shared-data.js';

/**
 * The TravelPlanner data directory: `explicit` (e.g. `--data`), else `$MEMP_TRAVELPLANNER_DATA`, else
 * the first ancestor of this package holding `shared/data/travelplanner` (the data checked out beside the repository).
 * Throws `NOT_FOUND` when the directory has no `train_data_list.jsonl`.
 */
export function resolveTravelplannerData(options: { explicit?: string } = {}): string {
  const chosen =
    options.explicit ??
    process.env['MEMP_TRAVELPLANNER_DATA'] ??
    findSharedData('travelplanner', 'train_data_list.jsonl') ??
    'shared/data/travelplanner';
  if (!existsSync(join(chosen, 'train_data_list.jsonl'))) {
    throw new MempError(
      'NOT_FOUND',
      `no TravelPlanner data at ${chosen} (expected train_data_list.jsonl and database/); give --data DIR or set MEMP_TRAVELPLANNER_DATA`,
      { details: { dir: chosen } },
    );
  }
  return chosen;
}
