/** Abilities of a generated object type (alfred.pddl unary predicates). */
export interface CatalogObject {
  type: string;
  /** Kinds of receptacles it may lie in (matched against {@link CatalogReceptacle.holds}). */
  group: 'food' | 'dish' | 'utensil' | 'small' | 'soft' | 'bath';
  cleanable?: boolean;
  heatable?: boolean;
  coolable?: boolean;
  sliceable?: boolean;
  receptacleObject?: boolean;
}

/** A generated receptacle type. */
export interface CatalogReceptacle {
  type: string;
  openable?: boolean;
  /** Object groups it can contain. */
  holds: CatalogObject['group'][];
  /** How many instances a scene gets: [min, max]. */
  count: [number, number];
  /** Appliance role, if any. */
  role?: 'sink' | 'microwave' | 'fridge' | 'lamp-stand';
  /** Id suffix and receptacle type override (sinks are `Sink_bar_…_bar_SinkBasin` of type SinkBasinType). */
  basin?: string;
}

/** A scene: the receptacles and objects a generated room draws from. */
export interface CatalogScene {
  name: 'kitchen' | 'bedroom' | 'bathroom';
  receptacles: CatalogReceptacle[];
  objects: CatalogObject[];
}

const food = (type: string, extra: Partial<CatalogObject> = {}): CatalogObject => ({
  type,
  group: 'food',
  cleanable: true,
  heatable: true,
  coolable: true,
  sliceable: true,
  ...extra,
});
const dish = (type: string, extra: Partial<CatalogObject> = {}): CatalogObject => ({
  type,
  group: 'dish',
  cleanable: true,
  heatable: true,
  coolable: true,
  receptacleObject: true,
  ...extra,
});
const small = (type: string, group: CatalogObject['group'] = 'small'): CatalogObject => ({ type, group });

const SURFACE: CatalogObject['group'][] = ['food', 'dish', 'utensil', 'small', 'soft', 'bath'];

/** The three scene templates of the generator. */
export const CATALOG_SCENES: CatalogScene[] = [
  {
    name: 'kitchen',
    receptacles: [
      { type: 'CounterTop', holds: SURFACE, count: [1, 3] },
      { type: 'Cabinet', openable: true, holds: ['dish', 'utensil', 'small', 'food'], count: [2, 6] },
      { type: 'Drawer', openable: true, holds: ['utensil', 'small'], count: [1, 4] },
      { type: 'Fridge', openable: true, holds: ['food', 'dish'], count: [1, 1], role: 'fridge' },
      { type: 'Microwave', openable: true, holds: ['food', 'dish'], count: [1, 1], role: 'microwave' },
      { type: 'Sink', holds: ['food', 'dish', 'utensil'], count: [1, 1], role: 'sink', basin: 'SinkBasin' },
      { type: 'StoveBurner', holds: ['dish'], count: [2, 4] },
      { type: 'DiningTable', holds: SURFACE, count: [0, 1] },
      { type: 'Shelf', holds: ['dish', 'small'], count: [0, 2] },
      { type: 'GarbageCan', holds: ['food', 'small'], count: [1, 1] },
    ],
    objects: [
      food('Apple'),
      food('Potato'),
      food('Tomato'),
      food('Egg', { sliceable: false }),
      food('Bread', { cleanable: false }),
      food('Lettuce'),
      dish('Mug'),
      dish('Cup'),
      dish('Bowl'),
      dish('Plate'),
      dish('Pan', { heatable: false }),
      { type: 'Knife', group: 'utensil', cleanable: true },
      { type: 'ButterKnife', group: 'utensil', cleanable: true },
      { type: 'Fork', group: 'utensil', cleanable: true },
      { type: 'Spoon', group: 'utensil', cleanable: true },
      { type: 'Spatula', group: 'utensil', cleanable: true },
      small('SaltShaker'),
      small('PepperShaker'),
    ],
  },
  {
    name: 'bedroom',
    receptacles: [
      { type: 'Bed', holds: ['soft', 'small'], count: [1, 1] },
      { type: 'SideTable', holds: ['small', 'soft'], count: [1, 2], role: 'lamp-stand' },
      { type: 'Desk', holds: ['small', 'soft'], count: [0, 1] },
      { type: 'Drawer', openable: true, holds: ['small'], count: [2, 6] },
      { type: 'Dresser', holds: ['small', 'soft'], count: [0, 1] },
      { type: 'Shelf', holds: ['small'], count: [0, 3] },
      { type: 'Safe', openable: true, holds: ['small'], count: [0, 1] },
      { type: 'GarbageCan', holds: ['small'], count: [1, 1] },
    ],
    objects: [
      small('Book'),
      small('CD'),
      small('Pen'),
      small('Pencil'),
      small('KeyChain'),
      small('CreditCard'),
      small('CellPhone'),
      small('AlarmClock'),
      small('Statue'),
      small('Watch'),
      small('Pillow', 'soft'),
      small('Laptop', 'soft'),
    ],
  },
  {
    name: 'bathroom',
    receptacles: [
      { type: 'Toilet', holds: ['bath'], count: [1, 1] },
      { type: 'Bathtub', holds: ['bath'], count: [1, 1], basin: 'BathtubBasin' },
      { type: 'Sink', holds: ['bath'], count: [1, 2], role: 'sink', basin: 'SinkBasin' },
      { type: 'CounterTop', holds: ['bath', 'small'], count: [1, 1] },
      { type: 'Cabinet', openable: true, holds: ['bath', 'small'], count: [2, 4] },
      { type: 'Drawer', openable: true, holds: ['bath', 'small'], count: [0, 2] },
      { type: 'Shelf', holds: ['bath', 'small'], count: [0, 2] },
      { type: 'GarbageCan', holds: ['bath', 'small'], count: [1, 1] },
    ],
    objects: [
      { type: 'SoapBar', group: 'bath', cleanable: true },
      { type: 'Cloth', group: 'bath', cleanable: true },
      small('SprayBottle', 'bath'),
      small('ToiletPaper', 'bath'),
      small('Candle', 'bath'),
      small('SoapBottle', 'bath'),
    ],
  },
];
