import { describe, expect, it } from 'vitest';
import { alfworldGameFromFile, type AlfworldGame } from './alfworld-game.js';
import { AlfworldSimulator } from './alfworld-simulator.js';
import { GENERATED_DOMAIN, generatedGrammar } from './generated-game-text.js';

/** A small hand-written kitchen: two cabinets and a drawer (cabinet 1 and the drawer share a spot). */
function kitchen(options: { goal?: string; task?: string } = {}): AlfworldGame {
  const id = (type: string, x: string): string => `${type}_bar_${x}_bar__plus_00_dot_90_bar__plus_00_dot_10`;
  const cabinetA = id('Cabinet', '_minus_01_dot_00');
  const cabinetB = id('Cabinet', '_plus_01_dot_00');
  const drawer = id('Drawer', '_plus_01_dot_00');
  const counter = id('CounterTop', '_plus_00_dot_50');
  const fridge = id('Fridge', '_plus_02_dot_00');
  const microwave = id('Microwave', '_plus_03_dot_00');
  const sink = `${id('Sink', '_plus_04_dot_00')}_bar_SinkBasin`;
  const side = id('SideTable', '_plus_05_dot_00');
  const apple = id('Apple', '_plus_00_dot_51');
  const knife = id('Knife', '_plus_00_dot_52');
  const mug = id('Mug', '_plus_01_dot_01');
  const lamp = id('DeskLamp', '_plus_05_dot_01');
  const loc = (n: number): string => `loc_bar_${n}_bar_1_bar_0_bar_60`;
  const receptacles: [string, string, number][] = [
    [cabinetA, 'CabinetType', 1],
    [cabinetB, 'CabinetType', 2],
    [drawer, 'DrawerType', 2],
    [counter, 'CounterTopType', 3],
    [fridge, 'FridgeType', 4],
    [microwave, 'MicrowaveType', 5],
    [sink, 'SinkBasinType', 6],
    [side, 'SideTableType', 7],
  ];
  const objects: [string, string, string, string[]][] = [
    [apple, 'AppleType', counter, ['pickupable', 'cleanable', 'heatable', 'coolable', 'sliceable']],
    [knife, 'KnifeType', counter, ['pickupable', 'cleanable']],
    [mug, 'MugType', cabinetB, ['pickupable', 'isReceptacleObject']],
    [lamp, 'DeskLampType', side, ['toggleable']],
  ];
  const locOf = new Map(receptacles.map(([r, , l]) => [r, loc(l)]));
  const init = [
    `(atLocation agent1 ${loc(0)})`,
    ...receptacles.flatMap(([r, t, l]) => [`(receptacleAtLocation ${r} ${loc(l)})`, `(receptacleType ${r} ${t})`]),
    ...[cabinetA, cabinetB, drawer, fridge, microwave].map((r) => `(openable ${r})`),
    ...objects.flatMap(([o, t, r, props]) => [
      `(objectType ${o} ${t})`,
      `(inReceptacle ${o} ${r})`,
      `(objectAtLocation ${o} ${locOf.get(r)})`,
      ...props.map((p) => `(${p} ${o})`),
    ]),
    ...['CounterTopType', 'FridgeType', 'MicrowaveType', 'SinkBasinType', 'SideTableType', 'CabinetType'].flatMap(
      (rt) => ['AppleType', 'KnifeType', 'MugType'].map((ot) => `(canContain ${rt} ${ot})`),
    ),
  ];
  const problem = `(define (problem hand)
(:domain alfred)
(:objects agent1 - agent
  ${[0, 1, 2, 3, 4, 5, 6, 7].map((n) => `${loc(n)} - location`).join('\n  ')}
  ${receptacles.map(([r]) => `${r} - receptacle`).join('\n  ')}
  ${objects.map(([o]) => `${o} - object`).join('\n  ')}
  CabinetType DrawerType CounterTopType FridgeType MicrowaveType SinkBasinType SideTableType - rtype
  AppleType KnifeType MugType DeskLampType - otype)
(:init ${init.join('\n  ')})
(:goal ${options.goal ?? '(and (exists (?r - receptacle) (exists (?o - object) (and (objectType ?o AppleType) (receptacleType ?r FridgeType) (isHot ?o) (inReceptacle ?o ?r)))))'}))`;
  const file = {
    pddl_domain: GENERATED_DOMAIN,
    grammar: generatedGrammar(options.task ?? 'put a hot apple in fridge.'),
    pddl_problem: problem,
    solvable: true,
    walkthrough: [],
  };
  return alfworldGameFromFile({ file, id: 'pick_heat_then_place_in_recep-Apple-None-Fridge-1/trial_hand' });
}

const NOTHING = 'Nothing happens.';

