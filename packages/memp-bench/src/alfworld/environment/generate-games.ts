import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { MempError } from 'memp';
import { createSeededRandom, type RandomSource } from 'memp/internal';
import { alfworldGameFromFile, type AlfworldGame, type AlfworldGameFile } from './alfworld-game.js';
import { AlfworldSimulator } from './alfworld-simulator.js';
import { ALFWORLD_TASK_TYPES, type AlfworldTaskType } from './alfworld-task-type.js';
import { ALFWORLD_GAME_FILE } from './alfworld-split.js';
import { worldOf } from './alfworld-world.js';
import { CATALOG_SCENES, type CatalogObject, type CatalogReceptacle, type CatalogScene } from './generated-catalog.js';
import { GENERATED_DOMAIN, generatedGrammar } from './generated-game-text.js';
import { planWalkthrough, type PlannedRoom } from './generated-walkthrough.js';

/** Options for {@link generateAlfworldGames}. */
export interface GenerateAlfworldGamesOptions {
  /** Seed: the same seed, count and types give the same games. */
  seed: number | string;
  /** Number of games. */
  count: number;
  /** Task types to generate, cycled in order. Default: all six. */
  types?: readonly AlfworldTaskType[];
}

/** A generated game as file content, with its id (`<task-dir>/<trial>`). */
export interface GeneratedGameFile {
  id: string;
  file: AlfworldGameFile;
}

/**
 * Generates small ALFWorld-format games (the `game.tw-pddl` JSON format, alfred domain, TextWorld grammar)
 * with an expert walkthrough each, checked by replaying it in the simulator. Needs no ALFWorld data.
 */
export function generateAlfworldGameFiles(options: GenerateAlfworldGamesOptions): GeneratedGameFile[] {
  const types = options.types ?? ALFWORLD_TASK_TYPES;
  if (!Number.isInteger(options.count) || options.count < 0)
    throw new MempError('INVALID_ARGUMENT', `count must be a non-negative integer, got ${options.count}`);
  if (types.length === 0) throw new MempError('INVALID_ARGUMENT', 'types must not be empty');
  const out: GeneratedGameFile[] = [];
  for (let i = 0; i < options.count; i++) {
    const type = types[i % types.length] as AlfworldTaskType;
    const random = createSeededRandom(`alfworld-gen:${options.seed}:${i}`);
    out.push(generateOne(type, random, `${options.seed}_${i}`));
  }
  return out;
}

/** Generates games (see {@link generateAlfworldGameFiles}) ready for `createAlfworldEnvironment`. */
export function generateAlfworldGames(options: GenerateAlfworldGamesOptions): AlfworldGame[] {
  return generateAlfworldGameFiles(options).map(({ id, file }) =>
    alfworldGameFromFile({ file, id, source: `generated game ${id}` }),
  );
}

/** Writes generated games as `<dir>/<id>/game.tw-pddl`; returns the written paths. */
export function writeAlfworldGameFiles(options: { dir: string; files: readonly GeneratedGameFile[] }): string[] {
  return options.files.map(({ id, file }) => {
    const path = join(options.dir, id, ALFWORLD_GAME_FILE);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, `${JSON.stringify(file, null, 2)}\n`);
    return path;
  });
}

