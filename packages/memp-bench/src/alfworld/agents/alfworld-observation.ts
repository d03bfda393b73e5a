/**
 * Reading ALFWorld observations: the generic text patterns of the game's feedback (which receptacles the room
 * has, what a receptacle holds, whether it is closed, what was picked up or put down). Nothing here knows any
 * task type's procedure.
 */

/** What one observation says about the world. */
export interface ObservationFacts {
  /** Receptacles listed by the intro or a `look` in the middle of the room (`you see a cabinet 1, …`). */
  roomReceptacles: string[];
  /** Receptacles whose visible content the observation lists (an empty list means `nothing`). */
  contents: Map<string, string[]>;
  /** Receptacles the observation reports closed. */
  closed: string[];
  /** Receptacles the observation reports open. */
  open: string[];
  /** `You pick up the O from the R.` */
  pickedUp?: { object: string; from: string };
  /** `You move the O to the R.` */
  put?: { object: string; to: string };
  /** `You arrive at R.` */
  arrivedAt?: string;
}

const ENTITY = /\b([a-z][a-z-]*) (\d+)\b/g;

/** The instance names (`apple 1`, `cabinet 12`) of a TextWorld list such as `a apple 1, and a bread 2`. */
export function parseEntityList(text: string): string[] {
  const out: string[] = [];
  for (const match of text.toLowerCase().matchAll(ENTITY)) out.push(`${match[1] as string} ${match[2] as string}`);
  return out;
}

/** The type of an instance name: `apple 1` → `apple`; a name without a number is its own type. */
export function typeOfName(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/\s+\d+$/, '');
}

/** True when the observation is ALFWorld's answer to an invalid command. */
export function isNothingHappens(observation: string): boolean {
  return /^\s*nothing happens\.?\s*$/i.test(observation);
}

/** Reads the facts an ALFWorld observation states. */
export function readObservation(observation: string): ObservationFacts {
  const text = observation.toLowerCase().replace(/\s+/g, ' ');
  const facts: ObservationFacts = { roomReceptacles: [], contents: new Map(), closed: [], open: [] };
  const room = /looking quickly around you, you see ([^.]*)\./.exec(text);
  if (room) facts.roomReceptacles = parseEntityList(room[1] as string);
  const arrive = /you arrive at ([a-z][a-z-]* \d+)/.exec(text);
  if (arrive) facts.arrivedAt = arrive[1] as string;
  for (const m of text.matchAll(/\bon the ([a-z][a-z-]* \d+), you see ([^.]*)\./g)) {
    facts.contents.set(m[1] as string, parseEntityList(m[2] as string));
  }
  for (const m of text.matchAll(/\bthe ([a-z][a-z-]* \d+) is open\.(?: in it, you see ([^.]*)\.)?/g)) {
    facts.open.push(m[1] as string);
    if (m[2] !== undefined) facts.contents.set(m[1] as string, parseEntityList(m[2]));
  }
  for (const m of text.matchAll(/\bthe ([a-z][a-z-]* \d+) is closed\./g)) facts.closed.push(m[1] as string);
  const picked = /you pick up the ([a-z][a-z-]* \d+) from the ([a-z][a-z-]* \d+)/.exec(text);
  if (picked) facts.pickedUp = { object: picked[1] as string, from: picked[2] as string };
  const put = /you (?:move|put) the ([a-z][a-z-]* \d+) (?:to|in|on|into) the ([a-z][a-z-]* \d+)/.exec(text);
  if (put) facts.put = { object: put[1] as string, to: put[2] as string };
  return facts;
}
