import type { AlfworldGame } from './alfworld-game.js';
import type { AlfworldCommand } from './alfworld-command.js';
import { AlfworldCommandSet, LEGACY_PUT_FEEDBACK } from './alfworld-command-set.js';
import { AlfworldState } from './alfworld-state.js';
import {
  HELP_TEXT,
  NOTHING_HAPPENS,
  describeInventory,
  describeLook,
  describeObject,
  describeReceptacle,
  feedbackTemplates,
  fillTemplate,
  introText,
  type FeedbackTemplates,
} from './alfworld-text.js';
import { FLAG, KIND, PROP, pushSorted, removeValue, worldOf, type AlfworldWorld } from './alfworld-world.js';

/** ALFWorld's default episode cap. */
export const ALFWORLD_MAX_STEPS = 50;

/** The answer to one command. */
export interface AlfworldStepResult {
  observation: string;
  /** Goal reached or step cap hit. */
  done: boolean;
  /** Goal reached. */
  success: boolean;
  /** 1 on the step that reaches the goal, else 0. */
  reward: number;
  /** The command was valid in the state it was issued in (false: `Nothing happens.`). */
  valid: boolean;
}

/** Options for {@link AlfworldSimulator}. */
export interface AlfworldSimulatorOptions {
  game: AlfworldGame;
  /** Episode cap in steps (every command counts, valid or not). Default 50. */
  maxSteps?: number;
  /**
   * Compatibility with agents written for ALFWorld's older grammar: also accept `put {o} in/on {r}` as PutObject
   * (answering `You put the {o} in/on the {r}.`) and list that form among the admissible actions beside the game's
   * `move {o} to {r}`. Default false: only the game's own templates are accepted, as by ALFWorld's engine.
   */
  legacyPut?: boolean;
}

/**
 * Synchronous simulator of one ALFWorld game with alfred.pddl semantics and ALFWorld's observation text.
 * `reset()` starts an episode; `step(command)` applies a command; `admissibleActions()` lists valid commands.
 *
 * As in ALFWorld's engine, a command is valid only when it is exactly the text of an applicable action rendered by
 * the game grammar's command templates, and the admissible list is exactly the set of valid commands. An applicable
 * ground action whose effects are all implied by its precondition changes nothing and is dropped by the planner's
 * grounding (Fast Downward), so the engine never offers or accepts it: for GotoLocation — effect
 * `(not (atLocation ?a ?lStart)) (atLocation ?a ?lEnd)` — that is `go to` any receptacle whose location (its
 * `receptacleAtLocation` fact) is the agent's own, which answers `Nothing happens.`
 */
export class AlfworldSimulator {
  readonly game: AlfworldGame;
  readonly world: AlfworldWorld;
  readonly maxSteps: number;
  readonly state: AlfworldState;
  /** Steps taken in the current episode. */
  steps = 0;
  /** The goal has been reached in the current episode. */
  won = false;
  /** The commands this game accepts (its grammar's templates, plus the older put template with `legacyPut`). */
  readonly commands: AlfworldCommandSet;
  private readonly feedback: FeedbackTemplates;
  /** `help`, `inventory`, `look` and every `go to`, sorted, each with the location it leads to (-1: none). */
  private readonly fixedActions: { text: string; loc: number }[];
  private cachedActions: string[] | undefined;

  constructor(options: AlfworldSimulatorOptions) {
    this.game = options.game;
    this.world = worldOf(options.game);
    this.maxSteps = options.maxSteps ?? ALFWORLD_MAX_STEPS;
    this.state = new AlfworldState(this.world);
    this.feedback = feedbackTemplates(options.game.grammar);
    this.commands = AlfworldCommandSet.of({
      grammar: options.game.grammar,
      source: options.game.path ?? options.game.id,
      legacyPut: options.legacyPut ?? false,
    });
    this.fixedActions = fixedActions(this.world, this.commands);
  }

  /** The task sentence without its final period. */
  get task(): string {
    return this.game.task;
  }

  /** True when the episode is over (goal reached or step cap hit). */
  get done(): boolean {
    return this.won || this.steps >= this.maxSteps;
  }

  /** Starts a new episode; returns the intro observation. */
  reset(): { task: string; observation: string } {
    this.state.reset();
    this.cachedActions = undefined;
    this.steps = 0;
    this.won = false;
    return { task: this.game.task, observation: introText(this.state, this.game.grammar.taskSentence) };
  }

