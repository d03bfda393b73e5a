// Prints what importing each entry point costs: median wall time of `import()` in fresh Node processes, and the bytes
// esbuild bundles for the code loaded at import time (dynamic imports split off; native modules kept external).
// Run: npm run bench:import (after a build).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';

const ENTRIES = ['memp', 'memp/sqlite', 'memp/ai', 'memp/postgres', 'memp/server', 'memp/testing', 'memp/internal'];
const RUNS = Number(process.env.RUNS ?? 7);
const pkg = JSON.parse(readFileSync('package.json', 'utf8'));

function importMs(specifier) {
  const code = `const t=performance.now(); await import(${JSON.stringify(specifier)}); process.stdout.write(String(performance.now()-t));`;
  const times = [];
  for (let i = 0; i < RUNS; i++)
    times.push(Number(execFileSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8' })));
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

async function staticBytes(file) {
  const outdir = mkdtempSync(join(tmpdir(), 'memp-bundle-'));
  const result = await build({
    entryPoints: [file],
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    outdir,
    metafile: true,
    external: ['better-sqlite3', 'pg-native'],
    logLevel: 'error',
  });
  // Bytes reachable from the entry through static imports only.
  const outputs = result.metafile.outputs;
  const seen = new Set();
  const visit = (out) => {
    if (seen.has(out)) return;
    seen.add(out);
    for (const imp of outputs[out]?.imports ?? [])
      if (imp.kind === 'import-statement' && outputs[imp.path]) visit(imp.path);
  };
  const entryOut = Object.keys(outputs).find((o) => outputs[o].entryPoint !== undefined && o.endsWith('.js'));
  visit(entryOut);
  let bytes = 0;
  for (const o of seen) bytes += outputs[o].bytes;
  const all = readdirSync(outdir).reduce((n, f) => n + statSync(join(outdir, f)).size, 0);
  return { bytes, all };
}

console.log('entry                 import ms (median)   static bundle KB   with lazy chunks KB');
for (const entry of ENTRIES) {
  const sub = entry === 'memp' ? '.' : `./${entry.slice('memp/'.length)}`;
  const target = pkg.exports[sub];
  if (target === undefined) {
    console.log(`${entry.padEnd(22)}(no such entry point)`);
    continue;
  }
  const ms = importMs(entry);
  const { bytes, all } = await staticBytes(target.import);
  console.log(
    `${entry.padEnd(22)}${ms.toFixed(0).padStart(8)}${(bytes / 1024).toFixed(0).padStart(24)}${(all / 1024).toFixed(0).padStart(20)}`,
  );
}
