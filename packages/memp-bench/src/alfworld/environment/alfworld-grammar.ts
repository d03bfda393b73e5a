import { z } from 'zod';
import { MempError } from 'memp';

/** One production of a TextWorld grammar rule: an optional fact condition and a right-hand side. */
export interface GrammarProduction {
  condition?: string;
  rhs: string;
}

/** What memp reads from a game's `grammar` field. */
export interface AlfworldGrammar {
  /** The task sentence without the `Your task is to: ` prefix, e.g. `put two newspaper in drawer.` */
  taskSentence: string;
  /** All productions of the top-level grammar and of every action's sub-grammar, by rule name. */
  rules: Record<string, GrammarProduction[]>;
  /** Command template per action name, e.g. `PutObject` → `move {o} to {r}`. */
  commandTemplates: Record<string, string>;
}

const ruleSetSchema = z.record(
  z.string(),
  z.array(z.object({ rhs: z.string(), condition: z.string().optional(), weight: z.number().optional() })),
);

const TASK_PREFIX = 'Your task is to: ';
const BLOCK = /"""([\s\S]*?)"""/g;
const ACTION = /action\s+(\w+)\s*\{\s*template\s*::\s*"([^"]*)"/g;

/**
 * Parses a TextWorld-PDDL grammar (`grammar :: """{…}""";` plus `action X { template :: "…"; … }` blocks).
 * Throws `INVALID_ARGUMENT` naming `source` when a JSON block is malformed or the task sentence is missing.
 */
export function parseAlfworldGrammar(options: { text: string; source: string }): AlfworldGrammar {
  // Every ALFWorld grammar is the same text apart from the task sentence: reuse the parse of that text.
  const { text } = options;
  const at = text.indexOf(TASK_PREFIX);
  const end = at < 0 ? -1 : text.indexOf('"', at);
  const sentence = end < 0 ? '' : text.slice(at + TASK_PREFIX.length, end);
  if (end < 0 || sentence.includes('\\')) return parseUncached(options);
  const key = text.slice(0, at) + text.slice(end);
  let shared = cache.get(key);
  if (shared === undefined) {
    shared = parseUncached(options);
    if (cache.size >= 8) cache.clear();
    cache.set(key, shared);
  }
  const taskSentence = sentence.trim();
  return {
    taskSentence,
    rules: { ...shared.rules, task: [{ rhs: `${TASK_PREFIX}${taskSentence}` }] },
    commandTemplates: shared.commandTemplates,
  };
}

const cache = new Map<string, AlfworldGrammar>();

function parseUncached(options: { text: string; source: string }): AlfworldGrammar {
  const { text, source } = options;
  const rules: Record<string, GrammarProduction[]> = {};
  for (const match of text.matchAll(BLOCK)) {
    const body = match[1] ?? '';
    let raw: unknown;
    try {
      raw = JSON.parse(body);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new MempError('INVALID_ARGUMENT', `${source}: grammar block is not valid JSON: ${reason}`, {
        cause: error,
        details: { file: source, field: 'grammar' },
      });
    }
    const parsed = ruleSetSchema.safeParse(raw);
    if (!parsed.success) {
      throw new MempError(
        'INVALID_ARGUMENT',
        `${source}: grammar block has an unexpected shape: ${parsed.error.message}`,
        {
          details: { file: source, field: 'grammar' },
        },
      );
    }
    for (const [name, productions] of Object.entries(parsed.data)) {
      const list = (rules[name] ??= []);
      for (const p of productions)
        list.push(p.condition === undefined ? { rhs: p.rhs } : { rhs: p.rhs, condition: p.condition });
    }
  }
  const commandTemplates: Record<string, string> = {};
  for (const match of text.matchAll(ACTION)) commandTemplates[match[1] as string] = match[2] as string;
  const task = rules['task']?.[0]?.rhs;
  if (task === undefined || !task.startsWith(TASK_PREFIX)) {
    throw new MempError('INVALID_ARGUMENT', `${source}: grammar has no "task" rule starting with "${TASK_PREFIX}"`, {
      details: { file: source, field: 'grammar' },
    });
  }
  return { taskSentence: task.slice(TASK_PREFIX.length).trim(), rules, commandTemplates };
}
