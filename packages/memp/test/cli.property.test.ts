import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runCli } from './cli-helpers.js';

/** Runs of the CLI property (each spawns the CLI three times). */
const RUNS = Number(process.env.MEMP_CLI_PROPERTY_RUNS ?? 5);

const trajectory = fc.record(
  {
    task: fc.oneof(fc.string(), fc.constant('put a mug in sink')),
    steps: fc.oneof(
      fc.array(fc.record({ action: fc.string(), observation: fc.string() }), { maxLength: 3 }),
      fc.anything(),
    ),
    outcome: fc.oneof(fc.record({ success: fc.boolean() }), fc.anything()),
    used: fc.array(fc.string(), { maxLength: 1 }),
  },
  { requiredKeys: [] },
);
/** A generated file: JSONL of trajectory-like records, arbitrary JSON, or arbitrary text. */
const fileText = fc.oneof(
  fc.array(trajectory, { minLength: 1, maxLength: 3 }).map((items) => items.map((t) => JSON.stringify(t)).join('\n')),
  fc.json(),
  fc.string(),
);
const invocation = fc.oneof(
  fileText.map((text) => ({ args: (file: string) => ['learn', file], text })),
  fileText.map((text) => ({ args: (file: string) => ['import', file], text })),
  fc
    .tuple(fc.string(), fc.constantFrom('--k', '--min-score', '--max-tokens', '--policy', '--render'), fc.string())
    .map(([task, flag, value]) => ({ args: () => ['retrieve', task, flag, value], text: '' })),
);

describe('the CLI under generated input (issue 12, finding 8)', () => {
  it(`exits 0, 1 or 2 with a one-line error, and changes nothing when it refuses (${RUNS} runs)`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'memp-cli-prop-'));
    const db = join(dir, 'memp.db');
    const seed = join(dir, 'seed.jsonl');
    writeFileSync(
      seed,
      JSON.stringify({
        id: 's1',
        task: 'put a clean apple in fridge',
        steps: [{ action: 'take apple 1' }],
        outcome: { success: true },
      }),
    );
    expect(runCli(['--db', db, 'learn', seed]).code).toBe(0);
    const snapshot = () =>
      runCli(['--db', db, '--json', 'list', '--limit', '1000']).stdout + runCli(['--db', db, '--json', 'stats']).stdout;
    let run = 0;
    fc.assert(
      fc.property(invocation, ({ args, text }) => {
        run += 1;
        const file = join(dir, `input-${run}.txt`);
        writeFileSync(file, text);
        const before = snapshot();
        const r = runCli(['--db', db, ...args(file)]);
        expect([0, 1, 2]).toContain(r.code);
        expect(r.stderr).not.toMatch(/\n\s+at /);
        if (r.code !== 0) {
          expect(r.stderr.trim().split('\n').length).toBeLessThanOrEqual(2);
          expect(snapshot()).toBe(before);
        }
      }),
      { numRuns: RUNS, seed: 12 },
    );
  }, 240_000);
});
