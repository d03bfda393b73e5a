import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isMempError } from 'memp';
import { readPlanFile } from './read-plan-file.js';

function file(text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'memp-plans-')), 'plans.jsonl');
  writeFileSync(path, text);
  return path;
}

function codeOf(work: () => unknown): { code?: string; line?: unknown } {
  try {
    work();
  } catch (error) {
    if (isMempError(error)) return { code: error.code, line: error.details['line'] };
    throw error;
  }
  return {};
}

describe('readPlanFile', () => {
  it('reads plans in order; missing, null, "" and [] plans are not delivered', () => {
    const plans = readPlanFile({
      file: file('{"idx":1,"query":"q","plan":[{"days":1}]}\n{"idx":2}\n{"idx":3,"plan":null}\n{"idx":4,"plan":""}\n'),
    });
    expect(plans.map((p) => p.plan)).toEqual([[{ days: 1 }], null, null, null]);
  });

  it('refuses bad lines with INVALID_ARGUMENT naming the line', () => {
    expect(codeOf(() => readPlanFile({ file: file('{"plan":[]}\nnot json\n') }))).toEqual({
      code: 'INVALID_ARGUMENT',
      line: 2,
    });
    expect(codeOf(() => readPlanFile({ file: file('{"plan":"a plan"}\n') }))).toEqual({
      code: 'INVALID_ARGUMENT',
      line: 1,
    });
    expect(codeOf(() => readPlanFile({ file: file('{"plan":[]}\n\n{"plan":[]}\n') }))).toEqual({
      code: 'INVALID_ARGUMENT',
      line: 2,
    });
    expect(codeOf(() => readPlanFile({ file: file('') })).code).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => readPlanFile({ file: '/nonexistent/plans.jsonl' })).code).toBe('NOT_FOUND');
  });
});
