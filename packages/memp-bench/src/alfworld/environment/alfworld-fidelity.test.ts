import { describe, expect, it } from 'vitest';
import { createAlfworldEnvironment } from './alfworld-environment.js';
import { alfworldGameFromFile, type AlfworldGame } from './alfworld-game.js';
import { AlfworldSimulator } from './alfworld-simulator.js';
import { GENERATED_DOMAIN } from './generated-game-text.js';

// A small game written for these tests. Locations: the agent starts where countertop 1 stands; cabinet 1, drawer 1
// and drawer 2 share a second spot (unless `ownDrawerSpot` gives drawer 2 a spot of its own); the fridge has a third.
// (ALFWorld numbers instances from the highest down over the sorted ids: drawerA is drawer 2, drawerB drawer 1.)
const ID = {
  counter: 'CounterTop_bar__plus_00_dot_10',
  cabinet: 'Cabinet_bar__plus_01_dot_10',
  drawerA: 'Drawer_bar__plus_01_dot_20',
  drawerB: 'Drawer_bar__plus_01_dot_30',
  fridge: 'Fridge_bar__plus_02_dot_10',
  apple: 'Apple_bar__plus_00_dot_11',
  mug: 'Mug_bar__plus_01_dot_11',
};

/** ALFWorld 2.1.1's command templates, written out in the grammar's own block form (list-form `go to` included). */
const TEMPLATES: [string, string][] = [
  ['GotoLocation', 'go to [{r.name | receptacleatlocation(r:receptacle, lend:location)}]'],
  ['OpenObject', 'open {r}'],
  ['CloseObject', 'close {r}'],
  ['PickupObject', 'take {o} from {r}'],
  ['PickupFullReceptacleObject', 'take {outerr} from {r}'],
  ['PutObject', 'move {o} to {r}'],
  ['PutObjectInReceptacleObject', 'put {o} into {outero}'],
  ['PutFullReceptacleObjectInReceptacle', 'put {outero} in {r}'],
  ['inventory', 'inventory'],
  ['examineReceptacle', 'examine {r}'],
  ['examineObject', 'examine {o}'],
  ['ToggleObject', 'use {o}'],
  ['HeatObject', 'heat {o} with {r}'],
  ['CleanObject', 'clean {o} with {r}'],
  ['CoolObject', 'cool {o} with {r}'],
  ['SliceObject', 'slice {co} with {ko}'],
  ['look', 'look'],
  ['help', 'help'],
];

function game(
  options: { ownDrawerSpot?: boolean; templates?: [string, string][]; domain?: string } = {},
): AlfworldGame {
  const spot = (n: number): string => `loc_bar_${n}_bar_0_bar_0_bar_0`;
  const recs: [string, string, number][] = [
    [ID.counter, 'CounterTopType', 0],
    [ID.cabinet, 'CabinetType', 1],
    [ID.drawerA, 'DrawerType', options.ownDrawerSpot ? 3 : 1],
    [ID.drawerB, 'DrawerType', 1],
    [ID.fridge, 'FridgeType', 2],
  ];
  const init = [
    `(atLocation agent1 ${spot(0)})`,
    ...recs.flatMap(([r, t, l]) => [`(receptacleAtLocation ${r} ${spot(l)})`, `(receptacleType ${r} ${t})`]),
    ...[ID.cabinet, ID.drawerA, ID.drawerB, ID.fridge].map((r) => `(openable ${r})`),
    `(objectType ${ID.apple} AppleType)`,
    `(inReceptacle ${ID.apple} ${ID.counter})`,
    `(objectAtLocation ${ID.apple} ${spot(0)})`,
    `(pickupable ${ID.apple})`,
    `(coolable ${ID.apple})`,
    `(objectType ${ID.mug} MugType)`,
    `(inReceptacle ${ID.mug} ${ID.cabinet})`,
    `(objectAtLocation ${ID.mug} ${spot(1)})`,
    `(pickupable ${ID.mug})`,
    ...['CounterTopType', 'CabinetType', 'DrawerType', 'FridgeType'].flatMap((rt) => [
      `(canContain ${rt} AppleType)`,
      `(canContain ${rt} MugType)`,
    ]),
  ];
  const problem = `(define (problem fidelity) (:domain alfred)
(:objects agent1 - agent ${[0, 1, 2, 3].map((n) => `${spot(n)} - location`).join(' ')} ${recs.map(([r]) => `${r} - receptacle`).join(' ')}
  ${ID.apple} ${ID.mug} - object CounterTopType CabinetType DrawerType FridgeType - rtype AppleType MugType - otype)
(:init ${init.join(' ')})
(:goal (exists (?r - receptacle) (exists (?o - object) (and (objectType ?o AppleType) (receptacleType ?r FridgeType) (inReceptacle ?o ?r))))))`;
  const blocks = (options.templates ?? TEMPLATES).map(
    ([name, t]) => `action ${name} {\n    template :: "${t}";\n    feedback :: "#${name}.feedback#";\n}\n`,
  );
  const grammar = `grammar :: """${JSON.stringify({ task: [{ rhs: 'Your task is to: put some apple in fridge.' }] })}""";\n\n${blocks.join('\n')}`;
  const file = {
    pddl_domain: options.domain ?? GENERATED_DOMAIN,
    grammar,
    pddl_problem: problem,
    solvable: true,
    walkthrough: [],
  };
  return alfworldGameFromFile({ file, id: 'pick_and_place_simple-Apple-None-Fridge-1/trial_fidelity' });
}

