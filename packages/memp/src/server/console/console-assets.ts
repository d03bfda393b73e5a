import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

/** One built asset, kept in memory with its gzip form. */
export interface ConsoleAsset {
  /** Name with a content hash (`console.3f2a9c1b.js`), so it can be cached for good. */
  name: string;
  type: string;
  body: Buffer;
  gzip: Buffer;
}

/** The console's built script and style sheet. */
export interface ConsoleAssets {
  script: ConsoleAsset;
  style: ConsoleAsset;
}

/** Where `npm run build` writes the console bundle: `dist/server/console/assets/`. */
export const CONSOLE_ASSETS_DIR = fileURLToPath(new URL('./assets/', import.meta.url));

function load(dir: string, file: string, type: string): ConsoleAsset {
  const body = readFileSync(`${dir}${file}`);
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 10);
  const dot = file.lastIndexOf('.');
  return { name: `${file.slice(0, dot)}.${hash}${file.slice(dot)}`, type, body, gzip: gzipSync(body, { level: 9 }) };
}

/**
 * Loads the console bundle built by `npm run build` (esbuild, see `scripts/build-console.mjs`). Undefined when it
 * was not built (running from sources): the console routes then answer 503 and say how to build it.
 */
export function loadConsoleAssets(dir: string = CONSOLE_ASSETS_DIR): ConsoleAssets | undefined {
  if (!existsSync(`${dir}console.js`) || !existsSync(`${dir}console.css`)) return undefined;
  return {
    script: load(dir, 'console.js', 'text/javascript; charset=utf-8'),
    style: load(dir, 'console.css', 'text/css; charset=utf-8'),
  };
}
