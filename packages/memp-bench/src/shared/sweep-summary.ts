/** One run of a sweep point: its seed, its row label and the figures it measured (undefined when not measured). */
export interface SweepRun {
  seed: number;
  label: string;
  metrics: Record<string, number | undefined>;
}

/** One point of a sweep: a value of the swept axis, run once per seed. */
export interface SweepPoint {
  /** The value as the command line named it (`3`, `100`, `train`, `FILE#model=…`). */
  name: string;
  /** Where the point sits on the chart's x axis (k, memory size, or the source's success rate). */
  x: number;
  runs: SweepRun[];
}

/** Mean and spread of one figure over a point's seeds. */
export interface SpreadStats {
  /** Seeds that measured it. */
  n: number;
  mean: number;
  /** Sample standard deviation (0 for one seed). */
  sd: number;
  min: number;
  max: number;
}

/** {@link SpreadStats} of a metric over a point's runs, or undefined when no run measured it. */
export function spreadOf(runs: readonly SweepRun[], metric: string): SpreadStats | undefined {
  const values = runs.map((r) => r.metrics[metric]).filter((v): v is number => v !== undefined && Number.isFinite(v));
  if (values.length === 0) return undefined;
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const variance =
    values.length < 2 ? 0 : values.reduce((a, v) => a + (v - mean) * (v - mean), 0) / (values.length - 1);
  return { n: values.length, mean, sd: Math.sqrt(variance), min: Math.min(...values), max: Math.max(...values) };
}

/** How a figure is printed. */
export type SweepFormat = 'rate' | 'number' | 'integer' | 'usd';

/** A figure a sweep reports: its key in {@link SweepRun.metrics}, its column and axis label, its format. */
export interface SweepMetric {
  key: string;
  label: string;
  format: SweepFormat;
  /** Draw it against the axis (else table only). Default true. */
  chart?: boolean;
  /** Lower is better (shown in the label's arrow). */
  lowerIsBetter?: boolean;
}

/** What a sweep report shows. */
export interface SweepReportData {
  title: string;
  subtitle: string;
  /** The swept axis: its label, and whether the chart's x axis is logarithmic. */
  axis: { key: string; label: string; log: boolean };
  metrics: readonly SweepMetric[];
  /** Sorted by x. */
  points: readonly SweepPoint[];
  /** The no-memory runs (one per seed), drawn as a flat reference line. */
  baseline?: SweepPoint;
  notes?: readonly string[];
}

/** Formats a figure for a table cell. */
export function formatFigure(value: number, format: SweepFormat): string {
  if (format === 'rate') return `${(value * 100).toFixed(1)}%`;
  if (format === 'integer') return String(Math.round(value));
  if (format === 'usd') return `$${value.toFixed(4)}`;
  return value.toFixed(1);
}

/** `mean ± sd (min–max)` of a figure, `mean` alone for one seed, `–` when not measured. */
export function formatSpread(stats: SpreadStats | undefined, format: SweepFormat): string {
  if (stats === undefined) return '–';
  if (stats.n === 1) return formatFigure(stats.mean, format);
  const f = (v: number) => formatFigure(v, format);
  return `${f(stats.mean)} ± ${format === 'rate' ? `${(stats.sd * 100).toFixed(1)}pp` : stats.sd.toFixed(1)} (${f(stats.min)}–${f(stats.max)})`;
}

/** The sweep as a markdown table: one line per point (and the baseline), mean ± sd (min–max) over the seeds. */
export function renderSweepMarkdown(data: SweepReportData): string {
  const header = [
    data.axis.label,
    'Seeds',
    ...data.metrics.map((m) => `${m.label}${m.lowerIsBetter ? ' ↓' : m.format === 'rate' ? ' ↑' : ''}`),
  ];
  const line = (point: SweepPoint) =>
    `| ${[point.name, String(point.runs.length), ...data.metrics.map((m) => formatSpread(spreadOf(point.runs, m.key), m.format))].join(' | ')} |`;
  return [
    `# ${data.title}`,
    '',
    data.subtitle,
    '',
    `| ${header.join(' | ')} |`,
    `|${header.map((_, i) => (i === 0 ? ' --- ' : ' ---: ')).join('|')}|`,
    ...(data.baseline ? [line(data.baseline)] : []),
    ...data.points.map(line),
    '',
    'Each cell: mean ± standard deviation over the seeds (min–max).',
    '',
    ...(data.notes ?? []).flatMap((n) => [n, '']),
  ].join('\n');
}
