import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { wrapError } from 'memp/internal';
import type { BenchSummary } from './bench-summary.js';
import { renderReportHtml } from './report-html.js';
import { renderComparisonTable, renderUpdatesTable } from './report-markdown.js';

/** Paths of a comparison's files. */
export interface ComparisonPaths {
  dir: string;
  markdown: string;
  html: string;
  json: string;
}

/**
 * Writes a comparison of several runs into `dir`: `comparison.md` (the paper-shaped table and links to each
 * run's directory), `comparison.html` (table and charts, self-contained) and `comparison.json` (the summaries).
 * `runDirs` gives each row's run directory, in row order. Throws `STORAGE_FAILED` when a file cannot be written.
 */
export function writeComparison(options: {
  dir: string;
  title: string;
  subtitle: string;
  rows: readonly BenchSummary[];
  runDirs: readonly string[];
  notes?: readonly string[];
}): ComparisonPaths {
  const dir = resolve(options.dir);
  const paths: ComparisonPaths = {
    dir,
    markdown: join(dir, 'comparison.md'),
    html: join(dir, 'comparison.html'),
    json: join(dir, 'comparison.json'),
  };
  const { rows } = options;
  const updates = renderUpdatesTable({ rows });
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      paths.markdown,
      [
        `# ${options.title}`,
        '',
        options.subtitle,
        '',
        renderComparisonTable({ rows }),
        '',
        'SR = success rate; Steps = mean actions per episode (lower is better).',
        '',
        ...(updates === '' ? [] : ['Memory updates (online rows):', '', updates, '']),
        ...(options.notes ?? []).flatMap((n) => [n, '']),
        'Runs (each with episodes.jsonl, summary.json, report.md, report.html):',
        '',
        ...rows.map((r, i) => `- ${r.label}: \`${relative(dir, resolve(options.runDirs[i] ?? dir)) || '.'}/\``),
        '',
      ].join('\n'),
    );
    writeFileSync(
      paths.html,
      renderReportHtml({
        title: options.title,
        subtitle: options.subtitle,
        rows,
        ...(options.notes ? { notes: options.notes } : {}),
      }),
    );
    writeFileSync(paths.json, `${JSON.stringify(rows, null, 2)}\n`);
  } catch (error) {
    throw wrapError(error, 'STORAGE_FAILED', `cannot write the comparison to ${dir}`);
  }
  return paths;
}
