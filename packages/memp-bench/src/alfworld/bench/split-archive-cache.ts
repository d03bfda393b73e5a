import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { MempError } from 'memp';
import { hashString } from 'memp/internal';

/**
 * The directory memp caches derived data in: `$MEMP_CACHE_DIR`, else `$XDG_CACHE_HOME/memp`, else `~/.cache/memp`.
 */
export function mempCacheDir(): string {
  const explicit = process.env['MEMP_CACHE_DIR'];
  if (explicit) return resolve(explicit);
  const xdg = process.env['XDG_CACHE_HOME'];
  return join(xdg ? resolve(xdg) : join(homedir(), '.cache'), 'memp');
}

/**
 * Extracts a split archive (e.g. ALFWorld's `json_2.1.1/train.tar.gz`) once into the cache and returns the
 * extracted split directory. The cache key is the archive's path, size and modification time, so a changed
 * archive is extracted again. Extraction goes to a temporary directory renamed into place when complete, so an
 * interrupted run never leaves a half-extracted split behind. Uses the system `tar`.
 * Throws `NOT_FOUND` for a missing archive, `INTERNAL` when `tar` fails.
 */
export function extractSplitArchive(options: { archive: string; cacheDir?: string }): string {
  const archive = resolve(options.archive);
  if (!existsSync(archive))
    throw new MempError('NOT_FOUND', `split archive not found: ${archive}`, { details: { path: archive } });
  const info = statSync(archive);
  const split = basename(archive).replace(/\.(tar\.gz|tgz|tar)$/, '');
  const key = hashString(`${archive}|${info.size}|${info.mtimeMs}`).toString(36);
  const root = join(options.cacheDir ?? join(mempCacheDir(), 'alfworld'), `${split}-${key}`);
  const done = join(root, 'complete');
  const target = join(root, split);
  if (existsSync(done) && existsSync(target)) return target;
  mkdirSync(root, { recursive: true });
  const work = join(root, `extract-${process.pid}-${Date.now().toString(36)}`);
  mkdirSync(work, { recursive: true });
  try {
    const result = spawnSync('tar', ['-xzf', archive, '-C', work], { encoding: 'utf8' });
    if (result.error || result.status !== 0) {
      const reason = result.error?.message ?? result.stderr.trim() ?? `exit ${result.status}`;
      throw new MempError('INTERNAL', `cannot extract ${archive} with tar: ${reason}`, { details: { path: archive } });
    }
    // The archive holds `<split>/…`; accept an archive of the split's contents too.
    const extracted = existsSync(join(work, split)) ? join(work, split) : work;
    if (readdirSync(extracted).length === 0) {
      throw new MempError('INVALID_ARGUMENT', `${archive} is empty`, { details: { path: archive } });
    }
    rmSync(target, { recursive: true, force: true });
    renameSync(extracted, target);
    writeFileSync(done, `${archive}\n`);
    return target;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
