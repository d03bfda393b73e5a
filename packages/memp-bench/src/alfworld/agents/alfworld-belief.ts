import { isNothingHappens, readObservation, typeOfName } from './alfworld-observation.js';

/**
 * What the offline agent believes about the room, built only from what it has read: the receptacles of the
 * intro, what it saw in each, which are closed, where it stands, what it holds, and what it put down itself.
 */
export class AlfworldBelief {
  /** Every receptacle of the room, in the intro's order. */
  readonly receptacles: string[];
  /** Last seen content per receptacle. */
  readonly contents = new Map<string, string[]>();
  readonly closed = new Set<string>();
  readonly visited = new Set<string>();
  /** Objects this agent moved into a receptacle (it does not undo its own work). */
  readonly placed = new Set<string>();
  /** Where each type was put by this agent, latest last (for returning to the same receptacle). */
  readonly putInto: string[] = [];
  /** Objects that could not be picked up. */
  readonly untakeable = new Set<string>();
  /** Actions answered `Nothing happens.` since the last change of state. */
  readonly failed = new Set<string>();
  location: string | undefined;
  held: string | undefined;
  /** Receptacles found to stand at one spot (a `go to` one of them was refused from another), per receptacle. */
  private readonly spots = new Map<string, Set<string>>();

  constructor(intro: string) {
    this.receptacles = readObservation(intro).roomReceptacles;
  }

  /** Instances of receptacle type `type` in the room, in number order. */
  instancesOf(type: string): string[] {
    return this.receptacles.filter((r) => typeOfName(r) === type).sort((a, b) => instanceNumber(a) - instanceNumber(b));
  }

  /** True when the room has a receptacle of type `type`. */
  hasReceptacleType(type: string): boolean {
    return this.receptacles.some((r) => typeOfName(r) === type);
  }

  /** Where an object of type `type` was last seen, as `{ object, receptacle }` pairs (skipping what it placed or cannot take). */
  sightings(type: string, options: { takeable?: boolean } = {}): Array<{ object: string; receptacle: string }> {
    const out: Array<{ object: string; receptacle: string }> = [];
    for (const [receptacle, objects] of this.contents) {
      for (const object of objects) {
        if (typeOfName(object) !== type || this.placed.has(object) || object === this.held) continue;
        if (options.takeable === true && this.untakeable.has(object)) continue;
        out.push({ object, receptacle });
      }
    }
    return out;
  }

  /**
   * Forgets that this agent placed `object` itself, so it may take it again (a put that did not finish the
   * task is reconsidered, not kept as done work).
   */
  unplace(object: string): void {
    this.placed.delete(object);
  }

  /**
   * The agent stands where `receptacle` is without having walked there: ALFWorld refuses (`Nothing happens.`) and
   * does not list `go to` a receptacle at the agent's own location, so such a refusal means the agent is already
   * there. Its content is not read by this (see `goTo`).
   */
  standAt(receptacle: string): void {
    this.location = receptacle;
    this.visited.add(receptacle);
  }

  /** True when `a` and `b` are known to stand at one spot (a `go to` between them was refused). */
  sameSpot(a: string, b: string): boolean {
    return this.spots.get(a)?.has(b) ?? false;
  }

  private shareSpot(a: string, b: string): void {
    const group = new Set([a, b, ...(this.spots.get(a) ?? []), ...(this.spots.get(b) ?? [])]);
    for (const r of group) this.spots.set(r, group);
  }

  /**
   * Updates the belief with an action and the observation it got. A refused `go to R` for a receptacle R of the
   * room means the agent already stands where R is: the location becomes R.
   */
  observe(action: string, observation: string): void {
    const act = action.trim().toLowerCase();
    if (isNothingHappens(observation)) {
      this.failed.add(act);
      const take = /^take (.+) from (.+)$/.exec(act);
      if (take) this.untakeable.add(take[1] as string);
      const refusedGoTo = /^go to (.+)$/.exec(act);
      const target = refusedGoTo?.[1];
      if (target !== undefined && this.receptacles.includes(target)) {
        if (this.location !== undefined) this.shareSpot(this.location, target);
        this.standAt(target);
      }
      return;
    }
    if (!/^(look|inventory|examine\b.*|help)$/.test(act)) this.failed.clear();
    const facts = readObservation(observation);
    const goTo = /^go to (.+)$/.exec(act);
    if (goTo) {
      this.location = facts.arrivedAt ?? (goTo[1] as string);
      this.visited.add(this.location);
    }
    for (const [receptacle, objects] of facts.contents) {
      this.contents.set(receptacle, objects);
      this.closed.delete(receptacle);
    }
    for (const r of facts.closed) this.closed.add(r);
    for (const r of facts.open) this.closed.delete(r);
    const open = /^open (.+)$/.exec(act);
    if (open) this.closed.delete(open[1] as string);
    const close = /^close (.+)$/.exec(act);
    if (close) this.closed.add(close[1] as string);
    const takeMatch = /^take (.+) from (.+)$/.exec(act);
    const picked =
      facts.pickedUp ?? (takeMatch ? { object: takeMatch[1] as string, from: takeMatch[2] as string } : undefined);
    if (picked && takeMatch) {
      this.held = picked.object;
      const list = this.contents.get(picked.from);
      if (list)
        this.contents.set(
          picked.from,
          list.filter((o) => o !== picked.object),
        );
    }
    const putMatch = /^(?:move|put) (.+) (?:to|in|on|into) (.+)$/.exec(act);
    const put = facts.put ?? (putMatch ? { object: putMatch[1] as string, to: putMatch[2] as string } : undefined);
    if (put && putMatch) {
      this.held = undefined;
      this.placed.add(put.object);
      this.putInto.push(put.to);
      this.contents.set(put.to, [...(this.contents.get(put.to) ?? []), put.object]);
    }
  }
}

/** The instance number of a name (`cabinet 12` → 12), 0 when it has none. */
export function instanceNumber(name: string): number {
  const m = /(\d+)\s*$/.exec(name);
  return m ? Number(m[1]) : 0;
}