describe('AlfworldSimulator on a hand-written game', () => {
  it('opens with the intro: every receptacle (numbered from the highest id down) and the task', () => {
    const sim = new AlfworldSimulator({ game: kitchen() });
    const start = sim.reset();
    expect(start.task).toBe('put a hot apple in fridge');
    expect(start.observation).toBe(
      '-= Welcome to TextWorld, ALFRED! =-\n\nYou are in the middle of a room. Looking quickly around you, you see ' +
        'a cabinet 2, a cabinet 1, a countertop 1, a drawer 1, a fridge 1, a microwave 1, a sidetable 1, and a sinkbasin 1.' +
        '\n\nYour task is to: put a hot apple in fridge.',
    );
  });

  it('answers look, inventory, go to, take, open, close, examine and move with ALFWorld feedback', () => {
    const sim = new AlfworldSimulator({ game: kitchen() });
    sim.reset();
    const say = (command: string): string => sim.step(command).observation;
    expect(say('look')).toBe('You are in the middle of a room. Looking quickly around you, you see nothing.');
    expect(say('inventory')).toBe('You are not carrying anything.');
    expect(say('take apple 1 from countertop 1')).toBe(NOTHING);
    expect(say('go to countertop 1')).toBe(
      'You arrive at countertop 1. On the countertop 1, you see a apple 1, and a knife 1.',
    );
    expect(say('examine countertop 1')).toBe('On the countertop 1, you see a apple 1, and a knife 1.');
    expect(say('take apple 1 from countertop 1')).toBe('You pick up the apple 1 from the countertop 1.');
    expect(say('take knife 1 from countertop 1')).toBe(NOTHING);
    expect(say('inventory')).toBe('You are carrying: a apple 1.');
    expect(say('examine apple 1')).toBe("There's nothing special about apple 1.");
    expect(say('go to cabinet 1')).toBe('You arrive at cabinet 1. The cabinet 1 is closed.');
    // As in ALFWorld's grammar: objects at the location that are outside some receptacle there (the mug is in
    // cabinet 1, not in drawer 1) are listed "next to it".
    expect(say('look')).toBe('You are facing the cabinet 1, and drawer 1. Next to it, you see a mug 1.');
    expect(say('examine mug 1')).toBe(NOTHING);
    expect(say('open cabinet 1')).toBe('You open the cabinet 1. The cabinet 1 is open. In it, you see a mug 1.');
    expect(say('open cabinet 1')).toBe(NOTHING);
    expect(say('examine mug 1')).toBe('This is a normal mug 1. In it, you see nothing.');
    expect(say('move apple 1 to cabinet 1')).toBe('You move the apple 1 to the cabinet 1.');
    expect(say('examine cabinet 1')).toBe('The cabinet 1 is open. In it, you see a apple 1, and a mug 1.');
    expect(say('close cabinet 1')).toBe('You close the cabinet 1.');
    expect(say('close cabinet 1')).toBe(NOTHING);
    expect(say('open fridge 1')).toBe(NOTHING);
    expect(say('open drawer 1')).toBe('You open the drawer 1. The drawer 1 is open. In it, you see nothing.');
    expect(say('help')).toContain('Available commands:');
  });

  it('heats, cools, cleans, uses and slices, and examine reports the object state', () => {
    const sim = new AlfworldSimulator({ game: kitchen(), maxSteps: 100 });
    sim.reset();
    const say = (command: string): string => sim.step(command).observation;
    say('go to countertop 1');
    say('take apple 1 from countertop 1');
    expect(say('heat apple 1 with microwave 1')).toBe(NOTHING); // not there yet
    say('go to microwave 1');
    expect(say('cool apple 1 with microwave 1')).toBe(NOTHING);
    expect(say('heat apple 1 with microwave 1')).toBe('You heat the apple 1 using the microwave 1.');
    expect(say('examine apple 1')).toBe('This is a hot apple 1.');
    say('go to fridge 1');
    expect(say('cool apple 1 with fridge 1')).toBe('You cool the apple 1 using the fridge 1.');
    expect(say('examine apple 1')).toBe('This is a cold apple 1.');
    say('go to sinkbasin 1');
    expect(say('clean apple 1 with sinkbasin 1')).toBe('You clean the apple 1 using the sinkbasin 1.');
    expect(say('examine apple 1')).toBe('This is a cool and clean apple 1.');
    say('go to sidetable 1');
    expect(say('examine desklamp 1')).toBe('This desklamp 1 is off.');
    expect(say('use desklamp 1')).toBe('You turn on the desklamp 1.');
    expect(say('examine desklamp 1')).toBe('This desklamp 1 is on.');
    expect(say('use apple 1')).toBe(NOTHING);
    expect(say('move apple 1 to sidetable 1')).toBe('You move the apple 1 to the sidetable 1.');
    say('go to countertop 1');
    say('take knife 1 from countertop 1');
    expect(say('slice apple 1 with knife 1')).toBe(NOTHING); // the apple is elsewhere
    say('go to sidetable 1');
    expect(say('slice apple 1 with knife 1')).toBe('You sliced the apple 1 with the knife 1.');
    say('move knife 1 to sidetable 1');
    say('take apple 1 from sidetable 1');
    expect(say('examine apple 1')).toBe('This is a cool and clean sliced apple 1.');
  });

  it('answers "Nothing happens." to unknown verbs, unknown names and impossible actions', () => {
    const sim = new AlfworldSimulator({ game: kitchen() });
    sim.reset();
    for (const command of [
      'dance',
      'go to fridge 9',
      'go to apple 1',
      'open countertop 1',
      'take fridge 1 from countertop 1',
      'use desklamp 1',
      'examine fridge 1',
      '',
    ]) {
      const r = sim.step(command);
      expect(r).toMatchObject({ observation: NOTHING, valid: false, done: false, success: false, reward: 0 });
    }
  });

  it('wins with reward 1 when the goal holds; accepts only the exact templates of the grammar', () => {
    const sim = new AlfworldSimulator({ game: kitchen() });
    sim.reset();
    for (const c of [
      'go to countertop 1',
      'take apple 1 from countertop 1',
      'go to microwave 1',
      'heat apple 1 with microwave 1',
      'go to fridge 1',
    ]) {
      expect(sim.step(c)).toMatchObject({ valid: true, done: false, reward: 0 });
    }
    sim.step('open fridge 1');
    for (const c of [
      'put apple 1 in fridge 1',
      'put apple 1 in/on fridge 1',
      'Move apple 1 to fridge 1',
      'move  apple 1 to fridge 1',
      'move apple 1 into fridge 1',
    ]) {
      expect(sim.step(c), c).toMatchObject({ observation: NOTHING, valid: false, done: false });
    }
    expect(sim.step(' move apple 1 to fridge 1\n')).toMatchObject({
      observation: 'You move the apple 1 to the fridge 1.',
      done: true,
      success: true,
      reward: 1,
    });
    expect(sim.step('look')).toMatchObject({ done: true, reward: 0 });
  });

  it('ends the episode at the step cap, counting invalid commands', () => {
    const sim = new AlfworldSimulator({ game: kitchen(), maxSteps: 3 });
    sim.reset();
    expect(sim.step('dance').done).toBe(false);
    expect(sim.step('look').done).toBe(false);
    expect(sim.step('dance')).toMatchObject({ done: true, success: false });
    sim.reset();
    expect(sim.steps).toBe(0);
  });

  it('lists admissible actions sorted, matching what step accepts', () => {
    const sim = new AlfworldSimulator({ game: kitchen() });
    sim.reset();
    const start = sim.admissibleActions();
    expect(start).toEqual([...start].sort());
    expect(start).toEqual(
      expect.arrayContaining(['go to cabinet 1', 'go to sinkbasin 1', 'help', 'inventory', 'look']),
    );
    sim.step('go to countertop 1');
    expect(sim.admissibleActions()).toEqual(
      expect.arrayContaining([
        'examine countertop 1',
        'examine apple 1',
        'take apple 1 from countertop 1',
        'take knife 1 from countertop 1',
      ]),
    );
    sim.step('take apple 1 from countertop 1');
    sim.step('go to microwave 1');
    expect(sim.admissibleActions()).toEqual(
      expect.arrayContaining(['heat apple 1 with microwave 1', 'open microwave 1', 'examine apple 1']),
    );
    expect(sim.admissibleActions()).not.toContain('move apple 1 to microwave 1');
    for (const action of sim.admissibleActions().filter((a) => !a.startsWith('go to'))) {
      const probe = new AlfworldSimulator({ game: sim.game });
      probe.reset();
      for (const c of ['go to countertop 1', 'take apple 1 from countertop 1', 'go to microwave 1']) probe.step(c);
      expect(probe.step(action).valid, action).toBe(true);
    }
  });

  it('evaluates goals with or/not/forall', () => {
    const goal = '(forall (?o - object) (or (not (objectType ?o AppleType)) (isClean ?o)))';
    const sim = new AlfworldSimulator({ game: kitchen({ goal }) });
    sim.reset();
    for (const c of ['go to countertop 1', 'take apple 1 from countertop 1', 'go to sinkbasin 1'])
      expect(sim.step(c).success).toBe(false);
    expect(sim.step('clean apple 1 with sinkbasin 1')).toMatchObject({ success: true, reward: 1, done: true });
  });
});
