import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { CLI, runCli } from './cli-helpers.js';

const trajectory = (id: string, task: string, actions: string[]) => ({
  id,
  task,
  steps: actions.map((action) => ({ action, observation: 'ok' })),
  outcome: { success: true },
});

let dir: string;
let db: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'memp-hybrid-cli-'));
  db = join(dir, 'memp.db');
  const lines = [
    trajectory('t-soap', 'put a soapbar in toilet', ['take soapbar 1 from countertop 1', 'move soapbar 1 to toilet 1']),
    trajectory('t-book', 'look at book under the desklamp', ['take book 1 from bed 1', 'use desklamp 1']),
  ];
  const file = join(dir, 't.jsonl');
  writeFileSync(file, lines.map((l) => JSON.stringify(l)).join('\n'));
  expect(runCli(['--db', db, 'learn', file]).code).toBe(0);
});

describe('memp retrieve --policy hybrid --explain', () => {
  it('prints why each memory was retrieved, as text and as JSON', () => {
    const text = runCli([
      '--db',
      db,
      'retrieve',
      'place the soap bar into the toilet',
      '--policy',
      'hybrid',
      '--explain',
    ]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/why: vector: #\d+ cosine/);
    expect(text.stdout).toMatch(/lexical: #1 score [\d.]+ → \+[\d.]+, matched .*soapbar/);
    const json = runCli([
      '--db',
      db,
      '--json',
      'retrieve',
      'place the soap bar into the toilet',
      '--policy',
      'hybrid',
      '--explain',
    ]);
    const hits = JSON.parse(json.stdout) as Array<{
      task: string;
      key: string;
      explain: { lexical?: { matched: string[] } };
    }>;
    expect(hits[0]?.task).toBe('put a soapbar in toilet');
    expect(hits[0]?.key).toBe('hybrid');
    expect(hits[0]?.explain.lexical?.matched).toContain('soapbar');
  });

  it('reads hybrid settings from a JSON file and refuses a bad one naming the field (exit 2)', () => {
    const good = join(dir, 'good.json');
    writeFileSync(good, JSON.stringify({ weights: { task: 1, procedure: 0 }, synonyms: [['lavatory', 'toilet']] }));
    const ok = runCli([
      '--db',
      db,
      '--json',
      'retrieve',
      'soapbar to the lavatory',
      '--policy',
      'hybrid',
      '--explain',
      '--hybrid-settings',
      good,
    ]);
    expect(ok.code).toBe(0);
    expect(
      (JSON.parse(ok.stdout) as Array<{ explain: { expandedTerms?: string[] } }>)[0]?.explain.expandedTerms,
    ).toEqual(['toilet']);
    const text = runCli([
      '--db',
      db,
      'retrieve',
      'soapbar to the lavatory',
      '--policy',
      'hybrid',
      '--explain',
      '--hybrid-settings',
      good,
    ]);
    expect(text.stdout).toContain('expanded: toilet (synonym)');
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ weights: { task: 'heavy' } }));
    const refused = runCli(['--db', db, 'retrieve', 'x', '--policy', 'hybrid', '--hybrid-settings', bad]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('weights.task');
    expect(runCli(['--db', db, 'retrieve', 'x', '--hybrid-settings', good]).code).toBe(2);
  });
});

describe('memp mcp --retrieve hybrid', () => {
  it('recalls through the hybrid policy over stdio, and refuses settings without it (exit 2)', async () => {
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [CLI, '--db', db, 'mcp', '--retrieve', 'hybrid', '--min-score', '0'],
      stderr: 'pipe',
    });
    const client = new Client({ name: 'memp-test', version: '1' });
    await client.connect(transport);
    try {
      const result = (await client.callTool({
        name: 'recall_procedures',
        arguments: { task: 'place the soap bar into the toilet', k: 1 },
      })) as { structuredContent?: { memories?: Array<{ task: string; score: number }> } };
      const memories = result.structuredContent?.memories ?? [];
      expect(memories[0]?.task).toBe('put a soapbar in toilet');
      // A fused score in (0, 1]: the hybrid policy ranked it, not Key=Query's cosine.
      expect(memories[0]?.score).toBeGreaterThan(0.9);
    } finally {
      await client.close();
    }
    const settings = join(dir, 'only-settings.json');
    writeFileSync(settings, '{}');
    expect(runCli(['--db', db, 'mcp', '--hybrid-settings', settings]).code).toBe(2);
  }, 30_000);
});
