import { z } from 'zod';
import { MempError } from '../../core/errors.js';
import type { ActionGrammar } from '../../ports/action-grammar.js';

/**
 * A pattern in a grammar file: a regular expression source, matched case-insensitively (`"^go to\\s+"`), or a
 * literal with its own flags (`"/^Go to /"`).
 */
const PatternSchema = z.string().min(1);

/** The JSON form of an {@link ActionGrammar}: every pattern a string, parts an environment lacks left out. */
const ActionGrammarFileSchema = z.strictObject({
  failure: z.array(PatternSchema),
  navigation: PatternSchema.optional(),
  inspection: PatternSchema.optional(),
  open: PatternSchema.optional(),
  close: PatternSchema.optional(),
  take: PatternSchema.optional(),
  put: PatternSchema.optional(),
  directObject: PatternSchema.optional(),
  sighting: PatternSchema.optional(),
  abstractInstances: z.boolean().optional(),
});

/** The JSON form of an action grammar, as a grammar file holds it. */
export type ActionGrammarFile = z.infer<typeof ActionGrammarFileSchema>;

const PATTERN_FIELDS = [
  'navigation',
  'inspection',
  'open',
  'close',
  'take',
  'put',
  'directObject',
  'sighting',
] as const;

/**
 * Turns the JSON form of an action grammar (a grammar file, `memp --grammar FILE`) into an {@link ActionGrammar}.
 * Parts left out match nothing. Fails with `INVALID_ARGUMENT` naming `source` and the field: an unknown field, a
 * pattern that is not a string, or one that is not a valid regular expression.
 */
export function parseActionGrammar(value: unknown, source: string): ActionGrammar {
  const parsed = ActionGrammarFileSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join('.') || '(root)';
    throw new MempError('INVALID_ARGUMENT', `${source}: ${field}: ${issue?.message ?? 'not an action grammar'}`, {
      details: { field },
    });
  }
  const file = parsed.data;
  const grammar: ActionGrammar = {
    failure: file.failure.map((pattern, i) => compilePattern(pattern, source, `failure.${i}`)),
    navigation: NEVER,
    inspection: NEVER,
    open: NEVER,
    close: NEVER,
    ...(file.abstractInstances === undefined ? {} : { abstractInstances: file.abstractInstances }),
  };
  for (const field of PATTERN_FIELDS) {
    const pattern = file[field];
    if (pattern !== undefined) grammar[field] = compilePattern(pattern, source, field);
  }
  return grammar;
}

/** A pattern that matches nothing. */
const NEVER = /(?!)/;

function compilePattern(pattern: string, source: string, field: string): RegExp {
  const literal = /^\/(.+)\/([dgimsuy]*)$/s.exec(pattern);
  try {
    return literal ? new RegExp(literal[1] ?? '', literal[2]) : new RegExp(pattern, 'i');
  } catch (error) {
    throw new MempError(
      'INVALID_ARGUMENT',
      `${source}: ${field}: not a regular expression (${error instanceof Error ? error.message : String(error)})`,
      { details: { field } },
    );
  }
}
