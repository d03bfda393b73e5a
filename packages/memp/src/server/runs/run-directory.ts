import { type Dirent, readFileSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { join, sep } from 'node:path';
import { MempError } from '../../core/errors.js';
import {
  type AlfworldRunSummary,
  AlfworldRunSummarySchema,
  RUN_FILE_NAMES,
  type RunFileName,
  type RunKind,
  type TravelplannerRunSummary,
  TravelplannerRunSummarySchema,
} from './run-summary-schemas.js';

/** A run in the listing. */
export interface RunListItem {
  /** Path relative to the runs directory, `/`-separated (`run-1` or `grid-1/proceduralization-query`). */
  id: string;
  kind: RunKind;
  /** The run's label (ALFWorld), plan file (TravelPlanner) or directory name. */
  label: string;
  modifiedAt: string;
  /** Headline figure, 0..1: success rate (ALFWorld), final pass rate (TravelPlanner). */
  score?: number;
  episodes?: number;
}

/** One run with what the console shows of it. */
export interface RunDetail {
  id: string;
  kind: RunKind;
  modifiedAt: string;
  files: Array<{ name: RunFileName; bytes: number }>;
  alfworld?: AlfworldRunSummary;
  travelplanner?: TravelplannerRunSummary;
  /** For a comparison (`memp bench grid`): its rows, and the ids of its runs (sub-directories with a summary). */
  comparison?: { rows: AlfworldRunSummary[]; runs: string[] };
  /** Why the summary could not be read as a known kind, when `kind` is `unknown`. */
  problem?: string;
}

const SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/;
const MAX_JSON_BYTES = 32 * 1024 * 1024;

/** What a run directory's summary file says it is. */
interface RunKindOf {
  kind: RunKind;
  alfworld?: AlfworldRunSummary;
  travelplanner?: TravelplannerRunSummary;
  rows?: AlfworldRunSummary[];
  problem?: string;
}

/**
 * Read-only access to benchmark run directories under one root. Run ids are relative paths of at most two plain
 * segments (no `..`, no hidden names); every path is resolved through symlinks and must stay inside the root, so a
 * request can never read outside it (`NOT_FOUND` otherwise, never a hint of what exists).
 */
export function createRunDirectory(options: { root: string }): RunDirectory {
  let root: string;
  try {
    root = realpathSync(options.root);
    if (!statSync(root).isDirectory()) throw new Error('not a directory');
  } catch (error) {
    throw new MempError('INVALID_ARGUMENT', `runs directory "${options.root}" is not a readable directory`, {
      details: { field: 'runs', path: options.root },
      cause: error,
    });
  }
  return new RunDirectory(root);
}

/** Read-only access to a runs directory; made by {@link createRunDirectory}, which checks the root. */
export class RunDirectory {
  /** The absolute, resolved root. */
  readonly root: string;

  /** `root` must already be resolved through symlinks (see {@link createRunDirectory}). */
  constructor(root: string) {
    this.root = root;
  }

  /** Every run and comparison, at most two levels deep, newest first. */
  list(): RunListItem[] {
    const items: RunListItem[] = [];
    for (const d of subdirs(this.root)) {
      const dir = join(this.root, d.name);
      if (this.isRun(dir)) items.push(this.item(d.name, dir));
      for (const s of subdirs(dir)) {
        const sub = join(dir, s.name);
        if (this.isRun(sub)) items.push(this.item(`${d.name}/${s.name}`, sub));
      }
    }
    return items.sort((a, b) => b.modifiedAt.localeCompare(a.modifiedAt) || a.id.localeCompare(b.id));
  }

  /** One run. `NOT_FOUND` when the id names no run directory inside the root. */
  read(id: string): RunDetail {
    const dir = this.resolveRun(id);
    if (!this.isRun(dir)) throw new MempError('NOT_FOUND', `run "${id}" not found`, { details: { id } });
    const k = this.kindOf(dir);
    const files = RUN_FILE_NAMES.flatMap((name) => {
      const path = this.fileIn(dir, name);
      return path ? [{ name, bytes: statSync(path).size }] : [];
    });
    const detail: RunDetail = { id, kind: k.kind, modifiedAt: statSync(dir).mtime.toISOString(), files };
    if (k.alfworld) detail.alfworld = k.alfworld;
    if (k.travelplanner) detail.travelplanner = k.travelplanner;
    if (k.rows)
      detail.comparison = {
        rows: k.rows,
        runs: id.includes('/')
          ? []
          : subdirs(dir)
              .filter((s) => this.isRun(join(dir, s.name)))
              .map((s) => `${id}/${s.name}`),
      };
    if (k.problem) detail.problem = k.problem;
    return detail;
  }

  /** The text of one of a run's files. `NOT_FOUND` when absent. */
  file(id: string, name: RunFileName): string {
    const dir = this.resolveRun(id);
    const path = this.fileIn(dir, name);
    if (!path) throw new MempError('NOT_FOUND', `run "${id}" has no ${name}`, { details: { id, name } });
    if (statSync(path).size > MAX_JSON_BYTES)
      throw new MempError('PAYLOAD_TOO_LARGE', `${name} of run "${id}" is larger than ${MAX_JSON_BYTES} bytes`, {
        details: { id, name },
      });
    return readFileSync(path, 'utf8');
  }

  private resolveRun(id: string): string {
    const parts = id.split('/');
    if (parts.length > 2 || !parts.every((p) => SEGMENT.test(p))) {
      throw new MempError(
        'INVALID_ARGUMENT',
        'a run id is one or two directory names of letters, digits, ".", "_" and "-"',
        { details: { field: 'id' } },
      );
    }
    const notFound = () => new MempError('NOT_FOUND', `run "${id}" not found`, { details: { id } });
    let real: string;
    try {
      real = realpathSync(join(this.root, ...parts));
    } catch {
      throw notFound();
    }
    if (!real.startsWith(this.root + sep) || !statSync(real).isDirectory()) throw notFound();
    return real;
  }

  private fileIn(dir: string, name: RunFileName): string | undefined {
    const path = join(dir, name);
    try {
      const real = realpathSync(path);
      return real.startsWith(this.root + sep) && statSync(real).isFile() ? real : undefined;
    } catch {
      return undefined;
    }
  }

  private isRun(dir: string): boolean {
    return this.fileIn(dir, 'summary.json') !== undefined || this.fileIn(dir, 'comparison.json') !== undefined;
  }

  private kindOf(dir: string): RunKindOf {
    const comparison = this.fileIn(dir, 'comparison.json');
    if (comparison) {
      const rows = AlfworldRunSummarySchema.array().safeParse(readJson(comparison));
      return rows.success
        ? { kind: 'comparison', rows: rows.data }
        : { kind: 'unknown', problem: 'comparison.json is not a list of ALFWorld summaries' };
    }
    const summary = this.fileIn(dir, 'summary.json');
    if (!summary) return { kind: 'unknown', problem: 'no summary.json' };
    const data = readJson(summary);
    const alf = AlfworldRunSummarySchema.safeParse(data);
    if (alf.success) return { kind: 'alfworld', alfworld: alf.data };
    const tp = TravelplannerRunSummarySchema.safeParse(data);
    if (tp.success) return { kind: 'travelplanner', travelplanner: tp.data };
    return { kind: 'unknown', problem: 'summary.json is neither an ALFWorld run nor a TravelPlanner evaluation' };
  }

  private item(id: string, dir: string): RunListItem {
    const k = this.kindOf(dir);
    const modifiedAt = statSync(dir).mtime.toISOString();
    const last = id.split('/').at(-1) ?? id;
    if (k.alfworld)
      return {
        id,
        kind: k.kind,
        label: k.alfworld.label,
        modifiedAt,
        score: k.alfworld.successRate,
        episodes: k.alfworld.episodes,
      };
    if (k.travelplanner)
      return {
        id,
        kind: k.kind,
        label: k.travelplanner.config.plans.split(/[\\/]/).at(-1) ?? last,
        modifiedAt,
        score: k.travelplanner.finalPassRate,
        episodes: k.travelplanner.queries,
      };
    return { id, kind: k.kind, label: last, modifiedAt };
  }
}

function readJson(path: string): unknown {
  if (statSync(path).size > MAX_JSON_BYTES)
    throw new MempError('INVALID_ARGUMENT', `${path} is larger than ${MAX_JSON_BYTES} bytes`);
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as unknown;
  } catch (error) {
    return { unreadable: error instanceof Error ? error.message : String(error) };
  }
}

function subdirs(dir: string): Dirent[] {
  try {
    return readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory() && SEGMENT.test(d.name));
  } catch {
    return [];
  }
}
