import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The benchmark data checked out beside the repository: the first ancestor of this package (from `src/` or `dist/`)
 * that holds `shared/data/<name>/<marker>`, e.g. `findSharedData('alfworld', 'json_2.1.1')`. Undefined when none does.
 * Users point the benchmarks at their own download with `$ALFWORLD_DATA` / `$MEMP_TRAVELPLANNER_DATA` instead.
 */
export function findSharedData(name: string, marker: string): string | undefined {
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    const candidate = join(dir, 'shared', 'data', name);
    if (existsSync(join(candidate, marker))) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}
