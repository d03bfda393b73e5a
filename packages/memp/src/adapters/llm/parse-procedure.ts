import type { ParseResult } from './generate-validated.js';

/** Most steps kept from a model's procedure. */
export const MAX_PROCEDURE_STEPS = 30;

const NUMBERED = /^\s*(?:step\s*)?\d{1,3}\s*[.):]\s*(.+)$/i;
const BULLET = /^\s*[-*•]\s+(.+)$/;

/**
 * Reads a numbered procedure out of a model's answer and renders it the project's way (`1. …` per line): code fences
 * and any text around the list are dropped, markdown emphasis is removed, steps are renumbered. A bulleted list is
 * accepted when there is no numbered one. No step at all (empty or prose-only answer) is a failure.
 */
export function parseProcedure(text: string): ParseResult<string> {
  const lines = text.replace(/```[a-z]*\n?/gi, '').split(/\r?\n/);
  const pick = (pattern: RegExp) =>
    lines
      .map((line) => pattern.exec(line)?.[1])
      .filter((step): step is string => step !== undefined)
      .map((step) =>
        step
          .replace(/\*\*|__/g, '')
          .replace(/\s+/g, ' ')
          .trim(),
      )
      .filter((step) => step !== '');
  const numbered = pick(NUMBERED);
  const steps = numbered.length > 0 ? numbered : pick(BULLET);
  if (steps.length === 0) {
    return { ok: false, reason: text.trim() === '' ? 'the answer is empty' : 'the answer contains no numbered steps' };
  }
  return {
    ok: true,
    value: steps
      .slice(0, MAX_PROCEDURE_STEPS)
      .map((step, i) => `${i + 1}. ${step}`)
      .join('\n'),
  };
}
