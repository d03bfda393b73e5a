import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { MempError } from 'memp';
import { wrapError } from 'memp/internal';

/** A query's local (hard) constraints; `null` means not requested. */
export const LocalConstraintSchema = z.object({
  'house rule': z.string().nullable(),
  cuisine: z.array(z.string()).nullable(),
  'room type': z.string().nullable(),
  transportation: z.string().nullable(),
});

/** One day of a plan as submitted: any keys; values are what the JSON holds. */
export const PlanDaySchema = z.record(z.string(), z.unknown());
/** One day of a plan (`{ days, current_city, transportation, breakfast, attraction, lunch, dinner, accommodation }`). */
export type PlanDay = z.infer<typeof PlanDaySchema>;

/** A reference-information entry of a query, as the sole-planning setting shows it. */
export interface ReferenceEntry {
  description: string;
  content: string;
}

/**
 * A TravelPlanner query with the structured fields the official evaluator reads (names as in the dataset), its
 * gold plan and its reference information. `idx` is 1-based, in file order.
 */
export interface TravelQuery {
  idx: number;
  org: string;
  dest: string;
  days: number;
  visiting_city_number: number;
  date: string[];
  people_number: number;
  budget: number;
  query: string;
  level: 'easy' | 'medium' | 'hard';
  local_constraint: z.infer<typeof LocalConstraintSchema>;
  /** The annotated plan's day entries (including the `{}` padding the dataset has after the last day). */
  goldPlan: PlanDay[];
  referenceInformation: ReferenceEntry[];
}

const QueryLineSchema = z.object({
  org: z.string(),
  dest: z.string(),
  days: z.number().int().positive(),
  date: z.array(z.string()),
  people_number: z.number().int().positive(),
  budget: z.number(),
  query: z.string(),
  level: z.enum(['easy', 'medium', 'hard']),
  local_constraint: LocalConstraintSchema,
  annotated_plan: z.tuple([z.object({ visiting_city_number: z.number().int() }).loose(), z.array(PlanDaySchema)]),
  origin_ref_info: z.array(z.object({ Description: z.string(), Content: z.string() })),
});

/** The splits with structured query data in the shared data (the validation queries ship as text only). */
export const TRAVEL_SPLITS = ['train'] as const;
/** A split with structured queries. */
export type TravelSplit = (typeof TRAVEL_SPLITS)[number];

/**
 * Loads the structured queries of `split` from `dir/train_data_list.jsonl`. Throws `INVALID_ARGUMENT` for a split
 * without structured data or a malformed line (naming file and line), `NOT_FOUND` when the file is missing.
 */
export function loadTravelQueries(options: { dir: string; split?: string }): TravelQuery[] {
  const split = options.split ?? 'train';
  if (split !== 'train') {
    throw new MempError(
      'INVALID_ARGUMENT',
      `split "${split}" has no structured queries here (only the 180 validation query texts ship); use --split train`,
      { details: { field: '--split' } },
    );
  }
  const file = join(options.dir, 'train_data_list.jsonl');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw wrapError(error, 'NOT_FOUND', `TravelPlanner queries missing: ${file}`);
  }
  const queries: TravelQuery[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch (error) {
      throw new MempError('INVALID_ARGUMENT', `${file}:${i + 1}: not JSON`, {
        cause: error,
        details: { file, line: i + 1 },
      });
    }
    const parsed = QueryLineSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new MempError(
        'INVALID_ARGUMENT',
        `${file}:${i + 1}: ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid query'}`,
        { details: { file, line: i + 1, field: issue?.path.join('.') } },
      );
    }
    const q = parsed.data;
    queries.push({
      idx: queries.length + 1,
      org: q.org,
      dest: q.dest,
      days: q.days,
      visiting_city_number: q.annotated_plan[0].visiting_city_number,
      date: q.date,
      people_number: q.people_number,
      budget: q.budget,
      query: q.query,
      level: q.level,
      local_constraint: q.local_constraint,
      goldPlan: q.annotated_plan[1],
      referenceInformation: q.origin_ref_info.map((r) => ({ description: r.Description, content: r.Content })),
    });
  });
  return queries;
}
