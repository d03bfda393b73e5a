import { h, s } from './dom.js';

/** One line of a chart. */
export interface Series {
  name: string;
  /** y values, one per x position. */
  values: number[];
}

const W = 640;
const H = 220;
const PAD = { left: 44, right: 12, top: 12, bottom: 28 };

/**
 * A line chart as inline SVG (no library, no network): x positions 0..n-1 labelled by `xLabels`, y from 0 to `yMax`
 * (default: the largest value). Each series gets its own colour class (`series-0`, …) and a legend entry; the
 * numbers are also given as a table for screen readers.
 */
export function lineChart(options: {
  title: string;
  series: Series[];
  xLabels: string[];
  yMax?: number;
  percent?: boolean;
}): HTMLElement {
  const { series, xLabels } = options;
  const n = Math.max(1, ...series.map((x) => x.values.length));
  const top = options.yMax ?? Math.max(1, ...series.flatMap((x) => x.values));
  // Counts get whole-number ticks: round the top up to a multiple of 4 (ticks at quarters).
  const yMax = options.percent || top < 4 ? top : Math.ceil(top / 4) * 4;
  const x = (i: number) =>
    PAD.left + (n === 1 ? (W - PAD.left - PAD.right) / 2 : (i * (W - PAD.left - PAD.right)) / (n - 1));
  const y = (v: number) => H - PAD.bottom - (v / yMax) * (H - PAD.top - PAD.bottom);
  const fmt = (v: number) => (options.percent ? `${Math.round(v * 100)}%` : String(Math.round(v * 100) / 100));
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((t) => t * yMax);
  const step = Math.max(1, Math.ceil(n / 8));
  const svg = s(
    'svg',
    { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': options.title, class: 'chart' },
    ticks.map((t) => [
      s('line', { x1: PAD.left, x2: W - PAD.right, y1: y(t), y2: y(t), class: 'grid' }),
      s('text', { x: PAD.left - 6, y: y(t) + 4, 'text-anchor': 'end', class: 'tick' }, fmt(t)),
    ]),
    xLabels.map((label, i) =>
      i % step === 0 || i === n - 1
        ? s('text', { x: x(i), y: H - 8, 'text-anchor': 'middle', class: 'tick' }, label)
        : null,
    ),
    series.map((line, k) => [
      s('polyline', { points: line.values.map((v, i) => `${x(i)},${y(v)}`).join(' '), class: `line series-${k % 6}` }),
      line.values.map((v, i) =>
        s(
          'circle',
          { cx: x(i), cy: y(v), r: 3, class: `dot series-${k % 6}` },
          s('title', {}, `${line.name} · ${xLabels[i] ?? i}: ${fmt(v)}`),
        ),
      ),
    ]),
  );
  return h(
    'figure',
    { class: 'chart-box' },
    h('figcaption', {}, options.title),
    svg,
    h(
      'ul',
      { class: 'legend' },
      series.map((line, k) => h('li', {}, h('span', { class: `swatch series-${k % 6}` }), line.name)),
    ),
  );
}
