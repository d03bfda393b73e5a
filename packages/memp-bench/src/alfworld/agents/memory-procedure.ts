import type { Memory } from 'memp';
import { abstractAction } from 'memp/internal';
import { ALFWORLD_ACTION_GRAMMAR } from '../environment/alfworld-action-grammar.js';
import { recordedFailures } from 'memp/internal';
import { isNothingHappens, typeOfName } from './alfworld-observation.js';

/** A receptacle a procedure names: its type and, when the memory was concrete, the instance it used. */
export interface Place {
  type: string;
  instance?: string;
}

/** One step of a remembered procedure, in terms of types (instances only as hints). */
export type ProcedureOp =
  | { kind: 'take'; object: string; from?: Place }
  | { kind: 'put'; object: string; to: Place }
  | { kind: 'apply'; verb: 'heat' | 'clean' | 'cool'; object: string; tool: Place }
  | { kind: 'use'; object: string; near?: Place };

/** A memory read as a procedure. */
export interface Procedure {
  /** Where the ops were read from: the memory's numbered script (preferred) or its concrete steps. */
  source: 'steps' | 'script';
  ops: ProcedureOp[];
  /** Every type the procedure names. */
  types: Set<string>;
  /** Abstract actions a `Caution:` line or a recorded failure (`meta.failures`) says failed before (e.g. `take the apple from the countertop`). */
  cautions: string[];
  /**
   * The memory says a past attempt following it did not reach the goal (a recorded failure, or a `Caution:` line),
   * whether or not it blames a step.
   */
  failedBefore: boolean;
}

const NAME = String.raw`(?:(?:the|a|an)\s+)?([a-z][a-z-]*(?:\s+\d+)?)`;
const PATTERNS: Array<[RegExp, (m: string[]) => ProcedureOp | { kind: 'goto'; place: Place }]> = [
  [new RegExp(`^go to ${NAME}$`), (m) => ({ kind: 'goto', place: place(m[1]) })],
  [
    new RegExp(`^take ${NAME} from ${NAME}$`),
    (m) => ({ kind: 'take', object: typeOfName(m[1] ?? ''), from: place(m[2]) }),
  ],
  [new RegExp(`^take ${NAME}$`), (m) => ({ kind: 'take', object: typeOfName(m[1] ?? '') })],
  [
    new RegExp(`^(?:move|put) ${NAME} (?:to|in|on|into|in/on) ${NAME}$`),
    (m) => ({ kind: 'put', object: typeOfName(m[1] ?? ''), to: place(m[2]) }),
  ],
  [
    new RegExp(`^(heat|clean|cool) ${NAME} with ${NAME}$`),
    (m) => ({
      kind: 'apply',
      verb: m[1] === 'heat' ? 'heat' : m[1] === 'clean' ? 'clean' : 'cool',
      object: typeOfName(m[2] ?? ''),
      tool: place(m[3]),
    }),
  ],
  [new RegExp(`^use ${NAME}$`), (m) => ({ kind: 'use', object: typeOfName(m[1] ?? '') })],
];

function place(name: string | undefined): Place {
  const text = (name ?? '').trim().replace(/\s+/g, ' ');
  const type = typeOfName(text);
  return /\d+$/.test(text) ? { type, instance: text } : { type };
}

/** Reads a list of actions (concrete or abstract) as procedure ops; navigation becomes the `near` of a following `use`. */
export function parseProcedureActions(actions: readonly string[]): ProcedureOp[] {
  const ops: ProcedureOp[] = [];
  let lastPlace: Place | undefined;
  for (const raw of actions) {
    const action = raw.trim().toLowerCase().replace(/\s+/g, ' ').replace(/\.$/, '');
    for (const [pattern, build] of PATTERNS) {
      const m = pattern.exec(action);
      if (!m) continue;
      const op = build([...m].map((x) => x ?? ''));
      if (op.kind === 'goto') lastPlace = op.place;
      else if (op.kind === 'use' && lastPlace !== undefined) ops.push({ ...op, near: lastPlace });
      else ops.push(op);
      break;
    }
  }
  return ops;
}

/**
 * The numbered lines of a script (`1. take the apple from the countertop`), the actions its `Caution:` lines quote,
 * and how many `Caution:` lines it has (quoting an action or not).
 */
export function scriptLines(script: string): { steps: string[]; cautions: string[]; cautionLines: number } {
  const steps: string[] = [];
  const cautions: string[] = [];
  let cautionLines = 0;
  for (const line of script.split('\n')) {
    const text = line.trim();
    if (/^caution\b/i.test(text)) {
      cautionLines += 1;
      const quoted = /"([^"]+)"/.exec(text);
      if (quoted) cautions.push((quoted[1] as string).toLowerCase());
      continue;
    }
    const numbered = /^\d+[.)]\s*(.+)$/.exec(text);
    if (numbered) steps.push(numbered[1] as string);
  }
  return { steps, cautions, cautionLines };
}

/**
 * Reads a memory as a procedure, taking what the memory holds as it is:
 * - a numbered `script` (Script, Proceduralization) is the procedure; the memory's concrete `steps`, when it also
 *   has them (Proceduralization's worked example), only lend instance hints to the script's places (which
 *   countertop the object was on);
 * - concrete `steps` alone (Trajectory) are followed as recorded: every action the environment accepted, in order,
 *   detours included. The agent reads the observations (an action answered `Nothing happens.` was not done) but
 *   does not distil: reducing a trajectory to its effective steps is what the Script build policy does, and doing
 *   it here would make every Build policy the same memory.
 * Returns undefined when neither yields an op.
 */
