import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { MempError } from 'memp';
import { wrapError } from 'memp/internal';
import { type PlanDay, PlanDaySchema } from '../database/travel-query.js';

/** One submitted plan: its line's `idx` and `query` when given, and the days (null = not delivered). */
export interface SubmittedPlan {
  line: number;
  idx?: number;
  query?: string;
  plan: PlanDay[] | null;
}

const LineSchema = z
  .object({
    idx: z.number().int().optional(),
    query: z.string().optional(),
    plan: z.union([z.array(PlanDaySchema), z.null(), z.literal('')]).optional(),
  })
  .loose();

/**
 * Reads a plan file: JSONL, one `{ idx, query, plan: [ { days, current_city, … } ] }` per line in query order (the
 * official submission format, which memp's own runs also write). A missing, null, empty-string or empty-list plan
 * is "not delivered". Throws `INVALID_ARGUMENT` naming the file, line and field of anything else (a blank line, bad
 * JSON, a plan that is not a list of objects), `NOT_FOUND` when the file is missing.
 */
export function readPlanFile(options: { file: string }): SubmittedPlan[] {
  const { file } = options;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw wrapError(error, 'NOT_FOUND', `cannot read the plan file ${file}`);
  }
  const lines = text.replace(/\s+$/u, '').split('\n');
  if (lines.length === 1 && lines[0]?.trim() === '') {
    throw new MempError('INVALID_ARGUMENT', `${file}: no plans (empty file)`, { details: { file } });
  }
  return lines.map((raw, i) => {
    const line = i + 1;
    const bad = (why: string, field?: string) =>
      new MempError('INVALID_ARGUMENT', `${file}:${line}: ${why}`, {
        details: { file, line, ...(field ? { field } : {}) },
      });
    if (raw.trim() === '') throw bad('blank line (one plan per line, in query order)');
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      throw bad('not valid JSON');
    }
    const parsed = LineSchema.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue?.path.join('.') || undefined;
      throw bad(
        `${field ? `${field}: ` : ''}${field?.startsWith('plan') ? 'a plan is a list of day objects' : (issue?.message ?? 'invalid plan line')}`,
        field,
      );
    }
    const plan = parsed.data.plan;
    return {
      line,
      ...(parsed.data.idx === undefined ? {} : { idx: parsed.data.idx }),
      ...(parsed.data.query === undefined ? {} : { query: parsed.data.query }),
      plan: Array.isArray(plan) ? plan : null,
    };
  });
}
