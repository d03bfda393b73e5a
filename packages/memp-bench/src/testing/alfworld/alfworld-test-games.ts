import { alfworldGameFromFile, type AlfworldGame } from '../../alfworld/environment/alfworld-game.js';
import { AlfworldSimulator } from '../../alfworld/environment/alfworld-simulator.js';
import type { Environment } from '../../ports/environment.js';

/**
 * Small hand-written ALFWorld games for the agents' tests: a few receptacles and objects, a goal, a walkthrough.
 * Not a generator of realistic games — just enough alfred.pddl for the simulator to play.
 */

/** A receptacle of a test game: display name (`cabinet 2`) and ALFRED type (`Cabinet`). */
export interface TestReceptacle {
  name: string;
  type: string;
  openable?: boolean;
  /** A spot name shared with other receptacles (as a sink and its countertop, or a column of drawers). Default: a spot of its own. */
  spot?: string;
}

/** An object of a test game, lying in receptacle `in`. */
export interface TestObject {
  name: string;
  type: string;
  in: string;
  /** alfred.pddl properties, e.g. `pickupable`, `cleanable`, `heatable`, `coolable`, `toggleable`. */
  props?: string[];
}

/** A goal of a test game: an object of `objectType` in a receptacle of `receptacleType`, with a state. */
export interface TestGoal {
  objectType: string;
  receptacleType: string;
  state?: 'isClean' | 'isHot' | 'isCool';
}

const DOMAIN = `(define (domain alfred) ${[
  'GotoLocation',
  'OpenObject',
  'CloseObject',
  'PickupObject',
  'PutObject',
  'CleanObject',
  'HeatObject',
  'CoolObject',
  'ToggleObject',
  'SliceObject',
]
  .map((a) => `(:action ${a})`)
  .join(' ')})`;

/** Builds a game from receptacles, objects, a goal and a task sentence (without the final period). */
export function buildTestGame(options: {
  id: string;
  task: string;
  receptacles: TestReceptacle[];
  objects: TestObject[];
  goal: TestGoal;
  walkthrough?: string[];
}): AlfworldGame {
  const ids = new Map<string, string>();
  const all = [...options.receptacles, ...options.objects];
  for (const entity of all) {
    const [, numberText] = /^\S+ (\d+)$/.exec(entity.name) ?? [];
    const count = all.filter((e) => e.type === entity.type).length;
    // ALFWorld numbers instances over the sorted ids from the highest down: instance k gets suffix count - k.
    const suffix = String(count - Number(numberText ?? 1)).padStart(3, '0');
    // Sink ids read `Sink_bar_…|SinkBasin` in the real data and display as `sinkbasin`.
    const basin = /Basin$/.test(entity.type);
    ids.set(entity.name, `${entity.type.replace(/Basin$/, '')}_bar_${suffix}${basin ? '_bar_Basin' : ''}`);
  }
  const id = (name: string) => ids.get(name) ?? name;
  const rtypes = [...new Set(options.receptacles.map((r) => r.type))];
  const otypes = [...new Set(options.objects.map((o) => o.type))];
  // Receptacles with the same `spot` share the location of the first of them.
  const spotOf = (i: number): number => {
    const spot = options.receptacles[i]?.spot;
    return spot === undefined ? i : options.receptacles.findIndex((r) => r.spot === spot);
  };
  const objects = [
    'agent1 - agent',
    'loc_bar_start - location',
    ...options.receptacles
      .map((_, i) => i)
      .filter((i) => spotOf(i) === i)
      .map((i) => `loc_bar_${i} - location`),
    ...options.receptacles.map((r) => `${id(r.name)} - receptacle`),
    ...options.objects.map((o) => `${id(o.name)} - object`),
    ...rtypes.map((t) => `${t}Type - rtype`),
    ...otypes.map((t) => `${t}Type - otype`),
  ];
  const init = ['(atLocation agent1 loc_bar_start)'];
  options.receptacles.forEach((r, i) => {
    init.push(
      `(receptacleAtLocation ${id(r.name)} loc_bar_${spotOf(i)})`,
      `(receptacleType ${id(r.name)} ${r.type}Type)`,
    );
    if (r.openable === true) init.push(`(openable ${id(r.name)})`);
  });
  for (const o of options.objects) {
    const at = options.receptacles.findIndex((r) => r.name === o.in);
    init.push(
      `(objectType ${id(o.name)} ${o.type}Type)`,
      `(inReceptacle ${id(o.name)} ${id(o.in)})`,
      `(objectAtLocation ${id(o.name)} loc_bar_${spotOf(at)})`,
    );
    for (const prop of o.props ?? ['pickupable']) init.push(`(${prop} ${id(o.name)})`);
  }
  for (const rt of rtypes) for (const ot of otypes) init.push(`(canContain ${rt}Type ${ot}Type)`);
  const { goal } = options;
  const state = goal.state === undefined ? '' : `(${goal.state} ?o)`;
  const problem = `(define (problem test) (:domain alfred) (:objects ${objects.join(' ')}) (:init ${init.join(' ')})
    (:goal (and (exists (?r - receptacle) (exists (?o - object) (and (objectType ?o ${goal.objectType}Type)
    (receptacleType ?r ${goal.receptacleType}Type) ${state} (inReceptacle ?o ?r)))))))`;
  const grammar = `grammar :: """${JSON.stringify({ task: [{ rhs: `Your task is to: ${options.task}.` }] })}""";`;
  return alfworldGameFromFile({
    id: options.id,
    file: {
      pddl_domain: DOMAIN,
      grammar,
      pddl_problem: problem,
      solvable: true,
      walkthrough: options.walkthrough ?? [],
    },
  });
}

/** An environment over `games` backed by the simulator, exposing `current()` (the game being played). */
export function createTestEnvironment(options: {
  games: readonly AlfworldGame[];
  maxSteps?: number;
}): Environment & { current(): AlfworldGame | undefined } {
  const byId = new Map(options.games.map((g) => [g.id, g]));
  let sim: AlfworldSimulator | undefined;
  const simulator = (): AlfworldSimulator => {
    if (sim === undefined) throw new Error('step before reset');
    return sim;
  };
  return {
    name: 'alfworld',
    current: () => sim?.game,
    async reset(taskId) {
      const game = byId.get(taskId);
      if (game === undefined) throw new Error(`no game ${taskId}`);
      sim = new AlfworldSimulator({ game, ...(options.maxSteps === undefined ? {} : { maxSteps: options.maxSteps }) });
      return { ...sim.reset(), admissibleActions: sim.admissibleActions() };
    },
    async step(action) {
      const s = simulator();
      const r = s.step(action);
      return {
        observation: r.observation,
        done: r.done,
        success: r.success,
        reward: r.reward,
        admissibleActions: s.admissibleActions(),
      };
    },
  };
}
