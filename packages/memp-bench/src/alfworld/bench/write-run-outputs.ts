import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { wrapError } from 'memp/internal';
import type { BenchEpisode } from './bench-episode.js';
import type { BenchSummary } from './bench-summary.js';
import { renderReportHtml } from './report-html.js';
import { renderRunMarkdown, stoppedNote } from './report-markdown.js';

/** Paths of the files a run writes. */
export interface RunOutputPaths {
  dir: string;
  episodes: string;
  summary: string;
  markdown: string;
  html: string;
}

/**
 * Writes a run's `episodes.jsonl`, `summary.json`, `report.md` and `report.html` into `dir` (created if needed).
 * Throws `STORAGE_FAILED` when a file cannot be written.
 */
export function writeRunOutputs(options: {
  dir: string;
  episodes: readonly BenchEpisode[];
  summary: BenchSummary;
}): RunOutputPaths {
  const dir = resolve(options.dir);
  const paths: RunOutputPaths = {
    dir,
    episodes: join(dir, 'episodes.jsonl'),
    summary: join(dir, 'summary.json'),
    markdown: join(dir, 'report.md'),
    html: join(dir, 'report.html'),
  };
  const { summary } = options;
  const c = summary.config;
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      paths.episodes,
      options.episodes.map((e) => JSON.stringify(e)).join('\n') + (options.episodes.length ? '\n' : ''),
    );
    writeFileSync(paths.summary, `${JSON.stringify(summary, null, 2)}\n`);
    writeFileSync(paths.markdown, renderRunMarkdown({ summary }));
    writeFileSync(
      paths.html,
      renderReportHtml({
        title: `memp · ALFWorld ${c.split} · ${summary.label}`,
        subtitle:
          `run ${summary.runId} · agent ${c.agent} · ${c.memory ? `${c.mode} mode, k=${c.k}` : 'no memory'}` +
          `${c.memoryFrom ? ` · memory from ${c.memoryFrom}` : ''}${c.model ? ` · model ${c.model}` : ''} · batch ${c.batch} · seed ${c.seed} · ${summary.episodes} episodes`,
        rows: [summary],
        ...(summary.stopped ? { notes: [stoppedNote(summary)] } : {}),
      }),
    );
  } catch (error) {
    throw wrapError(error, 'STORAGE_FAILED', `cannot write the run outputs to ${dir}`);
  }
  return paths;
}