const NOTHING = 'Nothing happens.';

function play(sim: AlfworldSimulator, commands: string[]): void {
  for (const c of commands) expect(sim.step(c), c).toMatchObject({ valid: true });
}

describe('ALFWorld fidelity: go to where the agent already is', () => {
  it('answers "Nothing happens." for the receptacle the agent stands at and for every other one at that location', () => {
    const sim = new AlfworldSimulator({ game: game() });
    sim.reset();
    // The agent starts at countertop 1's location.
    expect(sim.step('go to countertop 1')).toMatchObject({ observation: NOTHING, valid: false, done: false });
    expect(sim.steps).toBe(1);
    expect(sim.step('go to drawer 1')).toMatchObject({
      observation: 'You arrive at drawer 1. The drawer 1 is closed.',
      valid: true,
    });
    for (const c of ['go to drawer 1', 'go to drawer 2', 'go to cabinet 1'])
      expect(sim.step(c), c).toMatchObject({ observation: NOTHING, valid: false });
    // The other receptacles of the spot are right here: they can be opened and examined without moving.
    expect(sim.step('open cabinet 1').observation).toBe(
      'You open the cabinet 1. The cabinet 1 is open. In it, you see a mug 1.',
    );
    expect(sim.step('examine drawer 2').observation).toBe('The drawer 2 is closed.');
    play(sim, ['go to fridge 1', 'go to drawer 2']);
  });

  it('reads the rule from the receptacleAtLocation facts: a receptacle at a spot of its own is reached', () => {
    const sim = new AlfworldSimulator({ game: game({ ownDrawerSpot: true }) });
    sim.reset();
    play(sim, ['go to drawer 1']);
    expect(sim.step('go to drawer 2')).toMatchObject({
      observation: 'You arrive at drawer 2. The drawer 2 is closed.',
      valid: true,
    });
    play(sim, ['go to cabinet 1']);
    expect(sim.step('go to drawer 1')).toMatchObject({ observation: NOTHING, valid: false });
  });

  it('never lists `go to` a receptacle at the agent location among the admissible actions', () => {
    const sim = new AlfworldSimulator({ game: game() });
    sim.reset();
    const gotos = () => sim.admissibleActions().filter((a) => a.startsWith('go to '));
    expect(gotos()).toEqual(['go to cabinet 1', 'go to drawer 1', 'go to drawer 2', 'go to fridge 1']);
    sim.step('go to drawer 2');
    expect(gotos()).toEqual(['go to countertop 1', 'go to fridge 1']);
  });
});

