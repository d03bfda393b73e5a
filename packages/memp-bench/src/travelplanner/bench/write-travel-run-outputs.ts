import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { wrapError } from 'memp/internal';
import type { TravelQuery } from '../database/travel-query.js';
import type { TravelEpisode } from './run-travelplanner-episodes.js';
import { type TravelReportRow, renderTravelReportHtml, travelMarkdownTable } from './travel-run-report.js';
import type { TravelRunSummary } from './travel-run-summary.js';

/** A run's label from its config: `offline · no memory`, `offline · proceduralization/query · gold ×5`, the control, … */
export function travelRunLabel(config: Record<string, unknown>): string {
  const source = config['memoryFrom'] === 'gold' ? ` · gold ×${String(config['folds'])}` : ' · file';
  if (config['control'] === 'unlike-query')
    return `${String(config['agent'])} · control: unlike-query memories (${String(config['build'])}${source})`;
  const memory =
    config['build'] === null
      ? 'no memory'
      : `${String(config['build'])}/${String(config['retrieve'])}${config['memoryFrom'] === 'gold' ? ` · gold ×${String(config['folds'])}` : config['memoryFrom'] ? ' · file' : ''}${config['update'] ? ` · online ${String(config['update'])}` : ''}${config['rank'] === 'utility' ? ' · utility rank' : ''}`;
  return `${String(config['agent'])}${config['prompt'] ? `-${String(config['prompt'])}` : ''} · ${memory}`;
}

/** The rows of a run: all queries, then one per level. */
export function travelRunRows(summary: TravelRunSummary): TravelReportRow[] {
  return [
    { label: 'all', metrics: summary, tokens: summary.tokens, calls: summary.calls, steps: summary.steps.total },
    ...Object.entries(summary.byLevel).map(([level, m]) => ({ label: level, metrics: m })),
  ];
}

/** Writes `summary.json`, `episodes.jsonl`, `plans.jsonl` (official submission format), `report.md`, `report.html`. `STORAGE_FAILED` when it cannot. */
export function writeTravelRunOutputs(options: {
  dir: string;
  summary: TravelRunSummary;
  episodes: readonly TravelEpisode[];
  queries: readonly TravelQuery[];
}): Record<string, string> {
  const dir = resolve(options.dir);
  const paths = {
    dir,
    summary: join(dir, 'summary.json'),
    episodes: join(dir, 'episodes.jsonl'),
    plans: join(dir, 'plans.jsonl'),
    markdown: join(dir, 'report.md'),
    html: join(dir, 'report.html'),
  };
  const { summary, episodes } = options;
  const title = `TravelPlanner · ${travelRunLabel(summary.config)}`;
  const subtitle = `${String(summary.config['split'])} · ${String(summary.config['mode'])} · ${episodes.length} queries · seed ${String(summary.config['seed'])}`;
  const rows = travelRunRows(summary);
  const md = [
    `# ${title}`,
    '',
    subtitle,
    '',
    travelMarkdownTable(rows),
    '',
    ...summary.notes.map((n) => `- ${n}`),
    '',
  ].join('\n');
  const byIdx = new Map(episodes.map((e) => [e.idx, e]));
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(paths.summary, `${JSON.stringify(summary, null, 2)}\n`);
    writeFileSync(paths.episodes, episodes.map((e) => JSON.stringify(e)).join('\n') + (episodes.length ? '\n' : ''));
    writeFileSync(
      paths.plans,
      `${options.queries
        .filter((q) => byIdx.has(q.idx))
        .map((q) => JSON.stringify({ idx: q.idx, query: q.query, plan: byIdx.get(q.idx)?.plan ?? null }))
        .join('\n')}\n`,
    );
    writeFileSync(paths.markdown, md);
    writeFileSync(
      paths.html,
      renderTravelReportHtml({ title, subtitle, sections: [{ heading: 'Per level', rows }], notes: summary.notes }),
    );
  } catch (error) {
    throw wrapError(error, 'STORAGE_FAILED', `cannot write the run to ${dir}`);
  }
  return paths;
}
