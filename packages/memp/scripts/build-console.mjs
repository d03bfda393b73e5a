// Bundles the browser console (src/server/console/client) into dist/server/console/assets/ with esbuild:
// one minified ES module and one style sheet, no runtime network. Runs after tsc in `npm run build`.
import { mkdirSync } from 'node:fs';
import { build } from 'esbuild';

const out = 'dist/server/console/assets';
mkdirSync(out, { recursive: true });
await build({
  entryPoints: { console: 'src/server/console/client/main.ts' },
  bundle: true,
  minify: true,
  format: 'esm',
  platform: 'browser',
  target: ['es2022'],
  outdir: out,
  legalComments: 'none',
  logLevel: 'warning',
});
await build({
  entryPoints: { console: 'src/server/console/client/console.css' },
  bundle: true,
  minify: true,
  outdir: out,
  logLevel: 'warning',
});
