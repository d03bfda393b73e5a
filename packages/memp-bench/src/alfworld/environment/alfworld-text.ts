import type { AlfworldGrammar } from './alfworld-grammar.js';
import type { AlfworldState } from './alfworld-state.js';
import { FLAG, PROP, type AlfworldWorld } from './alfworld-world.js';

/** Feedback templates of the simple actions (`{o.name}`, `{r.name}`, `{co.name}`, `{ko.name}` placeholders). */
export interface FeedbackTemplates {
  goto: string;
  open: string;
  close: string;
  take: string;
  move: string;
  heat: string;
  clean: string;
  cool: string;
  slice: string;
  toggleOn: string;
  toggleOff: string;
}

/** ALFWorld's (TextWorld grammar v0.4) feedback, used when a game's grammar lacks a rule. */
export const DEFAULT_FEEDBACK: FeedbackTemplates = {
  goto: 'You arrive at {r.name}. #examineReceptacle.feedback#',
  open: 'You open the {r.name}. #examineReceptacle.feedback#',
  close: 'You close the {r.name}.',
  take: 'You pick up the {o.name} from the {r.name}.',
  move: 'You move the {o.name} to the {r.name}.',
  heat: 'You heat the {o.name} using the {r.name}.',
  clean: 'You clean the {o.name} using the {r.name}.',
  cool: 'You cool the {o.name} using the {r.name}.',
  slice: 'You sliced the {co.name} with the {ko.name}.',
  toggleOn: 'You turn on the {o.name}.',
  toggleOff: 'You turn off the {o.name}.',
};

/** The answer to any command that is not valid in the current state. */
export const NOTHING_HAPPENS = 'Nothing happens.';

/** The answer to `help`. */
export const HELP_TEXT = [
  '',
  'Available commands:',
  '  look:                             look around your current location',
  '  inventory:                        check your current inventory',
  '  go to (receptacle):               move to a receptacle',
  '  open (receptacle):                open a receptacle',
  '  close (receptacle):               close a receptacle',
  '  take (object) from (receptacle):  take an object from a receptacle',
  '  move (object) to (receptacle):    place an object in or on a receptacle',
  '  examine (something):              examine a receptacle or an object',
  '  use (object):                     use an object',
  '  heat (object) with (receptacle):  heat an object using a receptacle',
  '  clean (object) with (receptacle): clean an object using a receptacle',
  '  cool (object) with (receptacle):  cool an object using a receptacle',
  '  slice (object) with (object):     slice an object using a sharp object',
  '',
].join('\n');

const PLACEHOLDER = /\{(\w+)\.name\}|#examineReceptacle\.feedback#/g;

