import type { BenchSummary } from './bench-summary.js';

/** Short column names of the six ALFWorld task types, in the paper's order. */
export const TASK_TYPE_COLUMNS: ReadonlyArray<{ type: string; short: string }> = [
  { type: 'pick_and_place_simple', short: 'Pick' },
  { type: 'look_at_obj_in_light', short: 'Look' },
  { type: 'pick_clean_then_place_in_recep', short: 'Clean' },
  { type: 'pick_heat_then_place_in_recep', short: 'Heat' },
  { type: 'pick_cool_then_place_in_recep', short: 'Cool' },
  { type: 'pick_two_obj_and_place', short: 'Pick2' },
];

/** A success rate (0..1) as a percentage with one decimal. */
export function formatRate(rate: number): string {
  return `${(rate * 100).toFixed(1)}%`;
}

/** The task types present in any of `rows`, in the paper's order (unknown types last, sorted). */
export function taskTypesOf(rows: readonly BenchSummary[]): Array<{ type: string; short: string }> {
  const present = new Set(rows.flatMap((r) => Object.keys(r.byTaskType)));
  const known = TASK_TYPE_COLUMNS.filter((c) => present.has(c.type));
  const extra = [...present].filter((t) => !TASK_TYPE_COLUMNS.some((c) => c.type === t)).sort();
  return [...known, ...extra.map((type) => ({ type, short: type }))];
}

/** True when any row used a model (then tables show token and call columns). */
export function usesModel(rows: readonly BenchSummary[]): boolean {
  return rows.some((r) => r.calls > 0 || r.tokens.input > 0 || r.tokens.output > 0 || r.config.model !== undefined);
}

/** Column names of the model usage columns. */
export const USAGE_COLUMNS = ['Tokens in', 'Tokens out', 'Calls'] as const;

/** The usage cells of a row: tokens in, tokens out, calls. */
export function usageCells(row: BenchSummary): string[] {
  return [String(row.tokens.input), String(row.tokens.output), String(row.calls)];
}

/** A row's policy label, marked `(cut short)` when its run stopped early. */
export function rowLabel(row: BenchSummary): string {
  return row.stopped ? `${row.label} (cut short)` : row.label;
}

/** One sentence saying a run stopped early and why, or '' for a complete run. */
export function stoppedNote(summary: BenchSummary): string {
  if (!summary.stopped) return '';
  const why = summary.stopped.code === 'BUDGET_EXCEEDED' ? 'the token budget ran out' : summary.stopped.code;
  return `Cut short: ${why} — ${summary.episodes} of ${summary.stopped.planned} episodes completed (${summary.stopped.message}).`;
}

/**
 * The paper-shaped comparison table: one row per policy, success rate (↑) and mean steps (↓) overall and
 * per task type, and the model's tokens and calls when a model was used.
 */
export function renderComparisonTable(options: { rows: readonly BenchSummary[] }): string {
  const { rows } = options;
  const types = taskTypesOf(rows);
  const usage = usesModel(rows);
  const header = [
    'Policy',
    'SR ↑',
    'Steps ↓',
    ...types.flatMap((t) => [`${t.short} SR`, `${t.short} Steps`]),
    'Episodes',
    ...(usage ? USAGE_COLUMNS : []),
  ];
  const lines = [`| ${header.join(' | ')} |`, `|${header.map((_, i) => (i === 0 ? ' --- ' : ' ---: ')).join('|')}|`];
  for (const row of rows) {
    const cells = [
      rowLabel(row),
      formatRate(row.successRate),
      row.meanSteps.toFixed(1),
      ...types.flatMap((t) => {
        const g = row.byTaskType[t.type];
        return g ? [formatRate(g.successRate), g.meanSteps.toFixed(1)] : ['–', '–'];
      }),
      String(row.episodes),
      ...(usage ? usageCells(row) : []),
    ];
    lines.push(`| ${cells.map(escapeCell).join(' | ')} |`);
  }
  return lines.join('\n');
}

/**
 * A table of what the update policies did, for the rows that updated memory (online): memories created, adjusted
 * and deprecated, and episodes that retrieved an edited memory. Empty when no row updated memory.
 */