describe('ALFWorld fidelity: commands by the grammar templates', () => {
  /** Every command the templates can form with the game's names. */
  function candidates(): string[] {
    const recs = ['countertop 1', 'cabinet 1', 'drawer 1', 'drawer 2', 'fridge 1', 'apple 1'];
    const objs = ['apple 1', 'mug 1', 'fridge 1'];
    const out = ['look', 'inventory', 'help'];
    for (const r of recs) out.push(`go to ${r}`, `open ${r}`, `close ${r}`, `examine ${r}`);
    for (const o of objs) {
      out.push(`use ${o}`, `examine ${o}`);
      for (const r of recs) {
        out.push(
          `take ${o} from ${r}`,
          `move ${o} to ${r}`,
          `put ${o} in ${r}`,
          `put ${o} on ${r}`,
          `put ${o} in/on ${r}`,
          `put ${o} into ${r}`,
        );
        out.push(`cool ${o} with ${r}`, `heat ${o} with ${r}`, `clean ${o} with ${r}`, `slice ${o} with ${r}`);
      }
    }
    return out;
  }

  it('accepts a command exactly when it is admissible, in every state of a played episode', () => {
    for (const legacyPut of [false, true]) {
      const history: string[] = [];
      const script = [
        'go to cabinet 1',
        'open cabinet 1',
        'take mug 1 from cabinet 1',
        'go to countertop 1',
        'move mug 1 to countertop 1',
        'take apple 1 from countertop 1',
        'go to fridge 1',
        'cool apple 1 with fridge 1',
        'open fridge 1',
      ];
      for (const next of [...script, undefined]) {
        const probe = new AlfworldSimulator({ game: game(), legacyPut });
        probe.reset();
        for (const c of history) probe.step(c);
        const admissible = probe.admissibleActions();
        for (const command of candidates()) {
          const sim = new AlfworldSimulator({ game: probe.game, legacyPut });
          sim.reset();
          for (const c of history) sim.step(c);
          const accepted = sim.step(command).valid;
          expect(accepted, `${legacyPut ? 'legacyPut ' : ''}after [${history.join('; ')}]: ${command}`).toBe(
            admissible.includes(command),
          );
        }
        if (next !== undefined) history.push(next);
      }
    }
  });

  it('refuses variants of a template and templates of actions the domain does not have (`put X in Y`)', () => {
    const sim = new AlfworldSimulator({ game: game() });
    sim.reset();
    play(sim, ['take apple 1 from countertop 1', 'go to fridge 1', 'open fridge 1']);
    for (const c of [
      'put apple 1 in fridge 1',
      'put apple 1 in/on fridge 1',
      'put apple 1 into fridge 1',
      'Move apple 1 to fridge 1',
      'move apple 1 to  fridge 1',
      'move apple 1 to fridge 1.',
    ]) {
      expect(sim.step(c), c).toMatchObject({ observation: NOTHING, valid: false, success: false });
    }
    expect(sim.step('move apple 1 to fridge 1')).toMatchObject({
      observation: 'You move the apple 1 to the fridge 1.',
      success: true,
    });
  });

  it('parses and lists commands by whatever templates the grammar declares', () => {
    const templates = TEMPLATES.map(([name, t]): [string, string] => [
      name,
      name === 'PutObject' ? 'place {o} onto {r}' : t,
    ]);
    const sim = new AlfworldSimulator({ game: game({ templates }) });
    sim.reset();
    play(sim, ['take apple 1 from countertop 1', 'go to fridge 1', 'open fridge 1']);
    expect(sim.admissibleActions()).toContain('place apple 1 onto fridge 1');
    expect(sim.admissibleActions().some((a) => a.startsWith('move '))).toBe(false);
    expect(sim.step('move apple 1 to fridge 1').valid).toBe(false);
    expect(sim.step('place apple 1 onto fridge 1')).toMatchObject({ valid: true, success: true });
  });

  it('refuses a game whose template or domain it cannot simulate faithfully', () => {
    const badTemplate = TEMPLATES.map(([name, t]): [string, string] => [
      name,
      name === 'HeatObject' ? 'heat {o} with {x}' : t,
    ]);
    expect(() => game({ templates: badTemplate })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT', details: expect.objectContaining({ field: 'grammar' }) }),
    );
    const domain = GENERATED_DOMAIN.replace(
      /\)\s*$/,
      ' (:action PutObjectInReceptacleObject :parameters () :precondition () :effect ()))',
    );
    expect(() => game({ domain })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT', details: expect.objectContaining({ field: 'pddl_domain' }) }),
    );
  });
});

describe('ALFWorld fidelity: the legacyPut compatibility option', () => {
  it('maps exactly `put X in/on Y` to PutObject with the older feedback, and lists that form beside the game one', () => {
    const sim = new AlfworldSimulator({ game: game(), legacyPut: true });
    sim.reset();
    play(sim, ['take apple 1 from countertop 1', 'go to fridge 1', 'open fridge 1']);
    expect(sim.admissibleActions()).toContain('put apple 1 in/on fridge 1');
    expect(sim.admissibleActions()).toContain('move apple 1 to fridge 1');
    for (const c of [
      'put apple 1 in fridge 1',
      'put apple 1 on fridge 1',
      'put apple 1 into fridge 1',
      'Put apple 1 in/on fridge 1',
      'put apple 1 in/on fridge 1.',
    ]) {
      expect(sim.step(c), c).toMatchObject({ observation: NOTHING, valid: false });
    }
    expect(sim.step('put apple 1 in/on fridge 1')).toMatchObject({
      observation: 'You put the apple 1 in/on the fridge 1.',
      valid: true,
      success: true,
    });
  });

  it('still accepts the game grammar, and the environment passes the option through', async () => {
    const g = game();
    const env = createAlfworldEnvironment({ games: [g], legacyPut: true });
    await env.reset(g.id);
    for (const c of ['take apple 1 from countertop 1', 'go to fridge 1', 'open fridge 1']) await env.step(c);
    expect((await env.step('move apple 1 to fridge 1')).observation).toBe('You move the apple 1 to the fridge 1.');
    const strict = createAlfworldEnvironment({ games: [g] });
    await strict.reset(g.id);
    for (const c of ['take apple 1 from countertop 1', 'go to fridge 1', 'open fridge 1']) await strict.step(c);
    expect(await strict.step('put apple 1 in/on fridge 1')).toMatchObject({ observation: NOTHING, success: false });
  });
});