  /** Applies one command. After the episode is over, answers `done` without changing anything. */
  step(command: string): AlfworldStepResult {
    if (this.done) return { observation: NOTHING_HAPPENS, done: true, success: this.won, reward: 0, valid: false };
    this.steps++;
    const observation = this.apply(command);
    const valid = observation !== undefined;
    if (valid) this.cachedActions = undefined;
    let reward = 0;
    if (valid && this.world.goal.holds(this.state)) {
      this.won = true;
      reward = 1;
    }
    return { observation: observation ?? NOTHING_HAPPENS, done: this.done, success: this.won, reward, valid };
  }

  /** Every valid command in the current state, sorted and de-duplicated (as ALFWorld lists them). */
  admissibleActions(): string[] {
    if (this.cachedActions !== undefined) return this.cachedActions.slice();
    const { world: w, state: s, commands: c } = this;
    const names = w.names;
    const local: string[] = [];
    const add = (action: string, args: Record<string, string>): void => {
      for (const text of c.format(action, args)) local.push(text);
    };
    const held = s.held;
    const hn = held >= 0 ? (names[held] as string) : '';
    for (const r of w.recsAtLoc.get(s.agentLoc) ?? []) {
      const rn = names[r] as string;
      if (rn === '') continue;
      add('examinereceptacle', { r: rn });
      const openable = w.has(r, PROP.openable);
      const open = !openable || s.is(r, FLAG.opened);
      if (openable) add(s.is(r, FLAG.opened) ? 'closeobject' : 'openobject', { r: rn });
      for (const o of s.contents[r] ?? []) {
        const on = names[o] as string;
        if (on === '') continue;
        if (open) add('examineobject', { o: on });
        if (open && held < 0 && w.has(o, PROP.pickupable)) add('pickupobject', { o: on, r: rn });
        if (w.has(o, PROP.toggleable)) add('toggleobject', { o: on });
      }
      if (held >= 0) {
        if (open && w.canPut(held, r)) add('putobject', { o: hn, r: rn });
        if (w.has(r, PROP.sink) && w.has(held, PROP.cleanable)) add('cleanobject', { o: hn, r: rn });
        if (w.has(r, PROP.microwave) && w.has(held, PROP.heatable)) add('heatobject', { o: hn, r: rn });
        if (w.has(r, PROP.fridge) && w.has(held, PROP.coolable)) add('coolobject', { o: hn, r: rn });
      }
    }
    if (held >= 0) {
      add('examineobject', { o: hn });
      if (w.has(held, PROP.knife)) {
        s.objLocs.forEach((locs, co) => {
          if (locs.includes(s.agentLoc) && w.has(co, PROP.sliceable) && names[co] !== '')
            add('sliceobject', { co: names[co] as string, ko: hn });
        });
      }
    }
    const fixed: string[] = [];
    for (const a of this.fixedActions) if (a.loc !== s.agentLoc) fixed.push(a.text);
    this.cachedActions = mergeSorted(fixed, local.sort());
    return this.cachedActions.slice();
  }

  /** Applies `command`; returns its feedback, or undefined when it is not valid in the current state. */
  private apply(command: string): string | undefined {
    for (const cmd of this.commands.parse(command)) {
      const observation = this.applyOne(cmd);
      if (observation !== undefined) return observation;
    }
    return undefined;
  }

