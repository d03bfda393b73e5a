import { MempError } from 'memp';
import { type MemorySourceSpec, parseMemorySourceList, parseMemorySourceSpec } from './memory-source-spec.js';

/**
 * The axis a sweep varies, one value per point: `k` (memories retrieved per task), `memory-size` (trajectories
 * sampled from one memory source) or `memory-from` (one memory source per point).
 */
export type SweepAxis =
  | { name: 'k'; values: number[] }
  | { name: 'memory-size'; values: number[]; source: MemorySourceSpec }
  | { name: 'memory-from'; values: MemorySourceSpec[] };

/** The name of a sweep axis. */
export type SweepAxisName = SweepAxis['name'];

/** USD per million tokens, to price a run's model usage. */
export interface TokenPrices {
  inputPerMillion: number;
  outputPerMillion: number;
}

/** The raw sweep flags of `bench grid`. */
export interface SweepFlags {
  ks?: string;
  memorySizes?: string;
  memoryFrom?: string;
  seeds?: string;
  priceIn?: string;
  priceOut?: string;
}

/** The axis label of charts and tables. */
export function sweepAxisLabel(name: SweepAxisName): string {
  if (name === 'k') return 'k (memories retrieved)';
  if (name === 'memory-size') return 'memory size (trajectories)';
  return 'memory source (its own success rate)';
}

/**
 * The sweep the flags ask for, or undefined for none: `--ks`, `--memory-sizes` (with one `--memory-from` source) or
 * `--memory-from A,B,…` (two or more sources). `INVALID_ARGUMENT` naming the flag for a bad list or for two axes at once.
 */
export function parseSweepAxis(flags: SweepFlags): SweepAxis | undefined {
  const sources = flags.memoryFrom?.includes(',') ? parseMemorySourceList(flags.memoryFrom) : undefined;
  const given = [
    flags.ks === undefined ? undefined : '--ks',
    flags.memorySizes === undefined ? undefined : '--memory-sizes',
    sources === undefined ? undefined : '--memory-from A,B,…',
  ].filter((f): f is string => f !== undefined);
  if (given.length > 1)
    throw new MempError(
      'INVALID_ARGUMENT',
      `a sweep varies one axis at a time: ${given.join(' and ')} were both given`,
      {
        details: { field: given[1] },
      },
    );
  if (flags.ks !== undefined) return { name: 'k', values: parseIntList(flags.ks, '--ks', 1) };
  if (flags.memorySizes !== undefined) {
    if (flags.memoryFrom === undefined)
      throw new MempError('INVALID_ARGUMENT', '--memory-sizes samples a memory source: give --memory-from SOURCE', {
        details: { field: '--memory-from' },
      });
    return {
      name: 'memory-size',
      values: parseIntList(flags.memorySizes, '--memory-sizes', 1),
      source: parseMemorySourceSpec(flags.memoryFrom),
    };
  }
  if (sources !== undefined) return { name: 'memory-from', values: sources };
  return undefined;
}

/** `--seeds 1,2,3`, else the single `--seed` (default 1). */
export function parseSeedList(seeds: string | undefined, seed: number): number[] {
  return seeds === undefined ? [seed] : parseIntList(seeds, '--seeds', 0);
}

/** Prices from `--price-in` / `--price-out` (USD per million tokens; both or neither), or undefined. */
export function parseTokenPrices(flags: Pick<SweepFlags, 'priceIn' | 'priceOut'>): TokenPrices | undefined {
  if (flags.priceIn === undefined && flags.priceOut === undefined) return undefined;
  const read = (value: string | undefined, flag: string): number => {
    const n = Number(value);
    if (value === undefined || value.trim() === '' || !Number.isFinite(n) || n < 0)
      throw new MempError(
        'INVALID_ARGUMENT',
        `${flag} must be a non-negative number of USD per million tokens (got "${value ?? ''}"); give both --price-in and --price-out`,
        { details: { field: flag } },
      );
    return n;
  };
  return { inputPerMillion: read(flags.priceIn, '--price-in'), outputPerMillion: read(flags.priceOut, '--price-out') };
}

/** The cost of a run's tokens at `prices`, or undefined without prices. */
export function costOf(tokens: { input: number; output: number }, prices: TokenPrices | undefined): number | undefined {
  if (prices === undefined) return undefined;
  return (tokens.input * prices.inputPerMillion + tokens.output * prices.outputPerMillion) / 1_000_000;
}

/** A comma-separated list of distinct integers ≥ `min`, in the order given. */
export function parseIntList(value: string, flag: string, min: number): number[] {
  const items = value.split(',').map((s) => s.trim());
  const numbers = items.map((s) => {
    if (!/^\d+$/.test(s) || Number(s) < min)
      throw new MempError(
        'INVALID_ARGUMENT',
        `${flag} must list integers ≥ ${min}, comma-separated (got "${s}" in "${value}")`,
        { details: { field: flag } },
      );
    return Number(s);
  });
  if (new Set(numbers).size !== numbers.length)
    throw new MempError('INVALID_ARGUMENT', `${flag} lists a value twice: "${value}"`, { details: { field: flag } });
  return numbers;
}
