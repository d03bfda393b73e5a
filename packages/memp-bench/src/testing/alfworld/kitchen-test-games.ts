import type { AlfworldGame } from '../../alfworld/environment/alfworld-game.js';
import { buildTestGame, type TestObject, type TestReceptacle } from './alfworld-test-games.js';

/** The receptacles of the test kitchen: fourteen of them, three cabinets, one sink, fridge and microwave. */
export const KITCHEN: TestReceptacle[] = [
  { name: 'countertop 1', type: 'CounterTop' },
  { name: 'countertop 2', type: 'CounterTop' },
  { name: 'cabinet 1', type: 'Cabinet', openable: true },
  { name: 'cabinet 2', type: 'Cabinet', openable: true },
  { name: 'cabinet 3', type: 'Cabinet', openable: true },
  { name: 'drawer 1', type: 'Drawer', openable: true },
  { name: 'drawer 2', type: 'Drawer', openable: true },
  { name: 'sinkbasin 1', type: 'SinkBasin' },
  { name: 'fridge 1', type: 'Fridge', openable: true },
  { name: 'microwave 1', type: 'Microwave', openable: true },
  { name: 'stoveburner 1', type: 'StoveBurner' },
  { name: 'garbagecan 1', type: 'GarbageCan' },
  { name: 'shelf 1', type: 'Shelf' },
  { name: 'shelf 2', type: 'Shelf' },
];

const FOOD = ['pickupable', 'cleanable', 'heatable', 'coolable'];

function clutter(except: string): TestObject[] {
  const items: TestObject[] = [
    { name: 'bread 1', type: 'Bread', in: 'countertop 1', props: FOOD },
    { name: 'fork 1', type: 'Fork', in: 'drawer 1', props: ['pickupable', 'cleanable'] },
    { name: 'plate 1', type: 'Plate', in: 'cabinet 2', props: FOOD },
    { name: 'egg 1', type: 'Egg', in: 'fridge 1', props: FOOD },
    { name: 'potato 1', type: 'Potato', in: 'garbagecan 1', props: FOOD },
  ];
  return items.filter((o) => o.type !== except);
}

/** `put a clean apple in fridge`, with the expert walkthrough (apple on countertop 2). */
export function cleanAppleGame(): AlfworldGame {
  return buildTestGame({
    id: 'pick_clean_then_place_in_recep-Apple-None-Fridge-1/trial_1',
    task: 'put a clean apple in fridge',
    receptacles: KITCHEN,
    objects: [{ name: 'apple 1', type: 'Apple', in: 'countertop 2', props: FOOD }, ...clutter('Apple')],
    goal: { objectType: 'Apple', receptacleType: 'Fridge', state: 'isClean' },
    walkthrough: [
      'go to countertop 2',
      'take apple 1 from countertop 2',
      'go to sinkbasin 1',
      'clean apple 1 with sinkbasin 1',
      'go to fridge 1',
      'open fridge 1',
      'move apple 1 to fridge 1',
    ],
  });
}

/** `put a clean mug in cabinet` (mug on countertop 1), with the expert walkthrough. */
export function cleanMugGame(): AlfworldGame {
  return buildTestGame({
    id: 'pick_clean_then_place_in_recep-Mug-None-Cabinet-1/trial_2',
    task: 'put a clean mug in cabinet',
    receptacles: KITCHEN,
    objects: [
      { name: 'mug 1', type: 'Mug', in: 'countertop 1', props: ['pickupable', 'cleanable', 'heatable', 'coolable'] },
      ...clutter('Mug'),
    ],
    goal: { objectType: 'Mug', receptacleType: 'Cabinet', state: 'isClean' },
    walkthrough: [
      'go to countertop 1',
      'take mug 1 from countertop 1',
      'go to sinkbasin 1',
      'clean mug 1 with sinkbasin 1',
      'go to cabinet 1',
      'open cabinet 1',
      'move mug 1 to cabinet 1',
    ],
  });
}

/** `heat some egg and put it in countertop` (egg in the fridge), with the expert walkthrough. */
export function heatEggGame(): AlfworldGame {
  return buildTestGame({
    id: 'pick_heat_then_place_in_recep-Egg-None-CounterTop-1/trial_3',
    task: 'heat some egg and put it in countertop',
    receptacles: KITCHEN,
    objects: [...clutter('Apple')],
    goal: { objectType: 'Egg', receptacleType: 'CounterTop', state: 'isHot' },
    walkthrough: [
      'go to fridge 1',
      'open fridge 1',
      'take egg 1 from fridge 1',
      'go to microwave 1',
      'heat egg 1 with microwave 1',
      'go to countertop 1',
      'move egg 1 to countertop 1',
    ],
  });
}

/** `put a hot potato in shelf` (potato in the garbage can), with the expert walkthrough. */
export function hotPotatoGame(): AlfworldGame {
  return buildTestGame({
    id: 'pick_heat_then_place_in_recep-Potato-None-Shelf-1/trial_4',
    task: 'put a hot potato in shelf',
    receptacles: KITCHEN,
    objects: [...clutter('Apple')],
    goal: { objectType: 'Potato', receptacleType: 'Shelf', state: 'isHot' },
    walkthrough: [
      'go to garbagecan 1',
      'take potato 1 from garbagecan 1',
      'go to microwave 1',
      'heat potato 1 with microwave 1',
      'go to shelf 1',
      'move potato 1 to shelf 1',
    ],
  });
}

/** `put a mug in cabinet` (no state needed; mug on countertop 1), with the expert walkthrough. */
export function mugInCabinetGame(): AlfworldGame {
  return buildTestGame({
    id: 'pick_and_place_simple-Mug-None-Cabinet-1/trial_5',
    task: 'put a mug in cabinet',
    receptacles: KITCHEN,
    objects: [
      { name: 'mug 1', type: 'Mug', in: 'countertop 1', props: ['pickupable', 'cleanable', 'heatable', 'coolable'] },
      ...clutter('Mug'),
    ],
    goal: { objectType: 'Mug', receptacleType: 'Cabinet' },
    walkthrough: [
      'go to countertop 1',
      'take mug 1 from countertop 1',
      'go to cabinet 1',
      'open cabinet 1',
      'move mug 1 to cabinet 1',
    ],
  });
}
