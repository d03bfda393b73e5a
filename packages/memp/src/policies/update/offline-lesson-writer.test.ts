import { describe, expect, it } from 'vitest';
import { lessonText } from '../../core/lesson.js';
import type { Trajectory } from '../../core/trajectory.js';
import { parseActionGrammar } from '../build/parse-action-grammar.js';
import { createOfflineLessonWriter, offlineLesson } from './offline-lesson-writer.js';

// A grammar as an environment would pass it (the library knows no environment's words).
const grammar = parseActionGrammar(
  {
    failure: ['^nothing happens\\.?$'],
    navigation: '^go to\\s+',
    inspection: '^(look|inventory)$',
    open: '^open\\s+(.+)$',
    close: '^close\\s+(.+)$',
    take: '^take\\s+(.+?)\\s+from\\s+(.+)$',
    put: '^move\\s+(.+?)\\s+to\\s+(.+)$',
    directObject: '^[a-z]+\\s+(.+?)(?:\\s+(?:from|to|with)\\s+.+)?$',
    sighting: '(?:on the ([a-z]+ \\d+)|the ([a-z]+ \\d+) is open\\. in it), you see (.+?)\\.?$',
    abstractInstances: true,
  },
  'test grammar',
);

const trajectory = (steps: Array<[string, string]>, success = false, task = 'cool some mug and put it in cabinet') =>
  ({
    id: `t-${steps.length}-${String(success)}`,
    namespace: 'default',
    task,
    steps: steps.map(([action, observation]) => ({ action, observation })),
    outcome: { success, steps: steps.length },
  }) satisfies Trajectory;

const failed = trajectory([
  ['think: I need a mug, then cool it with the fridge', 'OK.'],
  ['cool mug 1 with fridge 1', 'Nothing happens.'],
  ['go to countertop 1', 'On the countertop 1, you see a mug 1, and a spoon 2.'],
  ['go to drawer 9', 'Nothing happens.'],
  ['take mug 1 from countertop 1', 'You pick up the mug 1 from the countertop 1.'],
  ['heat mug 1 with sinkbasin 1', 'Nothing happens.'],
  ['take spoon 2 from countertop 1', 'Nothing happens.'],
  ['move mug 1 to cabinet 1', 'You move the mug 1 to the cabinet 1.'],
]);

describe('offline lesson writer', () => {
  it('keeps what the environment confirmed: reached, refused while held, tried before, found', () => {
    const lesson = offlineLesson(failed, grammar);
    expect(lesson.outcome).toBe('failed');
    expect(lesson.reached).toEqual(['take the mug from the countertop', 'move the mug to the cabinet']);
    // Refused with the mug in hand: it does not work that way.
    expect(lesson.refused).toEqual(['heat the mug with the sinkbasin']);
    // Refused before the mug was held: attempted, not disproved. Navigation and take refusals are left out.
    expect(lesson.tried).toEqual(['cool the mug with the fridge']);
    // Seen (only things the task names) and taken.
    expect(lesson.found).toEqual(['the mug @ the countertop']);
    expect(lesson.contrast).toBeUndefined();
  });

  it('contrasts with a success of the same family: what it did that the failure never reached', async () => {
    const success = trajectory(
      [
        ['take mug 2 from countertop 2', 'You pick up the mug 2 from the countertop 2.'],
        ['cool mug 2 with fridge 1', 'You cool the mug 2 using the fridge 1.'],
        ['move mug 2 to cabinet 3', 'You move the mug 2 to the cabinet 3.'],
      ],
      true,
    );
    const lesson = await createOfflineLessonWriter({ grammar }).write({ trajectory: failed, success });
    expect(lesson.contrast).toEqual(['cool the mug with the fridge']);
  });

  it('caps every list and every entry, and renders a text that cannot be taken for a procedure', () => {
    const many = trajectory(
      Array.from({ length: 30 }, (_, i): [string, string] => [`use lamp ${i} ${'x'.repeat(300)}`, 'Nothing happens.']),
    );
    const lesson = offlineLesson(many, grammar);
    expect(lesson.refused.length + lesson.tried.length).toBeLessThanOrEqual(16);
    for (const entry of [...lesson.refused, ...lesson.tried]) expect(entry.length).toBeLessThanOrEqual(160);
    const text = lessonText(offlineLesson(failed, grammar));
    expect(text.split('\n')[0]).toMatch(/FAILED/);
    expect(text).not.toMatch(/^\d+\./m);
  });

  it('under the neutral grammar keeps accepted tool calls and refusals (no environment knowledge)', async () => {
    const tool = trajectory(
      [
        ['search({"q":"flights"})', '[3 results]'],
        ['book({"id":7})', 'Error: seat taken'],
      ],
      false,
      'book a flight',
    );
    const lesson = await createOfflineLessonWriter().write({ trajectory: tool });
    expect(lesson.reached).toEqual(['search({"q":"flights"})']);
    expect(lesson.refused).toEqual(['book({"id":7})']);
  });
});
