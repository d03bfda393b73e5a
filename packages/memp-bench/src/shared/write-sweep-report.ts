import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { wrapError } from 'memp/internal';
import { renderSweepHtml } from './sweep-report-html.js';
import { type SweepReportData, renderSweepMarkdown, spreadOf } from './sweep-summary.js';

/** Paths of a sweep's report files. */
export interface SweepReportPaths {
  markdown: string;
  html: string;
  json: string;
}

/**
 * Writes `sweep.md` (table of mean ± spread per point), `sweep.html` (the same with one chart per figure against
 * the axis) and `sweep.json` (every run's figures and each point's spread) into `dir`. `STORAGE_FAILED` when it cannot.
 */
export function writeSweepReport(options: { dir: string; data: SweepReportData }): SweepReportPaths {
  const dir = resolve(options.dir);
  const { data } = options;
  const paths = { markdown: join(dir, 'sweep.md'), html: join(dir, 'sweep.html'), json: join(dir, 'sweep.json') };
  const withStats = (p: SweepReportData['points'][number]) => ({
    ...p,
    stats: Object.fromEntries(data.metrics.map((m) => [m.key, spreadOf(p.runs, m.key) ?? null])),
  });
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(paths.markdown, renderSweepMarkdown(data));
    writeFileSync(paths.html, renderSweepHtml(data));
    writeFileSync(
      paths.json,
      `${JSON.stringify(
        {
          title: data.title,
          subtitle: data.subtitle,
          axis: data.axis,
          metrics: data.metrics,
          ...(data.baseline ? { baseline: withStats(data.baseline) } : {}),
          points: data.points.map(withStats),
          notes: data.notes ?? [],
        },
        null,
        2,
      )}\n`,
    );
  } catch (error) {
    throw wrapError(error, 'STORAGE_FAILED', `cannot write the sweep report to ${dir}`);
  }
  return paths;
}
