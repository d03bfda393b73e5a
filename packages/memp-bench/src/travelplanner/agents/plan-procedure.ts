/**
 * The TravelPlanner plan grammar of memp's memories: how a plan's structure and choice rules are written as
 * trajectory actions (and read back from a memory's steps or script). Lines, one action each:
 *
 * - `route Orlando / San Antonio / Houston / Orlando` — the stops in order (origin first and last);
 * - `travel day=1 from Orlando to San Antonio by Flight` — a leg: its day and mode;
 * - `fill day=3 breakfast@from attraction=2@to lunch@to dinner@to accommodation@to` — the slots a day fills, where
 *   (`from`/`to` = the leg's two cities on a travel day, `here` otherwise) and how many attractions;
 * - `pick day=2 lunch: Flying Mango, Rockford` — a concrete choice (a worked example; never re-used elsewhere);
 * - `rule <text>` — a choice rule the plan obeyed (see {@link RULE_LINES});
 * - `when <constraint> is "<value>" …` — how the plan answered one of the query's constraints;
 * - `Caution: …` — a failure recorded by Adjustment.
 *
 * Numbers are written `key=value` so that the offline script distiller (which abstracts `word 1` to `the word`)
 * keeps them. Cities are re-bound by position: the k-th stop of the remembered route is the k-th stop of the new one.
 */
export type Slot = 'breakfast' | 'attraction' | 'lunch' | 'dinner' | 'accommodation';
/** A transport mode as the plan format spells it. */
export type Mode = 'Flight' | 'Self-driving' | 'Taxi';
/** Where a slot of a day is: the leg's origin, its destination, or the day's only city. */
export type SlotPlace = 'from' | 'to' | 'here';

/** What a day fills. */
export interface DayFill {
  slots: Array<{ slot: Slot; place: SlotPlace }>;
  attractions: number;
}

/** The rules a plan can be remembered to obey, and their line text. */
export const RULE_LINES = {
  distinctRestaurants: 'rule every meal at a different restaurant',
  distinctAttractions: 'rule every attraction visited once',
  minimumNights: "rule each stay lasts at least the accommodation's minimum nights",
  budget: 'rule total cost within the budget',
} as const;
/** A rule name. */
export type RuleName = keyof typeof RULE_LINES;

/** A plan procedure in role terms (stop k = the k-th stop of the route), read from memory or the naive default. */
export interface PlanProcedure {
  /** Trip length and number of visited cities of the remembered plan (undefined when unknown). */
  days?: number;
  cities?: number;
  /** Legs in order: leg i goes from stop i to stop i+1. */
  legs: Array<{ day: number; mode: Mode }>;
  /** Fill of each remembered day, by day number. */
  fills: Map<number, DayFill>;
  rules: Set<RuleName>;
  /** Room-type constraint value → the room types that answered it. */
  roomTypes: Map<string, string[]>;
  /** House-rule constraint values whose text the chosen stays' house rules never mentioned. */
  houseRules: Set<string>;
  /** Cuisines a remembered plan covered when asked for them. */
  cuisines: Set<string>;
  /** Transportation constraint value → the modes that answered it. */
  transport: Map<string, Mode[]>;
  /** Adjustment's recorded failures on this procedure. */
  cautions: string[];
}

/** An empty procedure (nothing remembered). */
export function emptyProcedure(): PlanProcedure {
  return {
    legs: [],
    fills: new Map(),
    rules: new Set(),
    roomTypes: new Map(),
    houseRules: new Set(),
    cuisines: new Set(),
    transport: new Map(),
    cautions: [],
  };
}

const ROUTE = /^route (.+)$/;
const TRAVEL = /^travel day=(\d+) from (.+) to (.+) by (Flight|Self-driving|Taxi)$/;
const FILL = /^fill day=(\d+)((?: [a-z]+(?:=\d+)?@(?:from|to|here))*)\s*$/;
const ROOM = /^when room type is "([^"]+)" choose room type ((?:"[^"]+"(?: or )?)+)$/;
const HOUSE = /^when house rule is "([^"]+)" avoid house rules mentioning it$/;
const CUISINE = /^when cuisine is "([^"]+)" include a restaurant serving it$/;
const TRANSPORT = /^when transportation is "([^"]+)" travel by ((?:"[^"]+"(?: or )?)+)$/;
const SLOTS: readonly string[] = ['breakfast', 'attraction', 'lunch', 'dinner', 'accommodation'];

