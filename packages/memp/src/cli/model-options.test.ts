import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { isMempError } from '../core/errors.js';
import { createSqliteMemoryStore } from '../adapters/stores/sqlite/sqlite-memory-store.js';
import { FakeChatCompletionsServer } from '../testing/fake-chat-completions-server.js';
import { createProgram } from './program.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'memp-cli-model-'));
  vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  for (const name of [
    'MEMP_MODEL',
    'MEMP_EMBEDDER',
    'OPENAI_API_KEY',
    'ANTHROPIC_API_KEY',
    'OPENAI_COMPATIBLE_API_KEY',
    'MEMP_BUILD_CACHE',
  ])
    vi.stubEnv(name, undefined);
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

async function run(args: string[]): Promise<unknown> {
  try {
    await createProgram().parseAsync(args, { from: 'user' });
    return undefined;
  } catch (error) {
    return error;
  }
}

describe('--model / --embedder', () => {
  it.each([
    [['--model', 'gemini:pro'], 'INVALID_ARGUMENT'],
    [['--model', 'openai-compatible:http://localhost:11434/v1'], 'INVALID_ARGUMENT'],
    [['--model', 'openai:gpt-4o-mini'], 'UNAUTHORIZED'],
    [['--embedder', 'anthropic:claude'], 'INVALID_ARGUMENT'],
    [['--embedder', 'openai:text-embedding-3-small'], 'UNAUTHORIZED'],
    [['--embedder', 'hashing:0'], 'INVALID_ARGUMENT'],
  ])('rejects %j before any work', async (flags, code) => {
    const db = join(dir, 'never.db');
    const error = await run(['--db', db, ...flags, 'stats']);
    expect(isMempError(error) && error.code).toBe(code);
    expect(existsSync(db)).toBe(false);
  });

  it('reads MEMP_MODEL and lets --model offline override it', async () => {
    vi.stubEnv('MEMP_MODEL', 'anthropic:claude-sonnet-4-5');
    const db = join(dir, 'm.db');
    expect(isMempError(await run(['--db', db, 'stats']), 'UNAUTHORIZED')).toBe(true);
    expect(await run(['--db', db, '--model', 'offline', 'stats'])).toBeUndefined();
  });

  it('validates MEMP_EMBEDDER and accepts the offline embedder spellings', async () => {
    vi.stubEnv('MEMP_EMBEDDER', 'nope');
    expect(isMempError(await run(['--db', join(dir, 'e.db'), 'stats']), 'INVALID_ARGUMENT')).toBe(true);
    expect(await run(['--db', join(dir, 'e.db'), '--embedder', 'hashing', 'stats'])).toBeUndefined();
  });

  it('learns with an openai-compatible model: the memory records the model id, outputs are cached beside the db', async () => {
    const server = new FakeChatCompletionsServer();
    server.reply = (body) => {
      const text = JSON.stringify(body);
      return {
        text: text.includes('JSON array') ? '["heat", "mug"]' : '1. take the mug\n2. heat the mug with the microwave',
      };
    };
    const base = await server.start();
    try {
      const db = join(dir, 'llm.db');
      const trajectory = {
        id: 't1',
        task: 'heat some mug and put it in cabinet',
        steps: [{ action: 'heat mug 1 with microwave 1', observation: 'You heat the mug 1.' }],
        outcome: { success: true },
      };
      const file = join(dir, 't.json');
      writeFileSync(file, JSON.stringify(trajectory));
      expect(await run(['--db', db, '--model', `openai-compatible:${base}#scripted`, 'learn', file])).toBeUndefined();
      expect(server.requests.map((r) => r.path)).toEqual(['/v1/chat/completions', '/v1/chat/completions']);
      expect(existsSync(`${db}.build-cache.jsonl`)).toBe(true);
      const store = createSqliteMemoryStore({ path: db });
      try {
        const [memory] = await store.list({ namespace: 'default' });
        expect(memory?.provenance.builtBy).toBe('openai-compatible:scripted');
        expect(memory?.script).toBe('1. take the mug\n2. heat the mug with the microwave');
        expect(memory?.keywords).toEqual(['heat', 'mug']);
      } finally {
        await store.close();
      }
    } finally {
      await server.stop();
    }
  });
});
