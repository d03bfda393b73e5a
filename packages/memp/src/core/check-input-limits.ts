import { MempError } from './errors.js';
import type { InputLimits } from './input-limits.js';
import type { MemoryContent } from './memory.js';
import type { Step } from './step.js';

/** Where a checked value came from. */
export interface LimitContext {
  /** Prefix of messages, e.g. `export.jsonl line 3`. */
  where?: string;
  /** Added to the error's details, e.g. `{ line: 3 }`. */
  details?: Record<string, unknown>;
  /** Prefix of field names, e.g. `revisions.0.before.` for `revisions.0.before.task`. */
  fieldPrefix?: string;
}

/**
 * Checks the sizes of one submitted object against `limits`, field by field and in total. Each check throws
 * `PAYLOAD_TOO_LARGE` naming the field, its size and the limit. With `fields` false it only adds up the total.
 */
class LimitMeter {
  private counted = 0;

  constructor(
    private readonly limits: InputLimits,
    private readonly context: LimitContext,
    private readonly fields = true,
  ) {}

  /** Fails unless `text` (undefined passes) fits `limit`; counts it in the total unless `counted` is false. */
  text(text: unknown, field: string, limit: keyof InputLimits, counted = true): void {
    if (typeof text !== 'string') return; // the type is checked where the field is parsed
    const size = Buffer.byteLength(text, 'utf8');
    if (this.fields && size > this.limits[limit]) this.fail(field, size, limit, 'bytes');
    if (counted) {
      this.counted += size;
      this.total(field);
    }
  }

  /** Counts `text` in the total only (a field bounded by the total alone, e.g. a script or `meta`). */
  uncapped(text: string | undefined, field: string): void {
    if (text === undefined) return;
    this.counted += Buffer.byteLength(text, 'utf8');
    this.total(field);
  }

  /** Fails when a list of `count` items is longer than `limit`. */
  count(count: number, field: string, limit: keyof InputLimits, unit: string): void {
    if (this.fields && count > this.limits[limit]) this.fail(field, count, limit, unit);
  }

  /** The steps of a trajectory or memory: their number, then each step's fields. */
  steps(steps: readonly Step[] | undefined): void {
    if (steps === undefined) return;
    this.count(steps.length, 'steps', 'maxSteps', 'steps');
    steps.forEach((step, i) => {
      this.text(step.action, `steps.${i}.action`, 'maxActionBytes');
      this.text(step.observation, `steps.${i}.observation`, 'maxObservationBytes');
      this.text(step.thought, `steps.${i}.thought`, 'maxThoughtBytes');
    });
  }

  /** Fails when the counted texts exceed `maxTotalBytes`; `field` names where the total was passed. */
  total(field = '(total)'): void {
    if (this.counted > this.limits.maxTotalBytes) {
      this.fail('(total)', this.counted, 'maxTotalBytes', 'bytes', field === '(total)' ? {} : { at: field });
    }
  }

  private fail(name: string, size: number, limit: keyof InputLimits, unit: string, extra = {}): never {
    const max = this.limits[limit];
    const field = `${this.context.fieldPrefix ?? ''}${name}`;
    const prefix = this.context.where ? `${this.context.where}: ` : '';
    const of = this.context.fieldPrefix ? ` of "${this.context.fieldPrefix.replace(/\.$/, '')}"` : '';
    const what = name === '(total)' ? `the text${of} in total` : `field "${field}"`;
    throw new MempError('PAYLOAD_TOO_LARGE', `${prefix}${what} has ${size} ${unit}, the limit ${limit} is ${max}`, {
      details: {
        field,
        size,
        max,
        limit,
        ...extra,
        ...(this.context.where ? { where: this.context.where } : {}),
        ...this.context.details,
      },
    });
  }
}

/** The JSON text of a free-form `meta`, for counting (undefined when absent). */
function metaText(meta: unknown): string | undefined {
  return meta === undefined ? undefined : JSON.stringify(meta);
}

/**
 * Fails with `PAYLOAD_TOO_LARGE` when a trajectory exceeds `limits`: its id, task, number of steps, each step's
 * action, observation and thought, `model` and `env`, and all its text in total (`meta` as JSON included).
 */
export function checkTrajectoryLimits(
  options: {
    trajectory: {
      id?: string | undefined;
      task: string;
      steps: readonly Step[];
      model?: string | undefined;
      env?: string | undefined;
      meta?: unknown;
    };
    limits: InputLimits;
  } & LimitContext,
): void {
  const { trajectory } = options;
  const meter = new LimitMeter(options.limits, options);
  meter.text(trajectory.id, 'id', 'maxIdBytes', false);
  meter.text(trajectory.task, 'task', 'maxTaskBytes');
  meter.text(trajectory.model, 'model', 'maxIdBytes');
  meter.text(trajectory.env, 'env', 'maxIdBytes');
  meter.steps(trajectory.steps);
  meter.uncapped(metaText(trajectory.meta), 'meta');
}

/**
 * Fails with `PAYLOAD_TOO_LARGE` when memory content exceeds `limits`: its task, each keyword (at most a task's
 * size), number of steps and each step's fields, and all its text in total (script and `meta` as JSON included; a
 * script is bounded by the total alone, as it may restate every action of a trajectory). Fields absent from
 * `content` are not checked. With `totalOnly`, only the total is checked (an edit checks the fields it changes,
 * and the total of the memory after it).
 */
export function checkMemoryContentLimits(
  options: { content: Partial<MemoryContent>; limits: InputLimits; totalOnly?: boolean } & LimitContext,
): void {
  const { content } = options;
  const meter = new LimitMeter(options.limits, options, !options.totalOnly);
  meter.text(content.task, 'task', 'maxTaskBytes');
  content.keywords?.forEach((keyword, i) => {
    meter.text(keyword, `keywords.${i}`, 'maxTaskBytes');
  });
  meter.steps(content.steps);
  meter.uncapped(content.script, 'script');
  meter.uncapped(metaText(content.meta), 'meta');
}

/** Fails with `PAYLOAD_TOO_LARGE` when one text field exceeds its `limit` (e.g. the task of a retrieval). */
export function checkTextLimit(
  options: { text: string | undefined; field: string; limit: keyof InputLimits; limits: InputLimits } & LimitContext,
): void {
  new LimitMeter(options.limits, options).text(options.text, options.field, options.limit, false);
}
