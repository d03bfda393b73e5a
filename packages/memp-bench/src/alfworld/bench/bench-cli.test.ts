import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../test/memp-cli.js';
import { resolveRunSettings } from './bench-options.js';

describe('memp bench flag validation', () => {
  it.each([
    [['bench', 'alfworld', '--agent', 'llm']],
    [['bench', 'alfworld', '--agent', 'llm', '--model', 'offline']],
    [['bench', 'grid', '--agent', 'llm']],
    [
      [
        '--model',
        'openai-compatible:http://127.0.0.1:9/v1#m',
        'bench',
        'alfworld',
        '--agent',
        'llm',
        '--token-budget',
        '0',
      ],
    ],
    [
      [
        '--model',
        'openai-compatible:http://127.0.0.1:9/v1#m',
        'bench',
        'alfworld',
        '--agent',
        'llm',
        '--concurrency',
        'two',
      ],
    ],
    [
      [
        '--model',
        'openai-compatible:http://127.0.0.1:9/v1#m',
        'bench',
        'alfworld',
        '--agent',
        'llm',
        '--timeout-ms',
        '-5',
      ],
    ],
    [
      [
        '--model',
        'openai-compatible:http://127.0.0.1:9/v1#m',
        'bench',
        'grid',
        '--agent',
        'llm',
        '--token-budget',
        '1.5',
      ],
    ],
    [['--model', 'nope:x', 'bench', 'alfworld', '--agent', 'llm']],
    [['bench', 'alfworld', '--token-budget', '1000']],
    [['bench', 'alfworld', '--agent', 'gpt']],
    [['bench', 'alfworld', '--k', '0']],
    [['bench', 'alfworld', '--batch', 'ten']],
    [['bench', 'alfworld', '--limit', '-3']],
    [['bench', 'alfworld', '--seed', '1.5']],
    [['bench', 'alfworld', '--build', 'summary']],
    [['bench', 'alfworld', '--min-score', '2']],
    [['bench', 'alfworld', '--retrieve', 'bm25']],
    [['bench', 'alfworld', '--update', 'forget']],
    [['bench', 'alfworld', '--mode', 'batch']],
    [['bench', 'alfworld', '--mode', 'offline']],
    [['bench', 'alfworld', '--no-memory', '--memory-from', 'train']],
    [['bench', 'alfworld', '--memory-from', 'valid_seen']],
    [['bench', 'alfworld', '--split', 'valid_unseen', '--memory-from', 'valid_unseen']],
    [['bench', 'grid', '--memory-from', 'valid_seen']],
    [['bench', 'alfworld', '--observation', 'vision']],
    [
      [
        '--model',
        'openai-compatible:http://127.0.0.1:9/v1#m',
        'bench',
        'alfworld',
        '--agent',
        'llm',
        '--observation',
        'admissible',
      ],
    ],
    [['bench', 'alfworld', '--control', 'shuffled']],
    [['bench', 'alfworld', '--no-memory', '--control', 'random-other-type']],
    [['bench', 'alfworld', '--data', '/nonexistent/alfworld']],
    [['bench', 'alfworld', '--bogus']],
    [['bench', 'grid', '--builds', 'trajectory,nope']],
    [['bench', 'grid', '--no-memory']],
    [['bench', 'retrieval-quality', '--policies', 'query,x']],
    [['demo', '--seed', 'abc']],
  ])('memp %j exits with 2', (args) => {
    // The real `memp` CLI, which loads this package's commands: usage errors are caught before any work.
    expect(runCli(args, { ALFWORLD_DATA: '', MEMP_MODEL: '' }).code).toBe(2);
  });

  it('--hybrid-settings: refused unreadable, malformed (naming the field) or without --retrieve hybrid', () => {
    const dir = mkdtempSync(join(tmpdir(), 'memp-bench-hybrid-'));
    const good = join(dir, 'good.json');
    writeFileSync(good, JSON.stringify({ expansion: 'cooccurrence' }));
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ expansion: 'telepathy' }));
    const env = { ALFWORLD_DATA: '', MEMP_MODEL: '' };
    const run = (...args: string[]) => runCli(['bench', 'alfworld', '--limit', '1', ...args], env);
    const missing = run('--retrieve', 'hybrid', '--hybrid-settings', join(dir, 'none.json'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--hybrid-settings');
    const malformed = run('--retrieve', 'hybrid', '--hybrid-settings', bad);
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toContain('expansion');
    const notHybrid = run('--hybrid-settings', good);
    expect(notHybrid.code).toBe(2);
    expect(notHybrid.stderr).toContain('--retrieve hybrid');
  });

  it('resolves defaults: online without a memory source, offline with one', () => {
    expect(resolveRunSettings({})).toMatchObject({
      mode: 'online',
      agent: 'offline',
      observation: 'text',
      k: 3,
      batch: 10,
      seed: 1,
      build: 'proceduralization',
      retrieve: 'query',
      update: 'adjustment',
      maxSteps: 50,
    });
    expect(resolveRunSettings({ memoryFrom: 'train' })).toMatchObject({ mode: 'offline', memoryFrom: 'train' });
    expect(resolveRunSettings({ observation: 'admissible' })).toMatchObject({ observation: 'admissible' });
    for (const [input, field] of [
      [{ memoryFrom: 'valid_seen' }, '--memory-from'],
      [{ observation: 'pixels' }, '--observation'],
      [{ agent: 'expert', observation: 'admissible' }, '--observation'],
      [{ control: 'x' }, '--control'],
    ] as const) {
      expect(() => resolveRunSettings(input)).toThrow(
        expect.objectContaining({ code: 'INVALID_ARGUMENT', details: { field } }),
      );
    }
    expect(resolveRunSettings({ noMemory: true })).toMatchObject({ mode: 'offline', noMemory: true });
    expect(() => resolveRunSettings({ agent: 'llm' })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('--model') }),
    );
    expect(
      resolveRunSettings({ agent: 'llm', model: { spec: 'openai:gpt-4o-mini', tokenBudget: 1000 } }),
    ).toMatchObject({ agent: 'llm', model: { spec: 'openai:gpt-4o-mini', tokenBudget: 1000 } });
    expect(() => resolveRunSettings({ agent: 'llm', model: { spec: 'openai:gpt-4o-mini', concurrency: 0 } })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
  });
});
