import { MempError } from 'memp';
import { parsePddlFormula, type PddlFormula } from './pddl-formula.js';
import { isForm, parseSExpressions, type SExpr } from './sexpr.js';

/** One ground fact of a PDDL problem's `:init`, e.g. `inReceptacle Apple_bar_… Fridge_bar_…`. */
export interface PddlFact {
  /** Predicate name, lower-cased. */
  predicate: string;
  /** Object ids, as written. */
  args: string[];
}

/** A declared object of a PDDL problem. */
export interface PddlObject {
  id: string;
  /** Declared type, lower-cased (`agent`, `location`, `receptacle`, `object`, `otype`, `rtype`). */
  type: string;
}

/** A parsed PDDL problem: its objects, initial facts and goal. */
export interface PddlProblem {
  name: string;
  domain: string;
  objects: PddlObject[];
  init: PddlFact[];
  goal: PddlFormula;
}

/**
 * Parses a PDDL problem text (`(define (problem …) (:domain …) (:objects …) (:init …) (:goal …))`).
 * Numeric fluents in `:init` (`(= (total-cost) 0)`) and `:metric` are ignored. Throws `INVALID_ARGUMENT`
 * naming `source` when a section is missing or malformed.
 */
export function parsePddlProblem(options: { text: string; source: string }): PddlProblem {
  const { text, source } = options;
  const fail = (what: string): never => {
    throw new MempError('INVALID_ARGUMENT', `${source}: invalid pddl_problem: ${what}`, { details: { file: source } });
  };
  const top = parseSExpressions({ text, source: `${source} (pddl_problem)` });
  const define = top.find((e) => isForm(e, 'define'));
  if (!isForm(define, 'define')) return fail('no (define …) form');
  let name = '';
  let domain = '';
  let objects: PddlObject[] | undefined;
  let init: PddlFact[] | undefined;
  let goal: PddlFormula | undefined;
  for (const section of define.slice(1)) {
    if (!Array.isArray(section) || typeof section[0] !== 'string') continue;
    const head = section[0].toLowerCase();
    if (head === 'problem') name = String(section[1] ?? '');
    else if (head === ':domain') domain = String(section[1] ?? '').toLowerCase();
    else if (head === ':objects') objects = parseObjects(section.slice(1), fail);
    else if (head === ':init') init = parseInit(section.slice(1), fail);
    else if (head === ':goal') {
      if (section.length !== 2) fail('(:goal …) must hold exactly one formula');
      goal = parsePddlFormula({ expr: section[1] as SExpr, source });
    }
  }
  if (objects === undefined) return fail('missing (:objects …)');
  if (init === undefined) return fail('missing (:init …)');
  if (goal === undefined) return fail('missing (:goal …)');
  return { name, domain, objects, init, goal };
}

function parseObjects(list: SExpr[], fail: (what: string) => never): PddlObject[] {
  const out: PddlObject[] = [];
  let pending: string[] = [];
  for (let i = 0; i < list.length; i++) {
    const tok = list[i];
    if (typeof tok !== 'string') return fail('a list inside (:objects …)');
    if (tok === '-') {
      const type = list[++i];
      if (typeof type !== 'string') return fail('(:objects …) has "-" without a type');
      for (const id of pending) out.push({ id, type: type.toLowerCase() });
      pending = [];
    } else pending.push(tok);
  }
  for (const id of pending) out.push({ id, type: 'object' });
  return out;
}

function parseInit(list: SExpr[], fail: (what: string) => never): PddlFact[] {
  const out: PddlFact[] = [];
  for (const item of list) {
    if (!Array.isArray(item) || item.length === 0) return fail('an (:init …) entry is not a fact');
    const [head, ...args] = item;
    if (typeof head !== 'string') return fail('an (:init …) fact has no predicate name');
    if (head === '=') continue; // numeric fluent initialisation, e.g. (= (total-cost) 0)
    const strings: string[] = [];
    for (const a of args) {
      if (typeof a !== 'string') return fail(`fact (${head} …) has a nested list argument`);
      strings.push(a);
    }
    out.push({ predicate: head.toLowerCase(), args: strings });
  }
  return out;
}
