import { z } from 'zod';
import { MempError } from 'memp';
import { type PlanDay, PlanDaySchema } from '../database/travel-query.js';

const AnswerSchema = z.union([z.array(PlanDaySchema), z.object({ plan: z.array(PlanDaySchema) }).loose()]);

/**
 * Reads a plan from an agent's answer: JSON (optionally inside a ```json fence or after text), either a list of day
 * objects or `{ "plan": [...] }`. Throws `PROVIDER_OUTPUT_INVALID` when there is no such JSON.
 */
export function parsePlanAnswer(text: string): PlanDay[] {
  const fenced = /```(?:json)?\s*([\s\S]*?)```/u.exec(text);
  const body = (fenced ? (fenced[1] as string) : text).trim();
  const starts = [body.indexOf('['), body.indexOf('{')].filter((i) => i >= 0);
  const start = starts.length ? Math.min(...starts) : -1;
  if (start < 0)
    throw new MempError('PROVIDER_OUTPUT_INVALID', 'the answer holds no JSON plan (a list of day objects)');
  const close = body[start] === '[' ? ']' : '}';
  const end = body.lastIndexOf(close);
  let value: unknown;
  try {
    value = JSON.parse(body.slice(start, end + 1));
  } catch (error) {
    throw new MempError('PROVIDER_OUTPUT_INVALID', 'the plan in the answer is not valid JSON', { cause: error });
  }
  const parsed = AnswerSchema.safeParse(value);
  if (!parsed.success)
    throw new MempError('PROVIDER_OUTPUT_INVALID', 'the plan must be a list of day objects (or { "plan": [...] })');
  return Array.isArray(parsed.data) ? parsed.data : parsed.data.plan;
}
