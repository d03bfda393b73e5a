import { createSeededRandom, type RandomSource } from '../core/random.js';

const OBJECTS = [
  'apple',
  'mug',
  'egg',
  'plate',
  'book',
  'cd',
  'pencil',
  'knife',
  'potato',
  'lettuce',
  'bowl',
  'cup',
  'spoon',
  'tomato',
  'bread',
  'pan',
  'kettle',
  'vase',
  'watch',
  'keychain',
  'pillow',
  'laptop',
  'remotecontrol',
  'box',
  'fork',
  'ladle',
  'spatula',
  'pot',
  'bottle',
  'glass',
  'towel',
  'soapbar',
  'candle',
  'statue',
  'newspaper',
  'creditcard',
  'cellphone',
  'alarmclock',
  'basketball',
  'tennisracket',
  'teddybear',
  'spraybottle',
  'toiletpaper',
  'dishsponge',
  'saltshaker',
  'peppershaker',
  'butterknife',
  'winebottle',
  'houseplant',
  'tissuebox',
  'cloth',
  'handtowel',
  'pen',
  'baseballbat',
  'desklamp',
  'plunger',
  'scrubbrush',
  'soapbottle',
  'papertowelroll',
  'wallet',
];
const ADJECTIVES = [
  'red',
  'small',
  'large',
  'old',
  'new',
  'dirty',
  'wet',
  'blue',
  'green',
  'white',
  'black',
  'wooden',
  'metal',
  'ceramic',
  'plastic',
  'yellow',
];
const PLACES = [
  'fridge',
  'cabinet',
  'drawer',
  'countertop',
  'shelf',
  'desk',
  'sidetable',
  'diningtable',
  'safe',
  'bed',
  'sofa',
  'garbagecan',
  'microwave',
  'sinkbasin',
  'stoveburner',
  'dresser',
  'armchair',
  'coffeetable',
  'toilet',
  'bathtub',
  'cart',
  'ottoman',
  'laundryhamper',
  'tvstand',
  'bookshelf',
  'nightstand',
  'counter',
  'pantry',
  'closet',
  'bench',
  'windowsill',
  'footstool',
  'toolbox',
  'basket',
  'crate',
  'locker',
  'trunk',
  'rack',
  'stand',
  'workbench',
];
const ROOMS = ['kitchen', 'bathroom', 'bedroom', 'living room', 'garage', 'office', 'hallway', 'laundry room'];
const PATTERNS = [
  'put a {a}{o} in {p}',
  'put a clean {a}{o} in {p}',
  'heat some {a}{o} and put it in {p}',
  'cool some {a}{o} and put it in {p}',
  'put two {a}{o} in {p}',
  'look at {a}{o} under the desklamp',
  'find a {a}{o} near the {p}',
  'move the {a}{o} from the {q} to the {p}',
  'take the {a}{o} out of the {q}',
  'slice the {a}{o} and put it on the {p}',
  'examine the {a}{o} on the {p}',
  'bring the {a}{o} to the {p} in the {r}',
];

function pick<T>(items: readonly T[], random: RandomSource): T {
  return items[Math.floor(random() * items.length)] as T;
}

/**
 * `count` ALFWorld-style task sentences (seeded), fast enough for a million: the patterns of
 * `generateSyntheticTrajectories` plus five more, 60 objects, 16 adjectives (on half the tasks), 40 places,
 * 8 rooms, place numbers and optional trailing numbers up to 997 — so that a million tasks are mostly distinct
 * (the trajectory generator repeats its ~300k possible sentences). No trajectories are built.
 */
export function generateVariedTaskSentences(options: { count: number; seed: number }): string[] {
  const random = createSeededRandom(options.seed);
  const out = new Array<string>(options.count);
  for (let i = 0; i < options.count; i++) {
    const adjective = random() < 0.5 ? `${pick(ADJECTIVES, random)} ` : '';
    const place = random() < 0.5 ? `${pick(PLACES, random)} ${1 + Math.floor(random() * 9)}` : pick(PLACES, random);
    let task = pick(PATTERNS, random)
      .replace('{a}', adjective)
      .replace('{o}', pick(OBJECTS, random))
      .replace('{p}', place)
      .replace('{q}', pick(PLACES, random))
      .replace('{r}', pick(ROOMS, random));
    if (random() < 0.4) task += ` ${Math.floor(random() * 997)}`;
    out[i] = task;
  }
  return out;
}