export function renderUpdatesTable(options: { rows: readonly BenchSummary[] }): string {
  const rows = options.rows.filter((r) => r.updates !== undefined);
  if (rows.length === 0) return '';
  const lines = [
    '| Policy | Created | Adjusted | Deprecated | Episodes using an edited memory |',
    '| --- | ---: | ---: | ---: | ---: |',
  ];
  for (const r of rows) {
    const u = r.updates as NonNullable<BenchSummary['updates']>;
    lines.push(
      `| ${escapeCell(rowLabel(r))} | ${u.created} | ${u.adjusted} | ${u.deprecated} | ${u.episodesUsingEdited} |`,
    );
  }
  return lines.join('\n');
}

/** The full `report.md` of one run: the policy table, the configuration and the learning curve. */
export function renderRunMarkdown(options: { summary: BenchSummary; baseline?: BenchSummary }): string {
  const { summary } = options;
  const c = summary.config;
  const rows = options.baseline ? [options.baseline, summary] : [summary];
  const out = [
    `# memp benchmark — ALFWorld ${c.split}`,
    '',
    `Run \`${summary.runId}\`: agent \`${c.agent}\` (${observationText(c.observation)}), ${c.memory ? `${c.mode} mode` : 'no memory'}` +
      (c.control === undefined ? '' : `, control \`${c.control}\` in place of retrieval`) +
      (c.memory
        ? `, build \`${c.build}\`, retrieve \`${c.retrieve}\` (k=${c.k}${c.minScore === undefined ? '' : `, min score ${c.minScore}`})${c.mode === 'online' ? `, update \`${c.update}\`` : ''}`
        : '') +
      `${c.memoryFrom ? `, memory from \`${c.memoryFrom}\`` : ''}, seed ${c.seed}, ${summary.episodes} episodes, cap ${c.maxSteps} steps.`,
    '',
    ...(c.model === undefined
      ? []
      : [
          `Model \`${c.model}\`${c.tokenBudget === undefined ? '' : ` (token budget ${c.tokenBudget})`}: ${summary.tokens.input} input and ` +
            `${summary.tokens.output} output tokens in ${summary.calls} calls (agent and LLM policies).`,
          '',
        ]),
    ...(summary.stopped ? [`**${stoppedNote(summary)}**`, ''] : []),
    '## Results',
    '',
    renderComparisonTable({ rows }),
    '',
    `SR = success rate; Steps = mean actions per episode (failures count the steps they took, up to the cap).`,
    '',
    '## Learning curve (per batch)',
    '',
    '| Batch | Episodes | SR | Steps | Memories | Created | Adjusted | Deprecated |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...summary.batches.map(
      (b) =>
        `| ${b.index + 1} | ${b.episodes} | ${formatRate(b.successRate)} | ${b.meanSteps.toFixed(1)} | ${b.memorySize} | ` +
        `${b.updates?.created ?? '–'} | ${b.updates?.adjusted ?? '–'} | ${b.updates?.deprecated ?? '–'} |`,
    ),
    '',
    `Memory: ${summary.memory.initial} active memories at the start, ${summary.memory.final} at the end` +
      (summary.memoryBuild
        ? ` (${summary.memoryBuild.memories} built from ${summary.memoryBuild.trajectories} trajectories in ${(summary.memoryBuild.ms / 1000).toFixed(1)} s` +
          `${summary.memoryBuild.fellBack ? `; ${summary.memoryBuild.fellBack} built offline after a model failure` : ''}` +
          `${summary.memoryBuild.skipped ? `; ${summary.memoryBuild.skipped} skipped after a model failure` : ''})`
        : '') +
      `. Tokens: ${summary.tokens.input} in, ${summary.tokens.output} out; ${summary.calls} model calls. Episodes took ${(summary.durationMs / 1000).toFixed(1)} s.`,
    '',
    ...(summary.memoryTokens === undefined || summary.memoryTokens.episodes === 0
      ? []
      : [
          `Rendered memory per episode (estimated tokens, ${summary.memoryTokens.episodes} episodes that received memory): ` +
            `mean ${summary.memoryTokens.mean.toFixed(1)}, p95 ${summary.memoryTokens.p95}, max ${summary.memoryTokens.max}.`,
          '',
        ]),
  ];
  return out.join('\n');
}

/** How a run's observation mode reads in a report. */
export function observationText(mode: 'text' | 'admissible' | undefined): string {
  if (mode === 'admissible') return 'observation text + admissible actions';
  if (mode === 'text') return 'observation text only, no admissible actions';
  return 'observation mode not recorded';
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|');
}
