import { type Overview, api, nsPath } from './api-client.js';
import { lineChart } from './charts.js';
import { facts, h, pct, replace, table, when } from './dom.js';
import { type Page, nsHash } from './page-context.js';

/** Namespace overview: counts, memory growth, the most and least successful procedures. */
export const overviewPage: Page = async (ctx) => {
  const o = await api<Overview>('GET', nsPath(ctx.ns, '/overview'));
  const st = o.stats;
  const brief = (caption: string, list: Overview['mostSuccessful']) =>
    list.length === 0
      ? h('p', { class: 'muted' }, `${caption}: no memory has been used by a finished episode yet.`)
      : table(
          caption,
          ['Task', 'Kind', 'Hits', 'Success', 'Status'],
          list.map((m) => [
            h('a', { href: nsHash(ctx.ns, 'memories', m.id) }, m.task),
            m.kind,
            m.hits,
            pct(m.successRate),
            m.status,
          ]),
        );
  const label = (at: string) => {
    const d = new Date(at);
    return o.bucket === 'day'
      ? d.toLocaleDateString()
      : d.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
  };
  replace(
    ctx.main,
    h('h1', {}, 'Namespace ', h('code', {}, ctx.ns)),
    h(
      'section',
      { class: 'cards', 'aria-label': 'Counts' },
      [
        ['Active memories', st.active],
        ['Deprecated', st.deprecated],
        ['Trajectories', st.trajectories],
        ['Revisions', st.revisions],
      ].map(([k, v]) => h('div', { class: 'card' }, h('div', { class: 'big' }, String(v)), h('div', {}, String(k)))),
    ),
    facts([
      [
        'By kind',
        Object.entries(st.byKind)
          .map(([k, v]) => `${k} ${v}`)
          .join(' · '),
      ],
      ['Embedder', st.space ? `${st.space.embedder} (${st.space.dimension} d)` : '–'],
    ]),
    h(
      'section',
      {},
      h('h2', {}, 'Memory growth'),
      o.growth.length === 0
        ? h('p', { class: 'muted' }, 'No memories yet.')
        : [
            lineChart({
              title: `Memories created, per ${o.bucket} (running total)`,
              series: [
                { name: 'all', values: o.growth.map((g) => g.total) },
                { name: 'active now', values: o.growth.map((g) => g.active) },
              ],
              xLabels: o.growth.map((g) => label(g.at)),
            }),
            h(
              'p',
              { class: 'muted' },
              `First memory ${when(o.growth[0]?.at)}; last bucket ${when(o.growth.at(-1)?.at)}.`,
            ),
          ],
    ),
    h(
      'section',
      { class: 'two' },
      h('div', {}, h('h2', {}, 'Most successful'), brief('Most successful procedures', o.mostSuccessful)),
      h('div', {}, h('h2', {}, 'Least successful'), brief('Least successful procedures', o.leastSuccessful)),
    ),
  );
};
