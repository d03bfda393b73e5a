import type { Structure } from './build-plan.js';
import type { PlanProcedure, Slot, SlotPlace } from './plan-procedure.js';

const NAIVE_FILL_SLOTS: readonly Slot[] = ['breakfast', 'attraction', 'lunch', 'dinner', 'accommodation'];

/**
 * The naive default without memory (documented in the README): one leg per day from day 1 (origin → first city on
 * day 1, → second city on day 2, …) and the way home on the last day, so the last city gets the remaining nights; no
 * preferred mode; every day fills every slot, with one attraction, all in the day's destination (or, when that is
 * home, where the day starts).
 */
export function naiveStructure(days: number, legs: number): Structure {
  const legDays = Array.from({ length: legs }, (_, i) => (i === legs - 1 ? days : Math.min(i + 1, days)));
  return {
    legDays,
    preferredModes: legDays.map(() => undefined),
    fill: () => ({ slots: NAIVE_FILL_SLOTS.map((slot) => ({ slot, place: 'to' as SlotPlace })), attractions: 1 }),
  };
}

/** The structure of a remembered procedure when it fits the query (same trip length and number of legs), else undefined. */
function rememberedStructure(p: PlanProcedure, days: number, legs: number): Structure | undefined {
  if (p.days !== days || p.legs.length !== legs || p.legs.some((l) => l.day < 1 || l.day > days)) return undefined;
  const naive = naiveStructure(days, legs);
  return {
    legDays: p.legs.map((l) => l.day),
    preferredModes: p.legs.map((l) => l.mode),
    fill: (day) => p.fills.get(day) ?? naive.fill(day),
  };
}

/**
 * The structure of the first procedure (best first) that fits a trip of `days` days and `legs` legs — its leg days,
 * modes and day fills, re-bound by position — with its index; else the naive default and undefined.
 */
export function chooseStructure(
  procedures: readonly PlanProcedure[],
  days: number,
  legs: number,
): { structure: Structure; from: number | undefined } {
  for (const [i, p] of procedures.entries()) {
    const s = rememberedStructure(p, days, legs);
    if (s) return { structure: s, from: i };
  }
  return { structure: naiveStructure(days, legs), from: undefined };
}
