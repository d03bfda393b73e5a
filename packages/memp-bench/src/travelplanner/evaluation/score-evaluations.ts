import type { TravelQuery } from '../database/travel-query.js';
import { COMMONSENSE_CONSTRAINTS, type CommonsenseKey, HARD_CONSTRAINTS, type HardKey } from './constraint-names.js';
import type { PlanEvaluation } from './evaluate-plan.js';

const LEVELS = ['easy', 'medium', 'hard'] as const;
const DAYS = [3, 5, 7] as const;

/** Pass counts of one constraint: `passed`/`failed` among the plans it was checked on, `total` = queries it applies to. */
export interface Tally {
  passed: number;
  failed: number;
  total: number;
}

/** One constraint's counts overall, per level and per trip length (3/5/7 days). */
export interface ConstraintTally extends Tally {
  byLevel: Record<string, Tally>;
  byDays: Record<string, Tally>;
}

/** The official log's detail: level → days → constraint (paper name) → `{ true, false, total? }`. */
export type OfficialDetail = Record<
  string,
  Record<string, Record<string, { true: number; false: number; total?: number }>>
>;

/** The six metrics (0..1) plus the counts behind them and the per-constraint detail. */
export interface TravelScores {
  queries: number;
  delivered: number;
  deliveryRate: number;
  commonsenseMicro: number;
  commonsenseMacro: number;
  hardMicro: number;
  hardMacro: number;
  finalPassRate: number;
  counts: {
    commonsensePassed: number;
    commonsenseChecks: number;
    hardPassed: number;
    hardChecks: number;
    commonsensePlans: number;
    hardPlans: number;
    finalPlans: number;
  };
  finalByLevel: Record<string, number>;
  byConstraint: { commonsense: Record<string, ConstraintTally>; hard: Record<string, ConstraintTally> };
  official: { 'Commonsense Constraint': OfficialDetail; 'Hard Constraint': OfficialDetail };
  /** Queries on which the official evaluator would raise (and stop), with where. */
  crashes: Array<{ idx: number; at: string[] }>;
}

const empty = (): Tally => ({ passed: 0, failed: 0, total: 0 });

/** Whether hard constraint `key` applies to `query` (budget always; the others when the query sets them). */
function applies(query: TravelQuery, key: HardKey): boolean {
  const lc = query.local_constraint;
  switch (key) {
    case 'valid_cost':
      return true;
    case 'valid_room_rule':
      return lc['house rule'] !== null;
    case 'valid_cuisine':
      return lc.cuisine !== null;
    case 'valid_room_type':
      return lc['room type'] !== null;
    case 'valid_transportation':
      return lc.transportation !== null;
  }
}

/**
 * Scores evaluated plans as the official `eval.py` does: delivery over N; commonsense micro = passed checks / 8N;
 * macro rates over N counting only plans with a hard result; hard micro = passed checks / D, D = Σ (1 + local
 * constraints set) (105 on train, the official constant); final = all commonsense and all applicable hard checks.
 */
