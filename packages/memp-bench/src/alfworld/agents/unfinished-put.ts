import { typeOfName } from './alfworld-observation.js';
import { putInto, takeFrom } from './alfworld-skills.js';
import type { EpisodeActor } from './episode-actor.js';
import { requestedCount } from './task-names.js';

/**
 * Tracks puts into a receptacle the task names that did not finish the task: once as many task objects as the
 * task asks for are in it and the task is not done, the put was not enough — the agent takes the object back
 * at once, and after the next action that changes the held object it puts it there again. Generic recovery,
 * used while following a memory and while exploring.
 */
export class UnfinishedPut {
  /** The receptacle where putting the task's objects did not finish the task. */
  private goal: string | undefined;
  /** Objects put into the goal without finishing the task, since they last changed. */
  private readonly putInVain = new Set<string>();
  private readonly wanted: number;

  private readonly objectTypes: readonly string[];
  private readonly targetTypes: readonly string[];

  /** `taskNames`: the names the task sentence mentions (receptacle types of the room are the targets). */
  constructor(
    private readonly actor: EpisodeActor,
    taskNames: readonly string[],
  ) {
    const roomTypes = new Set(actor.belief.receptacles.map(typeOfName));
    this.objectTypes = taskNames.filter((n) => !roomTypes.has(n));
    this.targetTypes = taskNames.filter((n) => roomTypes.has(n));
    this.wanted = requestedCount(actor.start.task);
  }

  /**
   * Looks at what this agent placed into receptacles the task names: where it placed as many task objects as the
   * task asks for and the task is not done, those objects count as not done any more (they may be taken again).
   * Returns the objects reconsidered.
   */
  reconsider(): string[] {
    const { belief } = this.actor;
    const out: string[] = [];
    for (const receptacle of belief.receptacles) {
      if (!this.targetTypes.includes(typeOfName(receptacle))) continue;
      const mine = (belief.contents.get(receptacle) ?? []).filter(
        (o) => belief.placed.has(o) && this.objectTypes.includes(typeOfName(o)),
      );
      if (mine.length === 0 || mine.length < this.wanted) continue;
      this.goal = receptacle;
      for (const object of mine) {
        belief.unplace(object);
        this.putInVain.add(object);
      }
      out.push(...mine);
    }
    return out;
  }

  /** True for a move of an object into the goal that was already put there in vain and has not changed since. */
  futile(action: string): boolean {
    const move = /^move (.+) to (.+)$/.exec(action);
    return move !== null && move[2] === this.goal && this.putInVain.has(move[1] as string);
  }

  /** After an accepted `action` done while holding `held`: takes back an unfinished put, or retries it after a change. */
  async after(action: string, held: string | undefined): Promise<void> {
    const { actor } = this;
    const move = /^move (.+) to (.+)$/.exec(action);
    if (move !== null) {
      const object = move[1] as string;
      if (this.reconsider().includes(object)) {
        await takeFrom(
          actor,
          object,
          move[2] as string,
          `putting the ${object} here did not finish the task; I take it back`,
        );
      }
      return;
    }
    const goal = this.goal;
    if (
      held === undefined ||
      goal === undefined ||
      actor.belief.held !== held ||
      /^(take|go to|examine|look|inventory|open|close)\b/.test(action)
    )
      return;
    this.putInVain.delete(held);
    if (!(await putInto(actor, [goal], `the ${held} changed; I put it in the ${goal} again`)) || actor.over) return;
    if (this.reconsider().includes(held)) await takeFrom(actor, held, goal, `still not done; I take the ${held} back`);
  }
}
