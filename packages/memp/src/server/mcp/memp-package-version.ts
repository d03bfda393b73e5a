import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { MempError } from '../../core/errors.js';

const PackageJsonSchema = z.object({ name: z.string().optional(), version: z.string().min(1).optional() });

let own: string | undefined;

/**
 * memp's version, from the nearest `package.json` named `memp` above `from` (default: this module, so the answer
 * is the version of the package the code runs from, whether from `src/`, `dist/`, a workspace's `packages/memp/`
 * or an install in `node_modules/memp/`). Other `package.json` files on the way (a workspace root, a vendored
 * folder) are skipped. Read once per process for the default `from`. `INTERNAL` when there is none.
 */
export function mempPackageVersion(options: { from?: URL | string } = {}): string {
  if (options.from === undefined && own !== undefined) return own;
  const start = options.from ?? import.meta.url;
  let dir = dirname(start instanceof URL || start.startsWith('file:') ? fileURLToPath(start) : start);
  for (;;) {
    const version = mempVersionIn(join(dir, 'package.json'));
    if (version !== undefined) {
      if (options.from === undefined) own = version;
      return version;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new MempError('INTERNAL', `no package.json named "memp" above ${String(start)}`);
    dir = parent;
  }
}

function mempVersionIn(file: string): string | undefined {
  if (!existsSync(file)) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
  const parsed = PackageJsonSchema.safeParse(json);
  return parsed.success && parsed.data.name === 'memp' ? parsed.data.version : undefined;
}