export function scoreEvaluations(options: {
  queries: readonly TravelQuery[];
  evaluations: readonly PlanEvaluation[];
}): TravelScores {
  const { queries, evaluations } = options;
  const n = queries.length;
  const cs = Object.fromEntries(Object.values(COMMONSENSE_CONSTRAINTS).map((name) => [name, tally()])) as Record<
    string,
    ConstraintTally
  >;
  const hd = Object.fromEntries(Object.values(HARD_CONSTRAINTS).map((name) => [name, tally()])) as Record<
    string,
    ConstraintTally
  >;
  const official = { 'Commonsense Constraint': detail(), 'Hard Constraint': detail() };
  const counts = {
    commonsensePassed: 0,
    commonsenseChecks: 8 * n,
    hardPassed: 0,
    hardChecks: 0,
    commonsensePlans: 0,
    hardPlans: 0,
    finalPlans: 0,
  };
  const finalByLevel: Record<string, number> = { easy: 0, medium: 0, hard: 0 };
  const crashes: TravelScores['crashes'] = [];
  let delivered = 0;
  queries.forEach((q, i) => {
    const e = evaluations[i];
    const level = q.level;
    const days = String(q.days);
    for (const [key, name] of Object.entries(COMMONSENSE_CONSTRAINTS) as Array<[CommonsenseKey, string]>) {
      add(cs[name] as ConstraintTally, level, days, 'total');
      const v = e?.commonsense?.[key];
      if (v) record(official['Commonsense Constraint'], cs[name] as ConstraintTally, level, days, name, v.pass);
    }
    for (const [key, name] of Object.entries(HARD_CONSTRAINTS) as Array<[HardKey, string]>) {
      if (applies(q, key)) {
        add(hd[name] as ConstraintTally, level, days, 'total');
        counts.hardChecks += 1;
      }
      const v = e?.hard?.[key];
      if (v) record(official['Hard Constraint'], hd[name] as ConstraintTally, level, days, name, v.pass);
    }
    if (!e) return;
    if (e.crashes.length > 0) crashes.push({ idx: q.idx, at: e.crashes });
    if (e.delivered) delivered += 1;
    if (e.commonsense) counts.commonsensePassed += Object.values(e.commonsense).filter((v) => v.pass === true).length;
    if (e.hard) counts.hardPassed += Object.values(e.hard).filter((v) => v.pass === true).length;
    if (e.commonsensePass) counts.commonsensePlans += 1;
    if (e.hardPass) counts.hardPlans += 1;
    if (e.finalPass) {
      counts.finalPlans += 1;
      finalByLevel[level] = (finalByLevel[level] ?? 0) + 1;
    }
  });
  setOfficialTotals(official, queries, cs, hd);
  const rate = (a: number, b: number) => (b === 0 ? 0 : a / b);
  return {
    queries: n,
    delivered,
    deliveryRate: rate(delivered, n),
    commonsenseMicro: rate(counts.commonsensePassed, counts.commonsenseChecks),
    commonsenseMacro: rate(counts.commonsensePlans, n),
    hardMicro: rate(counts.hardPassed, counts.hardChecks),
    hardMacro: rate(counts.hardPlans, n),
    finalPassRate: rate(counts.finalPlans, n),
    counts,
    finalByLevel,
    byConstraint: { commonsense: cs, hard: hd },
    official,
    crashes,
  };
}

function tally(): ConstraintTally {
  return {
    ...empty(),
    byLevel: Object.fromEntries(LEVELS.map((l) => [l, empty()])),
    byDays: Object.fromEntries(DAYS.map((d) => [String(d), empty()])),
  };
}

function detail(): OfficialDetail {
  return Object.fromEntries(LEVELS.map((l) => [l, Object.fromEntries(DAYS.map((d) => [String(d), {}]))]));
}

function add(t: ConstraintTally, level: string, days: string, field: keyof Tally): void {
  t[field] += 1;
  const byLevel = t.byLevel[level] ?? (t.byLevel[level] = empty());
  byLevel[field] += 1;
  const byDays = t.byDays[days] ?? (t.byDays[days] = empty());
  byDays[field] += 1;
}

function record(
  d: OfficialDetail,
  t: ConstraintTally,
  level: string,
  days: string,
  name: string,
  pass: boolean | null,
): void {
  const cell = ((d[level] ??= {})[days] ??= {});
  const entry = (cell[name] ??= { true: 0, false: 0 });
  if (pass === true) {
    entry.true += 1;
    add(t, level, days, 'passed');
  }
  if (pass === false) {
    entry.false += 1;
    add(t, level, days, 'failed');
  }
}

/** The official log sets `total` on commonsense entries, on budget, and on the local constraints its level asks for. */
function setOfficialTotals(
  official: TravelScores['official'],
  queries: readonly TravelQuery[],
  cs: Record<string, ConstraintTally>,
  hd: Record<string, ConstraintTally>,
): void {
  const count = (level: string, days: string, pred: (q: TravelQuery) => boolean) =>
    queries.filter((q) => q.level === level && String(q.days) === days && pred(q)).length;
  for (const [level, byDays] of Object.entries(official['Commonsense Constraint'])) {
    for (const [days, entries] of Object.entries(byDays))
      for (const name of Object.keys(entries))
        if (cs[name]) (entries[name] as { total?: number }).total = count(level, days, () => true);
  }
  const local: Record<string, Array<[string, HardKey]>> = {
    hard: [
      ['Room Rule', 'valid_room_rule'],
      ['Cuisine', 'valid_cuisine'],
      ['Room Type', 'valid_room_type'],
      ['Transportation', 'valid_transportation'],
    ],
    medium: [
      ['Room Rule', 'valid_room_rule'],
      ['Cuisine', 'valid_cuisine'],
      ['Room Type', 'valid_room_type'],
    ],
  };
  for (const [level, byDays] of Object.entries(official['Hard Constraint'])) {
    for (const [days, entries] of Object.entries(byDays)) {
      for (const [name, entry] of Object.entries(entries)) {
        if (name === 'Budget') entry.total = count(level, days, () => true);
        const hit = local[level]?.find(([n]) => n === name);
        if (hit && hd[name]) entry.total = count(level, days, (q) => applies(q, hit[1]));
      }
    }
  }
}
