import { MempError } from 'memp';
import type { AlfworldTaskType } from './alfworld-task-type.js';
import type { AlfworldWorld } from './alfworld-world.js';
import type { CatalogObject, CatalogReceptacle } from './generated-catalog.js';

/** A placed receptacle of a generated room. */
export interface PlannedReceptacle {
  id: string;
  kind: CatalogReceptacle;
  loc: string;
}

/** The layout of a generated room, before it is written as PDDL. */
export interface PlannedRoom {
  receptacles: PlannedReceptacle[];
  objects: { id: string; kind: CatalogObject; in: PlannedReceptacle }[];
  lamp: { id: string; in: PlannedReceptacle } | undefined;
  agentLoc: string;
}

const APPLIANCE: Partial<Record<AlfworldTaskType, { verb: string; role: CatalogReceptacle['role'] }>> = {
  pick_clean_then_place_in_recep: { verb: 'clean', role: 'sink' },
  pick_heat_then_place_in_recep: { verb: 'heat', role: 'microwave' },
  pick_cool_then_place_in_recep: { verb: 'cool', role: 'fridge' },
};

/**
 * The expert action list of a generated game, in ALFWorld display names taken from the compiled `world`:
 * fetch the target object(s), use the appliance the task needs, deliver to the destination (or use the lamp).
 */
export function planWalkthrough(options: {
  room: PlannedRoom;
  type: AlfworldTaskType;
  target: string;
  destination: CatalogReceptacle | undefined;
  world: AlfworldWorld;
}): string[] {
  const { room, type, world } = options;
  const fail = (what: string): never => {
    throw new MempError('INTERNAL', `cannot plan generated ${type} game: ${what}`);
  };
  const name = (id: string): string => {
    const e = world.byId.get(id);
    return e === undefined ? fail(`unknown id ${id}`) : (world.names[e] as string);
  };
  const steps: string[] = [];
  const opened = new Set<string>();
  let at = room.agentLoc;
  // `go to` a receptacle at the agent's own location is no action in ALFWorld (`Nothing happens.`): skip it.
  const walk = (r: PlannedReceptacle): void => {
    if (r.loc !== at) steps.push(`go to ${name(r.id)}`);
    at = r.loc;
  };
  const goTo = (r: PlannedReceptacle): void => {
    walk(r);
    if (r.kind.openable && !opened.has(r.id)) {
      steps.push(`open ${name(r.id)}`);
      opened.add(r.id);
    }
  };
  const instances = room.objects.filter((o) => o.kind.type === options.target);
  const wanted = type === 'pick_two_obj_and_place' ? 2 : 1;
  if (instances.length < wanted) fail(`only ${instances.length} ${options.target} placed`);
  const destination =
    options.destination === undefined ? undefined : room.receptacles.find((r) => r.kind === options.destination);
  const appliance = APPLIANCE[type];
  for (const o of instances.slice(0, wanted)) {
    goTo(o.in);
    steps.push(`take ${name(o.id)} from ${name(o.in.id)}`);
    if (appliance !== undefined) {
      const device = room.receptacles.find((r) => r.kind.role === appliance.role) ?? fail(`no ${appliance.role}`);
      walk(device);
      steps.push(`${appliance.verb} ${name(o.id)} with ${name(device.id)}`);
    }
    if (type === 'look_at_obj_in_light') {
      const lamp = room.lamp ?? fail('no desk lamp');
      walk(lamp.in);
      steps.push(`use ${name(lamp.id)}`);
    } else {
      goTo(destination ?? fail('no destination receptacle'));
      steps.push(`move ${name(o.id)} to ${name((destination as PlannedReceptacle).id)}`);
    }
  }
  return steps;
}
