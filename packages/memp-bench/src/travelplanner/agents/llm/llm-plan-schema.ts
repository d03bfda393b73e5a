import { z } from 'zod';
import { MempError, isMempError } from 'memp';
import type { LlmGateway, LlmRequest } from 'memp';
import type { PlanDay } from '../../database/travel-query.js';
import { parsePlanAnswer } from '../../environment/parse-plan-answer.js';

/** One day of a plan as the LLM planners must answer it: every key of the plan format, strings (`-` for nothing). */
export const LlmPlanDaySchema = z.object({
  days: z.number().int().positive(),
  current_city: z.string().min(1),
  transportation: z.string(),
  breakfast: z.string(),
  attraction: z.string(),
  lunch: z.string(),
  dinner: z.string(),
  accommodation: z.string(),
});

/** A whole plan: one entry per day, at least one. */
export const LlmPlanSchema = z.array(LlmPlanDaySchema).min(1);

/** Reads and validates a plan from a model answer; `PROVIDER_OUTPUT_INVALID` naming the first problem. */
export function readLlmPlan(text: string): PlanDay[] {
  const days = parsePlanAnswer(text);
  const parsed = LlmPlanSchema.safeParse(days);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new MempError(
      'PROVIDER_OUTPUT_INVALID',
      `the plan is not valid: ${issue?.path.join('.') ?? ''}: ${issue?.message ?? ''}`,
      { details: { field: issue?.path.join('.') } },
    );
  }
  return parsed.data;
}

/**
 * Asks the model for a plan and validates it ({@link readLlmPlan}); on an invalid answer it asks once more, telling
 * the model what was wrong; a second invalid answer throws `PROVIDER_OUTPUT_INVALID`. Returns the plan, the answer
 * texts and the tokens and calls spent.
 */
export async function requestPlan(options: {
  gateway: LlmGateway;
  request: LlmRequest & { messages: NonNullable<LlmRequest['messages']> };
}): Promise<{ plan: PlanDay[]; texts: string[]; tokens: { input: number; output: number }; calls: number }> {
  const { gateway } = options;
  const messages = [...options.request.messages];
  const texts: string[] = [];
  const tokens = { input: 0, output: 0 };
  for (let attempt = 0; attempt < 2; attempt++) {
    const response = await gateway.generate({ ...options.request, messages });
    texts.push(response.text);
    tokens.input += response.usage.input;
    tokens.output += response.usage.output;
    try {
      return { plan: readLlmPlan(response.text), texts, tokens, calls: attempt + 1 };
    } catch (error) {
      if (!isMempError(error, 'PROVIDER_OUTPUT_INVALID') || attempt === 1) {
        if (isMempError(error, 'PROVIDER_OUTPUT_INVALID'))
          throw new MempError('PROVIDER_OUTPUT_INVALID', `no valid plan after a retry: ${error.message}`, {
            details: { texts, tokens, calls: 2 },
          });
        throw error;
      }
      messages.push({ role: 'assistant', content: response.text });
      messages.push({
        role: 'user',
        content: `Your answer did not contain a valid plan (${error.message}). Answer again with only the JSON list of day objects, every key present.`,
      });
    }
  }
  throw new MempError('PROVIDER_OUTPUT_INVALID', 'no valid plan');
}
