#!/usr/bin/env node
/**
 * `npm run test:python`: the Python client's pytest suite against a real `memp serve` (which the tests start).
 *
 * Makes a venv in `clients/python/.venv` (git-ignored; `$MEMP_PY_VENV` elsewhere) with `python3 -m venv`
 * (`$PYTHON` to pick another interpreter), installs the pinned pytest and the client (editable) once — again only
 * when `pyproject.toml` or the pins change — and runs pytest. Needs the built CLI: `npm run build` first (the root
 * `npm test` builds before it runs this). Exit code: pytest's, or 1 when the setup fails.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const PINS = ['pytest==8.4.2', 'setuptools>=61', 'wheel'];
const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..', '..');
const venv = resolve(process.env.MEMP_PY_VENV ?? join(here, '.venv'));
const python = process.env.PYTHON ?? 'python3';
const venvPython = process.platform === 'win32' ? join(venv, 'Scripts', 'python.exe') : join(venv, 'bin', 'python');
const cli = join(root, 'packages', 'memp', 'dist', 'cli', 'main.js');

/** Runs a command with inherited output; exits 1 naming it when it fails. */
function run(command, args, options = {}) {
  const done = spawnSync(command, args, { stdio: 'inherit', ...options });
  if (done.status !== 0) {
    console.error(
      `test:python: \`${command} ${args.join(' ')}\` failed (${done.error?.message ?? `exit ${done.status}`})`,
    );
    process.exit(1);
  }
}

if (!existsSync(cli)) {
  console.error(`test:python: ${cli} is missing: run \`npm run build\` first`);
  process.exit(1);
}
if (!existsSync(venvPython)) run(python, ['-m', 'venv', venv]);

const stampFile = join(venv, '.memp-client-test-stamp');
const stamp = createHash('sha256')
  .update(PINS.join('\n'))
  .update(readFileSync(join(here, 'pyproject.toml')))
  .digest('hex');
if (!existsSync(stampFile) || readFileSync(stampFile, 'utf8') !== stamp) {
  run(venvPython, ['-m', 'pip', 'install', '--quiet', ...PINS]);
  // No build isolation: the venv's setuptools builds the editable install (no second download).
  run(venvPython, ['-m', 'pip', 'install', '--quiet', '--no-build-isolation', '--editable', here]);
  writeFileSync(stampFile, stamp);
}

const started = Date.now();
const tests = spawnSync(venvPython, ['-m', 'pytest', '-q', '-p', 'no:cacheprovider', ...process.argv.slice(2)], {
  cwd: here,
  stdio: 'inherit',
  env: { ...process.env, MEMP_CLI: cli, PYTHONDONTWRITEBYTECODE: '1' },
});
console.log(`test:python: pytest finished in ${((Date.now() - started) / 1000).toFixed(1)} s`);
process.exit(tests.status ?? 1);
