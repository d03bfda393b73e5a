import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateAlfworldGameFiles, writeAlfworldGameFiles } from '../environment/generate-games.js';
import { resolveAlfworldGames } from './resolve-alfworld-games.js';
import { extractSplitArchive } from './split-archive-cache.js';

describe('split archives', () => {
  it('extracts <split>.tar.gz once into the cache and loads its games', () => {
    const root = mkdtempSync(join(tmpdir(), 'memp-archive-'));
    const data = join(root, 'data', 'json_2.1.1');
    mkdirSync(join(root, 'stage', 'train'), { recursive: true });
    writeAlfworldGameFiles({
      dir: join(root, 'stage', 'train'),
      files: generateAlfworldGameFiles({ seed: 'archive', count: 3 }),
    });
    mkdirSync(data, { recursive: true });
    expect(spawnSync('tar', ['-czf', join(data, 'train.tar.gz'), '-C', join(root, 'stage'), 'train']).status).toBe(0);
    const cacheDir = join(root, 'cache');
    const first = extractSplitArchive({ archive: join(data, 'train.tar.gz'), cacheDir });
    const stamp = statSync(first).mtimeMs;
    expect(extractSplitArchive({ archive: join(data, 'train.tar.gz'), cacheDir })).toBe(first);
    expect(statSync(first).mtimeMs).toBe(stamp);
    const resolved = resolveAlfworldGames({ data: join(root, 'data'), split: 'train', cacheDir });
    expect(resolved.dir).toBe(first);
    expect(resolved.games).toHaveLength(3);
  });

  it('names what is missing', () => {
    const root = mkdtempSync(join(tmpdir(), 'memp-archive-'));
    expect(() => resolveAlfworldGames({ data: root, split: 'train' })).toThrow(
      expect.objectContaining({ code: 'NOT_FOUND' }),
    );
    expect(() => extractSplitArchive({ archive: join(root, 'x.tar.gz') })).toThrow(
      expect.objectContaining({ code: 'NOT_FOUND' }),
    );
    expect(existsSync(join(root, 'x'))).toBe(false);
  });
});
