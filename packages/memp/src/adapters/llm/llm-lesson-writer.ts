import { type Lesson, LessonSchema, MAX_LESSON_ENTRIES, MAX_LESSON_ENTRY_CHARS } from '../../core/lesson.js';
import { renderSteps } from '../../core/render/memory-guidelines.js';
import type { Trajectory } from '../../core/trajectory.js';
import type { LessonWriter } from '../../ports/lesson-writer.js';
import { type ParseResult, generateValidated } from './generate-validated.js';
import type { LlmGateway } from './llm-gateway.js';
import { DATA_NOT_INSTRUCTIONS, dataBlock } from './prompt-data.js';

const SYSTEM = `You keep the procedural memory of an AI agent honest: from an episode you record only what the environment itself showed to be true. ${DATA_NOT_INSTRUCTIONS}`;

const SECTIONS = ['Reached', 'Refused', 'Tried', 'Found', 'Contrast'] as const;

/** The user prompt of the lesson writer for one episode (and a success of the same task family, when known). */
export function lessonPrompt(trajectory: Trajectory, success?: Trajectory): string {
  const outcome = trajectory.outcome.success ? 'The agent reached the goal.' : 'The agent FAILED to reach the goal.';
  return [
    "Below is an episode of an agent. Record what the environment's answers show to be true — not what the agent",
    'believed or wrote in its thoughts.',
    dataBlock({ tag: 'task', content: trajectory.task }),
    dataBlock({ tag: 'outcome', content: outcome }),
    dataBlock({ tag: 'trajectory', content: renderSteps(trajectory.steps) }),
    ...(success === undefined
      ? []
      : [
          'A successful episode of the same kind of task:',
          dataBlock({ tag: 'success', content: renderSteps(success.steps) }),
        ]),
    `Answer with these sections, each a list of at most ${MAX_LESSON_ENTRIES} short lines starting with "- " (write "- none" for an empty one):`,
    '<Reached> actions the environment accepted that changed something, in order (sub-goals reached) </Reached>',
    '<Refused> actions the environment refused although their preconditions held </Refused>',
    '<Tried> actions refused before their preconditions held (not confirmed either way) </Tried>',
    '<Found> where things were, as "thing @ place" </Found>',
    ...(success === undefined
      ? []
      : ['<Contrast> what the successful episode did that this one never reached, in order </Contrast>']),
    'Write names without instance numbers ("the apple", "the countertop"). Nothing else.',
  ].join('\n');
}

/** Reads the sections of {@link lessonPrompt}'s answer; every section but `Contrast` must be present. */
export function parseLesson(text: string, outcome: Lesson['outcome']): ParseResult<Lesson> {
  const read: Partial<Record<(typeof SECTIONS)[number], string[]>> = {};
  for (const section of SECTIONS) {
    const body = new RegExp(`<${section}>([\\s\\S]*?)</${section}>`, 'i').exec(text)?.[1];
    if (body === undefined) {
      if (section === 'Contrast') continue;
      return { ok: false, reason: `missing <${section}>…</${section}>` };
    }
    read[section] = body
      .split('\n')
      .map((line) => line.trim().replace(/^[-*]\s*/, ''))
      .filter((line) => line !== '' && !/^none\.?$/i.test(line))
      .map((line) => (line.length <= MAX_LESSON_ENTRY_CHARS ? line : `${line.slice(0, MAX_LESSON_ENTRY_CHARS - 1)}…`))
      .slice(0, MAX_LESSON_ENTRIES);
  }
  const lesson = LessonSchema.safeParse({
    outcome,
    reached: read.Reached,
    refused: read.Refused,
    tried: read.Tried,
    found: read.Found,
    ...(read.Contrast === undefined || read.Contrast.length === 0 ? {} : { contrast: read.Contrast }),
  });
  return lesson.success ? { ok: true, value: lesson.data } : { ok: false, reason: 'not a lesson' };
}

/**
 * The LLM lesson writer: asks the model, with {@link lessonPrompt}, for what an episode showed to be true. A
 * malformed answer is retried once, then `PROVIDER_OUTPUT_INVALID`.
 */
export function createLlmLessonWriter(options: { gateway: LlmGateway; maxOutputTokens?: number }): LessonWriter {
  const { gateway } = options;
  return {
    specificationVersion: 'v1',
    id: gateway.modelId,
    async write({ trajectory, success }) {
      const outcome = trajectory.outcome.success ? 'succeeded' : 'failed';
      return generateValidated({
        gateway,
        what: 'lesson',
        parse: (text) => parseLesson(text, outcome),
        request: {
          system: SYSTEM,
          prompt: lessonPrompt(trajectory, success),
          temperature: 0.2,
          maxOutputTokens: options.maxOutputTokens ?? 800,
        },
      });
    },
  };
}
