import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { MempError } from 'memp';
import { AlfworldCommandSet, SIMULATED_ACTIONS } from './alfworld-command-set.js';
import { parseAlfworldGrammar, type AlfworldGrammar } from './alfworld-grammar.js';
import { alfworldTaskType, type AlfworldTaskType } from './alfworld-task-type.js';
import { parsePddlProblem, type PddlProblem } from './pddl-problem.js';

/** The JSON content of a `game.tw-pddl` file. */
export const alfworldGameFileSchema = z.object({
  pddl_domain: z.string(),
  grammar: z.string(),
  pddl_problem: z.string(),
  solvable: z.boolean().optional(),
  walkthrough: z.array(z.string()).optional(),
});

/** The JSON content of a `game.tw-pddl` file. */
export type AlfworldGameFile = z.infer<typeof alfworldGameFileSchema>;

/** A loaded, validated ALFWorld game. */
export interface AlfworldGame {
  /** Game id: the game directory relative to its split, e.g. `pick_two_obj_and_place-Newspaper-None-Drawer-224/trial_T2019…`. */
  id: string;
  /** The file it was loaded from, when loaded from disk. */
  path?: string;
  /** The task sentence without its final period, e.g. `put two newspaper in drawer`. */
  task: string;
  taskType: AlfworldTaskType;
  problem: PddlProblem;
  grammar: AlfworldGrammar;
  /** The expert action list (may be empty). */
  walkthrough: string[];
  solvable: boolean;
}

/** Actions of alfred.pddl the simulator implements; a domain lacking one is refused. */
const REQUIRED_ACTIONS = [
  'gotolocation',
  'openobject',
  'closeobject',
  'pickupobject',
  'putobject',
  'cleanobject',
  'heatobject',
  'coolobject',
  'toggleobject',
  'sliceobject',
];
const validatedDomains = new Set<string>();

function checkDomain(domain: string, source: string): void {
  if (validatedDomains.has(domain)) return;
  const fail = (what: string): never => {
    throw new MempError('INVALID_ARGUMENT', `${source}: unsupported pddl_domain: ${what}`, {
      details: { file: source, field: 'pddl_domain' },
    });
  };
  const code = domain.replace(/;[^\n]*/g, '').toLowerCase();
  if (!/\(\s*define\s*\(\s*domain\s+alfred\s*\)/.test(code)) fail('not the "alfred" domain');
  for (const action of REQUIRED_ACTIONS) {
    if (!new RegExp(`\\(:action\\s+${action}\\b`).test(code)) fail(`action ${action} is missing`);
  }
  // An active action memp does not simulate (e.g. ALFWorld's commented-out receptacle-object variants) would make
  // the engine accept commands the simulator refuses: refuse the game instead.
  for (const m of code.matchAll(/\(:action\s+([^\s()]+)/g)) {
    if (SIMULATED_ACTIONS[m[1] as string] === undefined) fail(`action ${m[1] as string} is not simulated by memp`);
  }
  if (validatedDomains.size > 16) validatedDomains.clear();
  validatedDomains.add(domain);
}

/**
 * Builds a game from the parsed JSON of a `game.tw-pddl` file: checks the domain is alfred.pddl, parses the
 * problem and the grammar. Throws `INVALID_ARGUMENT` naming `source` for anything malformed or unsupported.
 */
export function alfworldGameFromFile(options: {
  file: unknown;
  id: string;
  source?: string;
  path?: string;
}): AlfworldGame {
  const source = options.source ?? options.path ?? options.id;
  const parsed = alfworldGameFileSchema.safeParse(options.file);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new MempError('INVALID_ARGUMENT', `${source}: not a game.tw-pddl file: ${issues}`, {
      details: { file: source },
    });
  }
  const file = parsed.data;
  checkDomain(file.pddl_domain, source);
  const problem = parsePddlProblem({ text: file.pddl_problem, source });
  if (problem.domain !== '' && problem.domain !== 'alfred') {
    throw new MempError('INVALID_ARGUMENT', `${source}: pddl_problem is for domain "${problem.domain}", not alfred`, {
      details: { file: source },
    });
  }
  const grammar = parseAlfworldGrammar({ text: file.grammar, source });
  AlfworldCommandSet.of({ grammar, source }); // refuses a command template the simulator cannot parse
  const partial = { id: options.id, problem };
  const game: AlfworldGame = {
    id: options.id,
    task: grammar.taskSentence.replace(/\.\s*$/, ''),
    taskType: alfworldTaskType(partial),
    problem,
    grammar,
    walkthrough: file.walkthrough ?? [],
    solvable: file.solvable ?? true,
  };
  if (options.path !== undefined) game.path = options.path;
  return game;
}

/** Parses the text of a `game.tw-pddl` file (JSON). Throws `INVALID_ARGUMENT` naming `source` when malformed. */
export function parseAlfworldGame(options: { text: string; id: string; source?: string; path?: string }): AlfworldGame {
  const source = options.source ?? options.path ?? options.id;
  let json: unknown;
  try {
    json = JSON.parse(options.text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new MempError('INVALID_ARGUMENT', `${source}: not valid JSON: ${reason}`, {
      cause: error,
      details: { file: source },
    });
  }
  return alfworldGameFromFile({ ...options, file: json, source });
}

/**
 * Loads one `game.tw-pddl` file. `id` defaults to the path's last two directories (`<task-dir>/<trial>`).
 * Throws `NOT_FOUND` when the file cannot be read, `INVALID_ARGUMENT` when it is malformed or unsupported.
 */
export function loadAlfworldGame(options: { path: string; id?: string }): AlfworldGame {
  const { path } = options;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new MempError('NOT_FOUND', `cannot read ALFWorld game ${path}: ${reason}`, {
      cause: error,
      details: { file: path },
    });
  }
  const id = options.id ?? defaultGameId(path);
  return parseAlfworldGame({ text, id, path });
}

/** `<task-dir>/<trial>` of a game file path (the directory part, without `game.tw-pddl`). */
export function defaultGameId(path: string): string {
  const parts = path.split(/[\\/]/).filter((p) => p !== '');
  if (parts[parts.length - 1]?.endsWith('.tw-pddl')) parts.pop();
  return parts.slice(-2).join('/');
}
