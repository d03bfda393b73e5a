import { type RunDetail, type RunListItem, api } from './api-client.js';
import { lineChart } from './charts.js';
import { type Child, facts, h, pct, replace, table, when } from './dom.js';
import { errorView } from './error-view.js';
import type { Page } from './page-context.js';

const runHash = (id: string) => `#/runs/${encodeURIComponent(id)}`;
const runPath = (id: string, rest = '') => `/v1/runs/${encodeURIComponent(id)}${rest}`;

/** Every benchmark run under the server's runs directory. */
export const runsPage: Page = async (ctx) => {
  if (!ctx.whoami.runs) {
    replace(
      ctx.main,
      h('h1', {}, 'Runs'),
      h('p', { class: 'empty' }, 'This server has no runs directory. Start it with `memp serve --runs DIR`.'),
    );
    return;
  }
  const { runs } = await api<{ runs: RunListItem[] }>('GET', '/v1/runs');
  replace(
    ctx.main,
    h('h1', {}, 'Runs'),
    runs.length === 0
      ? h('p', { class: 'empty' }, 'No run yet.')
      : table(
          'Benchmark runs, newest first',
          ['Run', 'Kind', 'Label', 'Score', 'Episodes', 'Modified'],
          runs.map((r) => [
            h('a', { href: runHash(r.id) }, r.id),
            r.kind,
            r.label,
            pct(r.score),
            r.episodes ?? '–',
            when(r.modifiedAt),
          ]),
          { id: 'runs-table' },
        ),
  );
};

type Alf = NonNullable<RunDetail['alfworld']>;

function alfworldView(s: Alf): Child[] {
  const c = s.config;
  const types = Object.entries(s.byTaskType);
  return [
    facts([
      ['Success rate', `${pct(s.successRate)} (${s.successes}/${s.episodes})`],
      ['Mean steps', s.meanSteps.toFixed(1)],
      ['Agent', c.agent],
      ['Mode', `${c.mode}${c.memory ? `, k=${c.k}` : ', no memory'}`],
      ['Policies', c.memory ? `${c.build} · ${c.retrieve} · ${c.update}` : '–'],
      ['Split', c.split],
      ['Memory', `${s.memory.initial} → ${s.memory.final} active`],
      ['Tokens', `${s.tokens.input} in / ${s.tokens.output} out`],
      ['Seed / batch', `${c.seed} / ${c.batch}`],
      ['Duration', `${(s.durationMs / 1000).toFixed(1)} s`],
    ]),
    s.stopped ? h('p', { class: 'alert warn' }, `Stopped early: ${s.stopped.code} ${s.stopped.message}`) : null,
    s.batches.length > 0
      ? lineChart({
          title: 'Learning curve: success rate per batch',
          percent: true,
          yMax: 1,
          series: [{ name: 'success rate', values: s.batches.map((b) => b.successRate) }],
          xLabels: s.batches.map((b) => String(b.index + 1)),
        })
      : null,
    s.batches.length > 0
      ? lineChart({
          title: 'Mean steps and active memories per batch',
          series: [
            { name: 'mean steps', values: s.batches.map((b) => b.meanSteps) },
            { name: 'active memories', values: s.batches.map((b) => b.memorySize) },
          ],
          xLabels: s.batches.map((b) => String(b.index + 1)),
        })
      : null,
    table(
      'By task type',
      ['Task type', 'Episodes', 'Success', 'Mean steps'],
      types.map(([t, g]) => [t, g.episodes, pct(g.successRate), g.meanSteps.toFixed(1)]),
    ),
    table(
      'Batches',
      ['Batch', 'Episodes', 'Success', 'Mean steps', 'Memories', 'Created', 'Adjusted', 'Deprecated'],
      s.batches.map((b) => [
        b.index + 1,
        b.episodes,
        pct(b.successRate),
        b.meanSteps.toFixed(1),
        b.memorySize,
        b.updates?.created ?? '–',
        b.updates?.adjusted ?? '–',
        b.updates?.deprecated ?? '–',
      ]),
    ),
  ];
}