const int = (random: RandomSource, lo: number, hi: number): number => lo + Math.floor(random() * (hi - lo + 1));
const pick = <T>(random: RandomSource, items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
const coord = (v: number): string =>
  `${v < 0 ? '_minus_' : '_plus_'}${Math.abs(v).toFixed(2).padStart(5, '0').replace('.', '_dot_')}`;
const locInt = (v: number): string => (v < 0 ? `_minus_${-v}` : String(v));
const rtypeOf = (r: CatalogReceptacle): string => `${r.basin ?? r.type}Type`;

function sceneFor(type: AlfworldTaskType, random: RandomSource): CatalogScene {
  const byName = (name: CatalogScene['name']): CatalogScene =>
    CATALOG_SCENES.find((s) => s.name === name) as CatalogScene;
  if (type === 'pick_heat_then_place_in_recep' || type === 'pick_cool_then_place_in_recep') return byName('kitchen');
  if (type === 'look_at_obj_in_light') return byName('bedroom');
  if (type === 'pick_clean_then_place_in_recep') return byName(random() < 0.6 ? 'kitchen' : 'bathroom');
  return pick(random, CATALOG_SCENES);
}

const ABILITY: Partial<
  Record<AlfworldTaskType, { key: 'cleanable' | 'heatable' | 'coolable'; role: CatalogReceptacle['role'] }>
> = {
  pick_clean_then_place_in_recep: { key: 'cleanable', role: 'sink' },
  pick_heat_then_place_in_recep: { key: 'heatable', role: 'microwave' },
  pick_cool_then_place_in_recep: { key: 'coolable', role: 'fridge' },
};

function generateOne(type: AlfworldTaskType, random: RandomSource, trial: string): GeneratedGameFile {
  const scene = sceneFor(type, random);
  const ids = new Set<string>();
  const freshId = (prefix: string, suffix = ''): string => {
    for (;;) {
      const id = `${prefix}_bar_${coord(random() * 6 - 3)}_bar_${coord(random() * 2)}_bar_${coord(random() * 6 - 3)}${suffix}`;
      if (!ids.has(id)) {
        ids.add(id);
        return id;
      }
    }
  };
  const locs = new Set<string>();
  const freshLoc = (): string => {
    for (;;) {
      const id = `loc_bar_${locInt(int(random, -12, 12))}_bar_${locInt(int(random, -12, 12))}_bar_${int(random, 0, 3)}_bar_${pick(random, [30, 45, 60])}`;
      if (!locs.has(id)) {
        locs.add(id);
        return id;
      }
    }
  };
  const receptacles: PlannedRoom['receptacles'] = [];
  for (const kind of scene.receptacles) {
    const n = int(random, kind.count[0], kind.count[1]);
    for (let i = 0; i < n; i++)
      receptacles.push({ id: freshId(kind.type, kind.basin ? `_bar_${kind.basin}` : ''), kind, loc: freshLoc() });
  }
  const ability = ABILITY[type];
  const candidates = scene.objects.filter(
    (o) => (ability ? o[ability.key] === true : true) && (type !== 'look_at_obj_in_light' || o.group !== 'bath'),
  );
  const target = pick(random, candidates);
  const holders = (o: CatalogObject): CatalogReceptacle[] => scene.receptacles.filter((r) => r.holds.includes(o.group));
  const destinations = holders(target).filter(
    (r) => receptacles.some((x) => x.kind === r) && (ability === undefined || r.role !== ability.role),
  );
  const destination = type === 'look_at_obj_in_light' ? undefined : pick(random, destinations);
  const objects: PlannedRoom['objects'] = [];
  const place = (kind: CatalogObject): void => {
    const allowed = receptacles.filter(
      (r) =>
        r.kind.holds.includes(kind.group) &&
        !(kind === target && destination !== undefined && rtypeOf(r.kind) === rtypeOf(destination)),
    );
    if (allowed.length > 0) objects.push({ id: freshId(kind.type), kind, in: pick(random, allowed) });
  };
  const targetCount = type === 'pick_two_obj_and_place' ? int(random, 2, 3) : int(random, 1, 2);
  for (let i = 0; i < targetCount; i++) place(target);
  const distractors = int(random, 5, 10);
  for (let i = 0; i < distractors; i++) place(pick(random, scene.objects));
  const stand = receptacles.find((r) => r.kind.role === 'lamp-stand');
  const lamp = stand === undefined ? undefined : { id: freshId('DeskLamp'), in: stand };
  const room: PlannedRoom = { receptacles, objects, lamp, agentLoc: freshLoc() };
  const x = target.type.toLowerCase();
  const r = destination === undefined ? '' : (destination.basin ?? destination.type).toLowerCase();
  const sentence = taskSentence(type, x, r, random() < 0.5);
  const problem = problemText({
    room,
    type,
    targetType: `${target.type}Type`,
    destType: destination ? rtypeOf(destination) : '',
  });
  const dir = `${type}-${target.type}-None-${type === 'look_at_obj_in_light' ? 'DeskLamp' : (destination?.basin ?? destination?.type)}-${scene.name}`;
  const id = `${dir}/trial_G${trial}`;
  const file: AlfworldGameFile = {
    pddl_domain: GENERATED_DOMAIN,
    grammar: generatedGrammar(sentence),
    pddl_problem: problem,
    solvable: true,
    walkthrough: [],
  };
  const game = alfworldGameFromFile({ file, id, source: `generated game ${id}` });
  const walkthrough = planWalkthrough({ room, type, target: target.type, destination, world: worldOf(game) });
  game.walkthrough = walkthrough;
  const sim = new AlfworldSimulator({ game });
  sim.reset();
  const won = walkthrough.some((a) => sim.step(a).success);
  if (!won)
    throw new MempError('INTERNAL', `generated game ${id} is not won by its walkthrough: ${walkthrough.join(' | ')}`);
  return { id, file: { ...file, walkthrough } };
}

function taskSentence(type: AlfworldTaskType, x: string, r: string, alt: boolean): string {
  switch (type) {
    case 'pick_and_place_simple':
      return alt ? `put some ${x} on ${r}.` : `put a ${x} in ${r}.`;
    case 'look_at_obj_in_light':
      return alt ? `examine the ${x} with the desklamp.` : `look at ${x} under the desklamp.`;
    case 'pick_clean_then_place_in_recep':
      return alt ? `clean some ${x} and put it in ${r}.` : `put a clean ${x} in ${r}.`;
    case 'pick_heat_then_place_in_recep':
      return alt ? `heat some ${x} and put it in ${r}.` : `put a hot ${x} in ${r}.`;
    case 'pick_cool_then_place_in_recep':
      return alt ? `cool some ${x} and put it in ${r}.` : `put a cool ${x} in ${r}.`;
    case 'pick_two_obj_and_place':
      return alt ? `find two ${x} and put them in ${r}.` : `put two ${x} in ${r}.`;
  }
}

function problemText(options: {
  room: PlannedRoom;
  type: AlfworldTaskType;
  targetType: string;
  destType: string;
}): string {
  const { room, type, targetType: X, destType: R } = options;
  const objects = room.objects.map((o) => ({ id: o.id, kind: o.kind, in: o.in }));
  const otypes = new Map<string, CatalogObject>();
  for (const o of objects) otypes.set(`${o.kind.type}Type`, o.kind);
  if (room.lamp) otypes.set('DeskLampType', { type: 'DeskLamp', group: 'small' });
  const rtypes = new Map(room.receptacles.map((r) => [rtypeOf(r.kind), r.kind]));
  const decl = [
    'agent1 - agent',
    ...[...new Set([room.agentLoc, ...room.receptacles.map((r) => r.loc)])].map((l) => `${l} - location`),
    ...room.receptacles.map((r) => `${r.id} - receptacle`),
    ...objects.map((o) => `${o.id} - object`),
    ...(room.lamp ? [`${room.lamp.id} - object`] : []),
    ...[...otypes.keys()].map((t) => `${t} - otype`),
    ...[...rtypes.keys()].map((t) => `${t} - rtype`),
  ];
  const init: string[] = [`(atLocation agent1 ${room.agentLoc})`];
  for (const r of room.receptacles) {
    init.push(`(receptacleAtLocation ${r.id} ${r.loc})`, `(receptacleType ${r.id} ${rtypeOf(r.kind)})`);
    if (r.kind.openable) init.push(`(openable ${r.id})`);
  }
  for (const o of objects) {
    init.push(
      `(objectType ${o.id} ${o.kind.type}Type)`,
      `(inReceptacle ${o.id} ${o.in.id})`,
      `(objectAtLocation ${o.id} ${o.in.loc})`,
      `(pickupable ${o.id})`,
    );
    for (const flag of ['cleanable', 'heatable', 'coolable', 'sliceable'] as const)
      if (o.kind[flag]) init.push(`(${flag} ${o.id})`);
    if (o.kind.receptacleObject) init.push(`(isReceptacleObject ${o.id})`);
  }
  if (room.lamp) {
    const l = room.lamp;
    init.push(
      `(objectType ${l.id} DeskLampType)`,
      `(inReceptacle ${l.id} ${l.in.id})`,
      `(objectAtLocation ${l.id} ${l.in.loc})`,
      `(toggleable ${l.id})`,
    );
  }
  for (const [rt, rk] of rtypes)
    for (const [ot, ok] of otypes)
      if (ok.type !== 'DeskLamp' && rk.holds.includes(ok.group)) init.push(`(canContain ${rt} ${ot})`);
  return `(define (problem generated)\n(:domain alfred)\n(:objects\n  ${decl.join('\n  ')}\n)\n(:init\n  ${init.join('\n  ')}\n)\n(:goal ${goalText(type, X, R)})\n)\n`;
}

function goalText(type: AlfworldTaskType, X: string, R: string): string {
  const place = (extra: string): string =>
    `(and (exists (?r - receptacle) (exists (?o - object) (and ${extra}(objectType ?o ${X}) (receptacleType ?r ${R}) (inReceptacle ?o ?r)))))`;
  switch (type) {
    case 'pick_and_place_simple':
      return place('');
    case 'pick_clean_then_place_in_recep':
      return place('(cleanable ?o) (isClean ?o) ');
    case 'pick_heat_then_place_in_recep':
      return place('(heatable ?o) (isHot ?o) ');
    case 'pick_cool_then_place_in_recep':
      return place('(coolable ?o) (isCool ?o) ');
    case 'pick_two_obj_and_place':
      return `(and (exists (?r - receptacle) (exists (?o1 - object) (and (objectType ?o1 ${X}) (receptacleType ?r ${R}) (inReceptacle ?o1 ?r) (exists (?o2 - object) (and (not (= ?o1 ?o2)) (objectType ?o2 ${X}) (inReceptacle ?o2 ?r)))))))`;
    case 'look_at_obj_in_light':
      return `(and (exists (?ot - object ?r - receptacle ?a - agent ?l - location) (and (objectType ?ot DeskLampType) (toggleable ?ot) (isToggled ?ot) (receptacleAtLocation ?r ?l) (atLocation ?a ?l) (inReceptacle ?ot ?r))) (exists (?o - object ?a - agent) (and (objectType ?o ${X}) (holds ?a ?o))))`;
  }
}