/** Reads the simple feedback templates from a game's grammar, keeping defaults for missing or unusual rules. */
export function feedbackTemplates(grammar: AlfworldGrammar): FeedbackTemplates {
  const pick = (rule: string, fallback: string, condition?: (c: string | undefined) => boolean): string => {
    const productions = grammar.rules[rule] ?? [];
    const p =
      condition === undefined
        ? productions.length === 1
          ? productions[0]
          : undefined
        : productions.find((x) => condition(x.condition));
    if (p === undefined) return fallback;
    const rest = p.rhs.replace(PLACEHOLDER, '');
    return /[{}#[\]]/.test(rest) ? fallback : p.rhs;
  };
  const d = DEFAULT_FEEDBACK;
  return {
    goto: pick('GotoLocation.feedback', d.goto),
    open: pick('OpenObject.feedback', d.open),
    close: pick('CloseObject.feedback', d.close),
    take: pick('PickupObject.feedback', d.take),
    move: pick('PutObject.feedback', d.move),
    heat: pick('heatObject.feedback', d.heat),
    clean: pick('cleanObject.feedback', d.clean),
    cool: pick('coolObject.feedback', d.cool),
    slice: pick('sliceObject.feedback', d.slice),
    toggleOn: pick(
      'toggleObject.feedback',
      d.toggleOn,
      (c) => (c?.includes('istoggled') ?? false) && !c?.includes('not_'),
    ),
    toggleOff: pick(
      'toggleObject.feedback',
      d.toggleOff,
      (c) => c !== undefined && !c.includes('istoggled') && c.includes('toggleable'),
    ),
  };
}

/** Fills a feedback template. `describe` renders `#examineReceptacle.feedback#` for receptacle `r`. */
export function fillTemplate(template: string, names: Record<string, string>, describe: () => string): string {
  return template.replace(PLACEHOLDER, (whole, variable: string | undefined) =>
    variable === undefined ? describe() : (names[variable] ?? whole),
  );
}

/** TextWorld list rendering: `nothing`, `x`, `x, and y`, `x, y, and z`. */
export function displayList(items: string[]): string {
  if (items.length === 0) return 'nothing';
  if (items.length === 1) return items[0] as string;
  return `${items.slice(0, -1).join(', ')}, and ${items[items.length - 1] as string}`;
}

function articled(world: AlfworldWorld, entities: number[]): string[] {
  const out: string[] = [];
  for (const e of entities) {
    const name = world.names[e] as string;
    if (name !== '') out.push(`a ${name}`);
  }
  return out;
}

/** `examineReceptacle.feedback`: open / closed / `On the r, you see …`. */
export function describeReceptacle(state: AlfworldState, r: number): string {
  const w = state.world;
  const name = w.names[r] as string;
  if (w.has(r, PROP.openable)) {
    if (!state.is(r, FLAG.opened)) return `The ${name} is closed.`;
    return `The ${name} is open. In it, you see ${displayList(articled(w, state.contents[r] ?? []))}.`;
  }
  return `On the ${name}, you see ${displayList(articled(w, state.contents[r] ?? []))}.`;
}

/** `examineObject.feedback`, in the grammar's order of conditions. */
export function describeObject(state: AlfworldState, o: number): string {
  const w = state.world;
  const name = w.names[o] as string;
  if (w.has(o, PROP.receptacleObject))
    return `This is a normal ${name}. In it, you see ${displayList(articled(w, w.innerObjects[o] ?? []))}.`;
  const clean = state.is(o, FLAG.clean);
  const hot = state.is(o, FLAG.hot);
  const cool = state.is(o, FLAG.cool);
  const sliced = state.is(o, FLAG.sliced);
  if (clean && hot && sliced) return `This is a hot and clean sliced ${name}.`;
  if (clean && cool && sliced) return `This is a cool and clean sliced ${name}.`;
  if (clean && sliced) return `This is a clean sliced ${name}.`;
  if (hot && sliced) return `This is a hot sliced ${name}.`;
  if (cool && sliced) return `This is a cool sliced ${name}.`;
  if (clean && hot) return `This is a hot and clean ${name}.`;
  if (clean && cool) return `This is a cool and clean ${name}.`;
  if (hot) return `This is a hot ${name}.`;
  if (clean) return `This is a clean ${name}.`;
  if (cool) return `This is a cold ${name}.`;
  if (w.has(o, PROP.toggleable)) return state.is(o, FLAG.toggled) ? `This ${name} is on.` : `This ${name} is off.`;
  if (w.has(o, PROP.sliceable) && sliced) return `This is a sliced ${name}.`;
  return `There's nothing special about ${name}.`;
}

/**
 * `look.feedback`. At a receptacle: `You are facing the r. Next to it, you see …` (objects at the location
 * outside some receptacle there). Elsewhere: `You are in the middle of a room. Looking quickly around you, you
 * see …` — every receptacle for the intro (`allReceptacles`), the receptacles at the location otherwise.
 */
export function describeLook(state: AlfworldState, allReceptacles: boolean): string {
  const w = state.world;
  const here = w.recsAtLoc.get(state.agentLoc) ?? [];
  if (here.length > 0) {
    const floor: number[] = [];
    state.objLocs.forEach((locs, o) => {
      if (!locs.includes(state.agentLoc)) return;
      if (here.some((r) => !(state.containers[o] ?? []).includes(r))) floor.push(o);
    });
    const facing = here.map((r) => w.names[r] as string).filter((x) => x !== '');
    return `You are facing the ${displayList(facing)}. Next to it, you see ${displayList(articled(w, floor))}.`;
  }
  const seen = allReceptacles ? w.receptacles : here;
  return `You are in the middle of a room. Looking quickly around you, you see ${displayList(articled(w, seen))}.`;
}

/** `inventory.feedback`. */
export function describeInventory(state: AlfworldState): string {
  if (state.held < 0) return 'You are not carrying anything.';
  return `You are carrying: ${displayList(articled(state.world, [state.held]))}.`;
}

/** The first observation: `-= Welcome to TextWorld, ALFRED! =-`, the room, the task. */
export function introText(state: AlfworldState, taskSentence: string): string {
  return `-= Welcome to TextWorld, ALFRED! =-\n\n${describeLook(state, true)}\n\nYour task is to: ${taskSentence}`;
}
