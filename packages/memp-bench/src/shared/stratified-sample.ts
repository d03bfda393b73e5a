import { createSeededRandom, sampleWithoutReplacement } from 'memp/internal';

/** Options of {@link sampleStratified}. */
export interface StratifiedSampleOptions<T> {
  items: readonly T[];
  /** How many to draw; the whole list when it is at least its length. */
  size: number;
  /** The family (stratum) of an item, read from data the item carries; items without one share the stratum ''. */
  familyOf: (item: T) => string;
  seed: number;
}

/**
 * Draws `size` items without replacement, seeded, so that every family keeps its share of the whole: each family
 * gets `size × share` items rounded by largest remainder (ties to the larger family, then by name), drawn at random
 * within the family. Each family is shuffled once per seed, so a larger size holds nearly all of a smaller one's
 * items. The result keeps the input order.
 */
export function sampleStratified<T>(options: StratifiedSampleOptions<T>): T[] {
  const { items, familyOf } = options;
  if (!Number.isInteger(options.size) || options.size < 0) throw new RangeError('size must be a non-negative integer');
  if (options.size >= items.length) return items.slice();
  const families = new Map<string, number[]>();
  items.forEach((item, i) => {
    const key = familyOf(item);
    const list = families.get(key);
    if (list) list.push(i);
    else families.set(key, [i]);
  });
  const quotas = allocate(
    [...families].map(([name, members]) => ({ name, count: members.length })),
    options.size,
    items.length,
  );
  const random = createSeededRandom(options.seed);
  const chosen: number[] = [];
  for (const [name, members] of [...families].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const shuffled = sampleWithoutReplacement(members, members.length, random);
    chosen.push(...shuffled.slice(0, quotas.get(name) ?? 0));
  }
  return chosen.sort((a, b) => a - b).map((i) => items[i] as T);
}

/** Largest-remainder allocation of `size` among families in proportion to their counts. */
function allocate(families: Array<{ name: string; count: number }>, size: number, total: number): Map<string, number> {
  const shares = families.map((f) => {
    const exact = (size * f.count) / total;
    return { ...f, floor: Math.floor(exact), rest: exact - Math.floor(exact) };
  });
  let left = size - shares.reduce((n, s) => n + s.floor, 0);
  const order = shares
    .slice()
    .sort((a, b) => b.rest - a.rest || b.count - a.count || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const quotas = new Map(shares.map((s) => [s.name, s.floor]));
  for (const s of order) {
    if (left === 0) break;
    if ((quotas.get(s.name) ?? 0) < s.count) {
      quotas.set(s.name, (quotas.get(s.name) ?? 0) + 1);
      left -= 1;
    }
  }
  return quotas;
}