function quoted(text: string): string[] {
  return [...text.matchAll(/"([^"]+)"/g)].map((m) => m[1] as string);
}

/**
 * Reads a procedure from memory lines (a memory's step actions, or its script's lines: `3. ` numbering is
 * ignored). Unknown lines are skipped — memory is data, and a line the planner cannot execute changes nothing.
 */
export function readProcedure(lines: readonly string[]): PlanProcedure {
  const p = emptyProcedure();
  let stops: string[] = [];
  for (const raw of lines) {
    const line = raw.trim().replace(/^\d+\.\s+/, '');
    const route = ROUTE.exec(line);
    if (route) {
      stops = (route[1] as string).split(' / ').map((s) => s.trim());
      p.cities = Math.max(0, new Set(stops).size - 1);
      continue;
    }
    const travel = TRAVEL.exec(line);
    if (travel) {
      p.legs.push({ day: Number(travel[1]), mode: travel[4] as Mode });
      continue;
    }
    const fill = FILL.exec(line);
    if (fill) {
      const day: DayFill = { slots: [], attractions: 0 };
      for (const token of (fill[2] as string).trim().split(' ').filter(Boolean)) {
        const m = /^([a-z]+)(?:=(\d+))?@(from|to|here)$/.exec(token);
        if (!m || !SLOTS.includes(m[1] as string)) continue;
        day.slots.push({ slot: m[1] as Slot, place: m[3] as SlotPlace });
        if (m[1] === 'attraction') day.attractions = Number(m[2] ?? 1);
      }
      p.fills.set(Number(fill[1]), day);
      p.days = Math.max(p.days ?? 0, Number(fill[1]));
      continue;
    }
    const rule = (Object.keys(RULE_LINES) as RuleName[]).find((r) => RULE_LINES[r] === line);
    if (rule) {
      p.rules.add(rule);
      continue;
    }
    const room = ROOM.exec(line);
    if (room) {
      p.roomTypes.set((room[1] as string).toLowerCase(), quoted(room[2] as string));
      continue;
    }
    const house = HOUSE.exec(line);
    if (house) {
      p.houseRules.add((house[1] as string).toLowerCase());
      continue;
    }
    const cuisine = CUISINE.exec(line);
    if (cuisine) {
      p.cuisines.add((cuisine[1] as string).toLowerCase());
      continue;
    }
    const transport = TRANSPORT.exec(line);
    if (transport) {
      p.transport.set(
        (transport[1] as string).toLowerCase(),
        quoted(transport[2] as string).filter((m): m is Mode => m === 'Flight' || m === 'Self-driving' || m === 'Taxi'),
      );
      continue;
    }
    if (/^caution\b/i.test(line)) p.cautions.push(line);
  }
  p.legs.sort((a, b) => a.day - b.day);
  return p;
}

/** The line of a route (stops in order). */
export const routeLine = (stops: readonly string[]) => `route ${stops.join(' / ')}`;
/** The line of a leg. */
export const travelLine = (day: number, from: string, to: string, mode: Mode) =>
  `travel day=${day} from ${from} to ${to} by ${mode}`;
/** The line of a day's fill. */
export const fillLine = (day: number, fill: DayFill) =>
  `fill day=${day}${fill.slots.map((s) => ` ${s.slot}${s.slot === 'attraction' ? `=${fill.attractions}` : ''}@${s.place}`).join('')}`;
/** The lines of the constraint answers. */
export const constraintLines = {
  room: (value: string, types: readonly string[]) =>
    `when room type is "${value}" choose room type ${types.map((t) => `"${t}"`).join(' or ')}`,
  house: (value: string) => `when house rule is "${value}" avoid house rules mentioning it`,
  cuisine: (value: string) => `when cuisine is "${value}" include a restaurant serving it`,
  transport: (value: string, modes: readonly Mode[]) =>
    `when transportation is "${value}" travel by ${modes.map((m) => `"${m}"`).join(' or ')}`,
};
