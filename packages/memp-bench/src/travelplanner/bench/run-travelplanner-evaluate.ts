import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { wrapError } from 'memp/internal';
import { loadTravelDatabase } from '../database/travel-database.js';
import { loadTravelQueries } from '../database/travel-query.js';
import { resolveTravelplannerData } from '../database/resolve-travelplanner-data.js';
import { NON_STRICT_FIXES } from '../evaluation/evaluation-context.js';
import { renderEvaluationHtml, renderEvaluationMarkdown } from '../evaluation/evaluation-report.js';
import { evaluateSubmission } from '../evaluation/evaluate-submission.js';
import { readPlanFile } from '../evaluation/read-plan-file.js';
import type { TravelScores } from '../evaluation/score-evaluations.js';

/** Options of {@link runTravelplannerEvaluate}. */
export interface TravelplannerEvaluateOptions {
  /** The plan file (official submission JSONL, or a memp run's `plans.jsonl`). */
  plans: string;
  /** Data directory (default: `resolveTravelplannerData()`). */
  data?: string;
  split?: string;
  /** Output directory; nothing is written when omitted. */
  out?: string;
  /** false = fix the documented quirks (default true: the official behaviour). */
  strict?: boolean;
}

/** `summary.json` of an evaluation: the six metrics (0..1) at the top, then counts and per-constraint detail. */
export interface TravelplannerEvaluateSummary extends TravelScores {
  config: { plans: string; data: string; split: string; strict: boolean };
  notes: string[];
}

/**
 * Evaluates a plan file with the official TravelPlanner rules and, with `out`, writes `summary.json`, `report.md`,
 * `report.html` and `evaluations.jsonl` (one verdict per query). Errors: `INVALID_ARGUMENT` (bad plan file, naming
 * file and line; unknown split), `NOT_FOUND` (missing data or plan file), `STORAGE_FAILED` (cannot write).
 */
export function runTravelplannerEvaluate(options: TravelplannerEvaluateOptions): {
  summary: TravelplannerEvaluateSummary;
  paths?: Record<string, string>;
} {
  const data = resolveTravelplannerData(options.data === undefined ? {} : { explicit: options.data });
  const split = options.split ?? 'train';
  const strict = options.strict ?? true;
  const queries = loadTravelQueries({ dir: data, split });
  const plans = readPlanFile({ file: options.plans });
  const db = loadTravelDatabase({ dir: data });
  const result = evaluateSubmission({ db, queries, plans, strict, file: options.plans });
  const notes: string[] = [];
  if (!strict) notes.push(`Non-strict mode (not the official numbers): ${NON_STRICT_FIXES.join(' ')}`);
  notes.push(
    "Flights are looked up in the flights of the train queries' reference information (the official flight database is not distributed with the data).",
  );
  if (result.scores.crashes.length > 0) {
    notes.push(
      `The official evaluator would stop with an exception on ${result.scores.crashes.length} plan(s) (queries ${result.scores.crashes.map((c) => c.idx).join(', ')}); here the constraint being checked counts as failed.`,
    );
  }
  if (result.extraLines > 0) notes.push(`${result.extraLines} plan line(s) after the last query were ignored.`);
  if (result.idxMismatches.length > 0)
    notes.push(
      `Lines ${result.idxMismatches.join(', ')} carry an idx other than their position; plans are matched by line order, as officially.`,
    );
  const summary: TravelplannerEvaluateSummary = {
    ...result.scores,
    config: { plans: resolve(options.plans), data, split, strict },
    notes,
  };
  if (options.out === undefined) return { summary };
  const dir = resolve(options.out);
  const paths = {
    dir,
    summary: join(dir, 'summary.json'),
    markdown: join(dir, 'report.md'),
    html: join(dir, 'report.html'),
    evaluations: join(dir, 'evaluations.jsonl'),
  };
  const report = {
    title: `TravelPlanner evaluation · ${split} · ${basename(options.plans)}`,
    subtitle: `${queries.length} queries · ${strict ? 'official rules' : 'non-strict'} · data ${data}`,
    scores: result.scores,
    notes,
  };
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(paths.summary, `${JSON.stringify(summary, null, 2)}\n`);
    writeFileSync(paths.markdown, renderEvaluationMarkdown(report));
    writeFileSync(paths.html, renderEvaluationHtml(report));
    writeFileSync(
      paths.evaluations,
      `${result.evaluations.map((e, i) => JSON.stringify({ idx: queries[i]?.idx, ...e })).join('\n')}\n`,
    );
  } catch (error) {
    throw wrapError(error, 'STORAGE_FAILED', `cannot write the evaluation to ${dir}`);
  }
  return { summary, paths };
}
