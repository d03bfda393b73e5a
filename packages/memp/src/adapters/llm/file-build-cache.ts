import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import { wrapError } from '../../core/errors.js';
import { type BuildCache, buildCacheKeyString } from './build-cache.js';

const EntrySchema = z.object({
  content: z.string().min(1),
  model: z.string().min(1),
  prompt: z.string().min(1),
  value: z.string(),
});

/**
 * A {@link BuildCache} persisted as a JSON-lines file (one `{ content, model, prompt, value }` object per line).
 *
 * Why a JSON-lines file rather than a table in the memory database: the cache is a cost saver, not memory — it must
 * not share the memory store's schema, migrations or transactions, must work with every store backend (SQLite,
 * PostgreSQL, in-memory), and should be easy to inspect, copy between machines with a run, or delete. Entries are
 * only ever appended (one `appendFile` per entry, so concurrent runs interleave whole lines), the file is read once
 * on first use, and when a key appears twice the last line wins. Unreadable lines (a torn write, a hand edit) are
 * skipped: a cache miss only costs a model call. A missing file is an empty cache; it is created on the first write.
 * I/O failures are `STORAGE_FAILED`.
 */
export function createFileBuildCache(options: { path: string }): BuildCache {
  const { path } = options;
  let loaded: Promise<Map<string, string>> | undefined;

  async function load(): Promise<Map<string, string>> {
    const entries = new Map<string, string>();
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return entries;
      throw wrapError(error, 'STORAGE_FAILED', `cannot read build cache ${path}`);
    }
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      let json: unknown;
      try {
        json = JSON.parse(line);
      } catch {
        continue;
      }
      const entry = EntrySchema.safeParse(json);
      if (entry.success) entries.set(buildCacheKeyString(entry.data), entry.data.value);
    }
    return entries;
  }

  const entries = () => (loaded ??= load());

  return {
    specificationVersion: 'v1',
    async get(key) {
      return (await entries()).get(buildCacheKeyString(key));
    },
    async set(key, value) {
      const map = await entries();
      const line = `${JSON.stringify({ content: key.content, model: key.model, prompt: key.prompt, value })}\n`;
      try {
        await mkdir(dirname(path), { recursive: true });
        await appendFile(path, line, 'utf8');
      } catch (error) {
        throw wrapError(error, 'STORAGE_FAILED', `cannot write build cache ${path}`);
      }
      map.set(buildCacheKeyString(key), value);
    },
  };
}
