import { type Lesson, MAX_LESSON_ENTRIES, MAX_LESSON_ENTRY_CHARS } from '../../core/lesson.js';
import type { Step } from '../../core/step.js';
import type { Trajectory } from '../../core/trajectory.js';
import type { ActionGrammar } from '../../ports/action-grammar.js';
import type { LessonWriter } from '../../ports/lesson-writer.js';
import { abstractAction } from '../build/abstract-action.js';
import { GENERIC_ACTION_GRAMMAR, isFailedObservation } from '../build/action-grammar.js';
import { cancelUndoneSteps, directObject } from '../build/relevant-steps.js';

/**
 * The offline lesson writer: reads a trajectory with the environment's grammar and keeps only what the environment
 * itself confirmed ({@link Lesson}):
 * - `reached`: accepted actions that act on a thing (the grammar's take, put or direct object; under a grammar
 *   without them, any accepted action that is not navigation, inspection, opening or closing), with pairs that undo
 *   each other cancelled;
 * - `refused`: refused actions on a thing that was in hand at the time (or that take no object); refusals of
 *   navigation and of takes and puts are left out (they only say a name was wrong in that room);
 * - `tried`: other refused actions on a thing not in hand — attempted, neither confirmed nor disproved;
 * - `found`: `thing @ place` for every accepted take, and for every thing the grammar's `sighting` pattern reports
 *   whose name the task mentions;
 * - `contrast` (with a `success` of the same family): the success's reached actions the trajectory never reached.
 * Names are abstracted as the grammar says (`apple 1` → `the apple`). Each list is capped and deduplicated.
 */
export function createOfflineLessonWriter(options: { grammar?: ActionGrammar } = {}): LessonWriter {
  const grammar = options.grammar ?? GENERIC_ACTION_GRAMMAR;
  return {
    specificationVersion: 'v1',
    id: 'offline',
    async write({ trajectory, success }) {
      const lesson = offlineLesson(trajectory, grammar);
      if (success === undefined) return lesson;
      const reached = new Set(lesson.reached);
      const contrast = cap(offlineLesson(success, grammar).reached.filter((a) => !reached.has(a)));
      return contrast.length > 0 ? { ...lesson, contrast } : lesson;
    },
  };
}

/** The lesson of one trajectory under `grammar` (no contrast). */
export function offlineLesson(trajectory: Trajectory, grammar: ActionGrammar): Lesson {
  const accepted: Step[] = [];
  const refused: string[] = [];
  const tried: string[] = [];
  const found: string[] = [];
  const held = new Set<string>();
  const taskWords = new Set(trajectory.task.toLowerCase().match(/[a-z][a-z-]*/g) ?? []);
  const form = (action: string) => clip(abstractAction(action, grammar));
  for (const step of trajectory.steps) {
    const action = step.action.trim();
    if (action === '') continue;
    const object = directObject(action, grammar)?.trim().toLowerCase();
    const take = grammar.take?.exec(action);
    const put = grammar.put?.exec(action);
    if (isFailedObservation(step.observation, grammar)) {
      if (grammar.navigation.test(action) || grammar.inspection.test(action) || take || put) continue;
      if (object === undefined || held.has(object)) refused.push(form(action));
      else tried.push(form(action));
      continue;
    }
    if (take) {
      held.add((take[1] ?? '').trim().toLowerCase());
      found.push(`${thing(take[1] ?? '', grammar)} @ ${thing(take[2] ?? '', grammar)}`);
    } else if (put) held.delete((put[1] ?? '').trim().toLowerCase());
    found.push(...sightings(step.observation, grammar, taskWords));
    if (acts(action, object, grammar)) accepted.push(step);
  }
  const reached = cancelUndoneSteps(accepted, grammar).map((s) => form(s.action));
  return {
    outcome: trajectory.outcome.success ? 'succeeded' : 'failed',
    reached: dedupeRuns(reached).slice(0, MAX_LESSON_ENTRIES),
    refused: cap(refused),
    tried: cap(tried),
    found: cap(found),
  };
}

/** An accepted action that does something to a thing (not moving about, looking, opening or closing). */
function acts(action: string, object: string | undefined, grammar: ActionGrammar): boolean {
  if (grammar.navigation.test(action) || grammar.inspection.test(action)) return false;
  if (grammar.open.test(action) || grammar.close.test(action)) return false;
  const knowsObjects = grammar.take !== undefined || grammar.put !== undefined || grammar.directObject !== undefined;
  return knowsObjects ? object !== undefined : true;
}

/** `thing @ place` for each thing an observation reports seeing that the task mentions (grammar `sighting`). */
function sightings(observation: string | undefined, grammar: ActionGrammar, taskWords: ReadonlySet<string>): string[] {
  if (observation === undefined || grammar.sighting === undefined) return [];
  const m = grammar.sighting.exec(observation.trim());
  if (!m) return [];
  const groups = m.slice(1).filter((g): g is string => g !== undefined);
  const place = groups[0];
  const list = groups[groups.length - 1];
  if (place === undefined || list === undefined || groups.length < 2) return [];
  return list
    .split(/\s*,\s*(?:and\s+)?|\s+and\s+/i)
    .map((item) => item.trim().replace(/^(?:a|an|the|some)\s+/i, ''))
    .filter((item) => item !== '' && taskWords.has(typeWord(item)))
    .map((item) => `${thing(item, grammar)} @ ${thing(place, grammar)}`);
}

/** A name in its abstract form: `apple 1` → `the apple` under a grammar that abstracts instances. */
function thing(name: string, grammar: ActionGrammar): string {
  return clip(abstractAction(name.trim().toLowerCase(), grammar));
}

/** The type word of an instance name (`apple 1` → `apple`). */
function typeWord(name: string): string {
  return name.toLowerCase().replace(/\s+\d+$/, '');
}

function clip(text: string): string {
  return text.length <= MAX_LESSON_ENTRY_CHARS ? text : `${text.slice(0, MAX_LESSON_ENTRY_CHARS - 1)}…`;
}

/** The first {@link MAX_LESSON_ENTRIES} distinct entries. */
function cap(entries: readonly string[]): string[] {
  return [...new Set(entries)].slice(0, MAX_LESSON_ENTRIES);
}

/** `entries` without immediate repeats. */
function dedupeRuns(entries: readonly string[]): string[] {
  return entries.filter((e, i) => i === 0 || entries[i - 1] !== e);
}
