import { readFileSync } from 'node:fs';
import { resolve, sep } from 'node:path';
import { MempError } from 'memp';

/** Where one trajectory of a memory file says it came from (its `env` and the bench's `meta` fields). */
export interface MemoryFileOrigin {
  /** 1-based line (or array item) of the file. */
  line: number;
  env?: string;
  /** `meta.split`: the split the trajectory was played or annotated on. */
  split?: string;
  /** `meta.game`: an ALFWorld game id. */
  game?: string;
  /** `meta.path`: the game file. */
  path?: string;
  /** `meta.idx`: a TravelPlanner query index. */
  idx?: number;
}

/** What a memory file says about its trajectories' origins. */
export interface MemoryFileProvenance {
  trajectories: number;
  origins: MemoryFileOrigin[];
  /** Trajectories that record neither a split, a game nor a query. */
  unknown: number;
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function originOf(value: unknown, line: number): MemoryFileOrigin | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const t = value as { env?: unknown; meta?: Record<string, unknown> };
  const meta = typeof t.meta === 'object' && t.meta !== null ? t.meta : {};
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const origin: MemoryFileOrigin = { line };
  const fields = {
    env: str(t.env),
    split: str(meta['split']),
    game: str(meta['game']),
    path: str(meta['path']),
    idx: typeof meta['idx'] === 'number' ? meta['idx'] : undefined,
  };
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) Object.assign(origin, { [k]: v });
  return origin;
}

/**
 * Reads the provenance a memory file records: for each trajectory (a trajectory JSONL line or JSON array item, or a
 * memp export's `trajectory` line), its `env` and `meta.split` / `meta.game` / `meta.path` / `meta.idx`, which the
 * benches write on every trajectory they build. Content it cannot parse is skipped (loading the file reports it).
 */
export function readMemoryFileProvenance(file: string): MemoryFileProvenance {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new MempError('INVALID_ARGUMENT', `cannot read memory file ${file}: ${(error as Error).message}`, {
      cause: error,
      details: { file },
    });
  }
  const values: Array<{ value: unknown; line: number }> = [];
  const whole = parse(text);
  if (Array.isArray(whole))
    whole.forEach((value, i) => {
      values.push({ value, line: i + 1 });
    });
  else
    text.split(/\r?\n/).forEach((l, i) => {
      if (l.trim() === '') return;
      const value = parse(l);
      const record = value as { type?: unknown; trajectory?: unknown; format?: unknown } | undefined;
      if (record?.format === 'memp-export' || record?.type === 'memory') return;
      values.push({ value: record?.type === 'trajectory' ? record.trajectory : value, line: i + 1 });
    });
  const origins = values.flatMap(({ value, line }) => {
    const o = originOf(value, line);
    return o ? [o] : [];
  });
  const unknown = origins.filter((o) => o.split === undefined && o.game === undefined && o.idx === undefined).length;
  return { trajectories: origins.length, origins, unknown };
}

/** What is under evaluation, as a memory file's origins are checked against it. */
export interface EvaluatedSet {
  /** The split's name. */
  split?: string;
  /** The games directory under evaluation (a trajectory whose `meta.path` lies in it is refused). */
  dir?: string;
  /** Ids under evaluation: ALFWorld game ids (`meta.game`), or TravelPlanner query indices (`meta.idx`). */
  games?: ReadonlySet<string>;
  queries?: ReadonlySet<number>;
  /** Only trajectories of this env are compared (`travelplanner`); undefined: all. */
  env?: string;
}

/**
 * Refuses (`INVALID_ARGUMENT`, field `--memory-from`, naming the file and line) a memory file holding a trajectory
 * built from what is under evaluation: its recorded split is the evaluated split, its game or query is an evaluated
 * one, or its game file lies in the evaluated games directory — memory of the evaluated answers measures recall.
 * Returns the file's provenance (its `unknown` count says how many trajectories record none).
 */
export function refuseMemoryFileFromEvaluated(options: {
  file: string;
  evaluated: EvaluatedSet;
}): MemoryFileProvenance {
  const { file, evaluated } = options;
  const provenance = readMemoryFileProvenance(file);
  const dir = evaluated.dir === undefined ? undefined : resolve(evaluated.dir) + sep;
  for (const o of provenance.origins) {
    if (evaluated.env !== undefined && o.env !== undefined && o.env !== evaluated.env) continue;
    const why =
      evaluated.split !== undefined && o.split === evaluated.split
        ? `split ${o.split}`
        : o.game !== undefined && evaluated.games?.has(o.game)
          ? `game ${o.game}`
          : o.idx !== undefined && o.split === undefined && evaluated.queries?.has(o.idx)
            ? `query ${o.idx}`
            : o.path !== undefined && dir !== undefined && resolve(o.path).startsWith(dir)
              ? `game file ${o.path}`
              : undefined;
    if (why !== undefined)
      throw new MempError(
        'INVALID_ARGUMENT',
        `--memory-from ${file} line ${o.line}: a trajectory built from the evaluated ${why}: memory from the evaluated tasks measures recall of their answers`,
        { details: { field: '--memory-from', file, line: o.line } },
      );
  }
  return provenance;
}