function comparisonView(cmp: NonNullable<RunDetail['comparison']>): Child[] {
  const types = [...new Set(cmp.rows.flatMap((r) => Object.keys(r.byTaskType)))].sort();
  const longest = Math.max(0, ...cmp.rows.map((r) => r.batches.length));
  return [
    table(
      'Comparison (success rate; mean steps)',
      ['Policy', 'SR', 'Steps', ...types, 'Run'],
      cmp.rows.map((r) => {
        const run =
          cmp.runs.find((id) => id.endsWith(`/${r.runId}`)) ?? cmp.runs.find((id) => id.split('/').at(-1) === r.runId);
        return [
          r.label,
          pct(r.successRate),
          r.meanSteps.toFixed(1),
          ...types.map((t) => pct(r.byTaskType[t]?.successRate)),
          run ? h('a', { href: runHash(run) }, 'open') : r.runId,
        ];
      }),
      { id: 'comparison-table' },
    ),
    longest > 0
      ? lineChart({
          title: 'Learning curves: success rate per batch',
          percent: true,
          yMax: 1,
          series: cmp.rows.map((r) => ({ name: r.label, values: r.batches.map((b) => b.successRate) })),
          xLabels: Array.from({ length: longest }, (_, i) => String(i + 1)),
        })
      : null,
    cmp.runs.length
      ? h(
          'ul',
          {},
          cmp.runs.map((id) => h('li', {}, h('a', { href: runHash(id) }, id))),
        )
      : null,
  ];
}

function travelView(t: NonNullable<RunDetail['travelplanner']>): Child[] {
  return [
    table(
      'TravelPlanner scores',
      ['Metric', 'Value'],
      [
        ['Delivery rate', pct(t.deliveryRate)],
        ['Commonsense micro', pct(t.commonsenseMicro)],
        ['Commonsense macro', pct(t.commonsenseMacro)],
        ['Hard micro', pct(t.hardMicro)],
        ['Hard macro', pct(t.hardMacro)],
        ['Final pass rate', pct(t.finalPassRate)],
      ],
      { id: 'tp-table' },
    ),
    facts([
      ['Queries', String(t.queries)],
      ['Split', t.config.split],
      ['Plans', t.config.plans],
      ['Rules', t.config.strict ? 'official' : 'non-strict'],
    ]),
    t.notes.length
      ? h(
          'ul',
          { class: 'notes' },
          t.notes.map((n) => h('li', {}, n)),
        )
      : null,
  ];
}

/** One run: ALFWorld summary with learning curves, a grid comparison, or a TravelPlanner evaluation; its files. */
export const runPage: Page = async (ctx) => {
  const id = ctx.rest.join('/');
  const run = await api<RunDetail>('GET', runPath(id));
  const viewer = h('div', { id: 'file-view' });
  const show = async (name: string) => {
    try {
      const text = await api<string>('GET', runPath(id, `/files/${name}`));
      replace(
        viewer,
        h('h2', {}, name),
        h('pre', { class: 'content' }, text.length > 200_000 ? `${text.slice(0, 200_000)}\n… (truncated)` : text),
      );
    } catch (error) {
      replace(viewer, errorView(error));
    }
  };
  replace(
    ctx.main,
    h('p', { class: 'crumbs' }, h('a', { href: '#/runs' }, '← Runs')),
    h('h1', {}, run.alfworld?.label ?? run.id),
    h('p', { class: 'meta' }, h('code', {}, run.id), ` · ${run.kind} · ${when(run.modifiedAt)}`),
    run.problem ? h('p', { class: 'alert warn' }, run.problem) : null,
    run.alfworld ? alfworldView(run.alfworld) : null,
    run.comparison ? comparisonView(run.comparison) : null,
    run.travelplanner ? travelView(run.travelplanner) : null,
    h(
      'section',
      {},
      h('h2', {}, 'Files'),
      h(
        'div',
        { class: 'actions' },
        run.files.map((f) =>
          h(
            'button',
            { type: 'button', onclick: () => void show(f.name) },
            `${f.name} (${Math.ceil(f.bytes / 1024)} kB)`,
          ),
        ),
      ),
    ),
    viewer,
  );
};