export function memoryProcedure(memory: Pick<Memory, 'steps' | 'script' | 'meta'>): Procedure | undefined {
  const {
    cautions: scriptCautions,
    steps: lines,
    cautionLines,
  } = memory.script === undefined ? { cautions: [], steps: [], cautionLines: 0 } : scriptLines(memory.script);
  const failures = recordedFailures(memory);
  const failed = failures.flatMap((f) =>
    f.action === undefined ? [] : [abstractAction(f.action, ALFWORLD_ACTION_GRAMMAR).toLowerCase()],
  );
  const cautions = [...new Set([...scriptCautions, ...failed])];
  const fromSteps =
    memory.steps === undefined
      ? []
      : parseProcedureActions(memory.steps.filter((s) => !isNothingHappens(s.observation ?? '')).map((s) => s.action));
  const fromScript = parseProcedureActions(lines);
  const source = fromScript.length > 0 ? 'script' : 'steps';
  const ops = fromScript.length > 0 ? withInstanceHints(fromScript, fromSteps) : fromSteps;
  if (ops.length === 0) return undefined;
  return { source, ops, types: opTypes(ops), cautions, failedBefore: failures.length > 0 || cautionLines > 0 };
}

/**
 * The script's ops with the instances of the matching concrete ops (same kind, object and place type, in order)
 * as hints: `take the apple from the countertop` + `take apple 1 from countertop 2` → from `countertop 2`.
 */
export function withInstanceHints(script: readonly ProcedureOp[], concrete: readonly ProcedureOp[]): ProcedureOp[] {
  let from = 0;
  return script.map((op) => {
    for (let i = from; i < concrete.length; i++) {
      const hint = instanceHint(op, concrete[i] as ProcedureOp);
      if (hint === undefined) continue;
      from = i + 1;
      return hint;
    }
    return op;
  });
}

/** `op` with the instance of `concrete`'s place when both are the same step on the same types, else undefined. */
function instanceHint(op: ProcedureOp, concrete: ProcedureOp): ProcedureOp | undefined {
  if (op.kind !== concrete.kind || op.object !== concrete.object) return undefined;
  const merge = (a: Place | undefined, b: Place | undefined): Place | undefined | false => {
    if (a === undefined) return b === undefined ? undefined : false;
    if (b === undefined || a.type !== b.type) return false;
    return a.instance === undefined && b.instance !== undefined ? { type: a.type, instance: b.instance } : a;
  };
  switch (op.kind) {
    case 'take': {
      const place = merge(op.from, (concrete as typeof op).from);
      return place === false ? undefined : place === undefined ? op : { ...op, from: place };
    }
    case 'put': {
      const place = merge(op.to, (concrete as typeof op).to);
      return place === false || place === undefined ? undefined : { ...op, to: place };
    }
    case 'apply': {
      const place = merge(op.tool, (concrete as typeof op).tool);
      return place === false || place === undefined || op.verb !== (concrete as typeof op).verb
        ? undefined
        : { ...op, tool: place };
    }
    case 'use': {
      const place = merge(op.near, (concrete as typeof op).near);
      return place === false ? undefined : place === undefined ? op : { ...op, near: place };
    }
  }
}

/** An op in the abstract form of a caution (`move the mug to the cabinet`). */
export function abstractOp(op: ProcedureOp): string {
  switch (op.kind) {
    case 'take':
      return op.from ? `take the ${op.object} from the ${op.from.type}` : `take the ${op.object}`;
    case 'put':
      return `move the ${op.object} to the ${op.to.type}`;
    case 'apply':
      return `${op.verb} the ${op.object} with the ${op.tool.type}`;
    case 'use':
      return `use the ${op.object}`;
  }
}

/** Every type named by `ops`. */
export function opTypes(ops: readonly ProcedureOp[]): Set<string> {
  const types = new Set<string>();
  for (const op of ops) {
    types.add(op.object);
    if (op.kind === 'take' && op.from) types.add(op.from.type);
    if (op.kind === 'put') types.add(op.to.type);
    if (op.kind === 'apply') types.add(op.tool.type);
    if (op.kind === 'use' && op.near) types.add(op.near.type);
  }
  return types;
}

/** Renames the types of a procedure's ops with `map`; a place whose type changed loses its instance hint. */
export function rebindOps(ops: readonly ProcedureOp[], map: ReadonlyMap<string, string>): ProcedureOp[] {
  const t = (type: string) => map.get(type) ?? type;
  const p = (pl: Place): Place => {
    const type = t(pl.type);
    return type === pl.type && pl.instance !== undefined ? { type, instance: pl.instance } : { type };
  };
  return ops.map((op): ProcedureOp => {
    switch (op.kind) {
      case 'take':
        return op.from
          ? { kind: 'take', object: t(op.object), from: p(op.from) }
          : { kind: 'take', object: t(op.object) };
      case 'put':
        return { kind: 'put', object: t(op.object), to: p(op.to) };
      case 'apply':
        return { kind: 'apply', verb: op.verb, object: t(op.object), tool: p(op.tool) };
      case 'use':
        return op.near
          ? { kind: 'use', object: t(op.object), near: p(op.near) }
          : { kind: 'use', object: t(op.object) };
      default:
        return op;
    }
  });
}