  /** Applies one reading of a command; undefined (and no change) when its action is not applicable. */
  private applyOne(cmd: AlfworldCommand): string | undefined {
    const { world: w, state: s, feedback: f } = this;
    if (cmd.target === undefined) {
      if (cmd.verb === 'look') return describeLook(s, false);
      return cmd.verb === 'inventory' ? describeInventory(s) : HELP_TEXT;
    }
    const target = w.byName.get(cmd.target);
    if (target === undefined) return undefined;
    const kind = w.kinds[target];
    const here = (r: number): boolean => w.recLoc[r] === s.agentLoc;
    const accessible = (r: number): boolean => !w.has(r, PROP.openable) || s.is(r, FLAG.opened);
    const names = { r: w.names[target] as string, o: w.names[target] as string };
    switch (cmd.verb) {
      case 'goto': {
        if (kind !== KIND.receptacle || w.recLoc[target] === -1) return undefined;
        // No effect when the receptacle is where the agent already is: the engine has no such action (see class doc).
        if (here(target)) return undefined;
        s.agentLoc = w.recLoc[target] as number;
        return fillTemplate(f.goto, names, () => describeReceptacle(s, target));
      }
      case 'open':
      case 'close': {
        if (kind !== KIND.receptacle || !here(target) || !w.has(target, PROP.openable)) return undefined;
        const opened = s.is(target, FLAG.opened);
        if (opened === (cmd.verb === 'open')) return undefined;
        s.flags[target] = (s.flags[target] as number) ^ FLAG.opened;
        return fillTemplate(cmd.verb === 'open' ? f.open : f.close, names, () => describeReceptacle(s, target));
      }
      case 'examine': {
        if (cmd.action === 'examinereceptacle')
          return kind === KIND.receptacle && here(target) ? describeReceptacle(s, target) : undefined;
        if (kind !== KIND.object) return undefined;
        const visible = s.held === target || (s.containers[target] ?? []).some((r) => here(r) && accessible(r));
        return visible ? describeObject(s, target) : undefined;
      }
      case 'use': {
        if (kind !== KIND.object || !w.has(target, PROP.toggleable)) return undefined;
        if (!(s.containers[target] ?? []).some(here)) return undefined;
        s.flags[target] = ((s.flags[target] as number) ^ FLAG.on) | FLAG.toggled;
        return fillTemplate(s.is(target, FLAG.toggled) ? f.toggleOn : f.toggleOff, names, () => '');
      }
      default:
        break;
    }
    if (cmd.tool === undefined) return undefined;
    const tool = w.byName.get(cmd.tool);
    if (tool === undefined || kind !== KIND.object) return undefined;
    const pair = {
      o: w.names[target] as string,
      r: w.names[tool] as string,
      co: w.names[target] as string,
      ko: w.names[tool] as string,
    };
    switch (cmd.verb) {
      case 'take': {
        if (!w.has(target, PROP.pickupable) || w.kinds[tool] !== KIND.receptacle || !here(tool) || s.held >= 0)
          return undefined;
        if (!(s.containers[target] ?? []).includes(tool) || !accessible(tool)) return undefined;
        removeValue(s.containers[target] as number[], tool);
        removeValue(s.contents[tool] as number[], target);
        removeValue(s.objLocs[target] as number[], s.agentLoc);
        s.held = target;
        return fillTemplate(f.take, pair, () => '');
      }
      case 'move': {
        if (s.held !== target || w.kinds[tool] !== KIND.receptacle || !here(tool) || !accessible(tool))
          return undefined;
        if (!w.canPut(target, tool)) return undefined;
        pushSorted(s.containers[target] as number[], tool);
        pushSorted(s.contents[tool] as number[], target);
        pushSorted(s.objLocs[target] as number[], s.agentLoc);
        s.held = -1;
        return fillTemplate(cmd.legacyPut === true ? LEGACY_PUT_FEEDBACK : f.move, pair, () => '');
      }
      case 'clean':
      case 'heat':
      case 'cool': {
        const rule = APPLIANCE[cmd.verb];
        if (s.held !== target || !w.has(target, rule.ability) || !w.has(tool, rule.appliance) || !here(tool))
          return undefined;
        s.flags[target] = ((s.flags[target] as number) | rule.set) & ~rule.clear;
        return fillTemplate(f[cmd.verb], pair, () => '');
      }
      case 'slice': {
        if (!w.has(target, PROP.sliceable) || s.held !== tool || !w.has(tool, PROP.knife)) return undefined;
        if (!(s.objLocs[target] ?? []).includes(s.agentLoc)) return undefined;
        s.flags[target] = (s.flags[target] as number) | FLAG.sliced;
        return fillTemplate(f.slice, pair, () => '');
      }
      default:
        return undefined;
    }
  }
}

/** `help`, `inventory`, `look` and `go to` every named receptacle, by the grammar's templates, sorted. */
function fixedActions(w: AlfworldWorld, c: AlfworldCommandSet): { text: string; loc: number }[] {
  const out: { text: string; loc: number }[] = [];
  for (const action of ['help', 'inventory', 'look']) {
    for (const text of c.format(action, {})) out.push({ text, loc: -1 });
  }
  for (const r of w.receptacles) {
    for (const text of c.format('gotolocation', { r: w.names[r] as string }))
      out.push({ text, loc: w.recLoc[r] as number });
  }
  out.sort((a, b) => (a.text < b.text ? -1 : a.text > b.text ? 1 : 0));
  return out;
}

const APPLIANCE = {
  clean: { ability: PROP.cleanable, appliance: PROP.sink, set: FLAG.clean, clear: 0 },
  heat: { ability: PROP.heatable, appliance: PROP.microwave, set: FLAG.hot, clear: FLAG.cool },
  cool: { ability: PROP.coolable, appliance: PROP.fridge, set: FLAG.cool, clear: FLAG.hot },
} as const;

/** Merges two ascending string lists, dropping duplicates. */
function mergeSorted(a: readonly string[], b: readonly string[]): string[] {
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const x = a[i];
    const y = b[j];
    const takeX = y === undefined || (x !== undefined && x <= y);
    const next = takeX ? x : y;
    if (takeX) i++;
    else j++;
    if (next !== undefined && out[out.length - 1] !== next) out.push(next);
  }
  return out;
}
