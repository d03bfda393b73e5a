import type { History, Memory } from './api-client.js';
import { sideBySide } from './diff-view.js';
import { facts, h, pct, when } from './dom.js';

/** Steps shown open when there are at most this many; longer lists start collapsed. */
const OPEN_STEPS = 8;

/** The read-only sections of the memory detail page, top to bottom, each built from the memory alone. */
export const memoryDetailSections = {
  /** Title, status, kind, version and id. */
  header(m: Memory): HTMLElement[] {
    return [
      h('h1', { id: 'memory-task' }, m.task),
      h(
        'p',
        { class: 'meta' },
        h('span', { class: `badge ${m.status}`, id: 'memory-status' }, m.status),
        ' ',
        h('span', { class: 'badge' }, m.kind),
        ' ',
        h('span', { id: 'memory-version' }, `version ${m.version}`),
        ' · ',
        h('code', {}, m.id),
      ),
    ];
  },

  /** The script, when the memory has one. */
  script(m: Memory): HTMLElement | null {
    return m.script === undefined
      ? null
      : h('section', {}, h('h2', {}, 'Script'), h('pre', { class: 'content', id: 'memory-script' }, m.script));
  },

  /** The steps, collapsed when there are more than {@link OPEN_STEPS}; nothing when there are none. */
  steps(m: Memory): HTMLElement | null {
    const stepList = m.steps ?? [];
    if (stepList.length === 0) return null;
    return h(
      'section',
      {},
      h('h2', {}, 'Steps'),
      h(
        'details',
        { open: stepList.length <= OPEN_STEPS },
        h('summary', {}, `${stepList.length} steps`),
        h(
          'ol',
          { class: 'steps', id: 'memory-steps' },
          stepList.map((st) =>
            h(
              'li',
              {},
              st.thought ? h('div', { class: 'thought' }, st.thought) : null,
              h('code', {}, st.action),
              st.observation ? h('div', { class: 'obs' }, st.observation) : null,
            ),
          ),
        ),
      ),
    );
  },

  /** Usage stats beside provenance. */
  statsAndProvenance(m: Memory): HTMLElement {
    const hits = m.stats.retrieved;
    return h(
      'section',
      { class: 'two' },
      h(
        'div',
        {},
        h('h2', {}, 'Stats'),
        facts([
          ['Hits', String(hits)],
          ['Succeeded', String(m.stats.succeeded)],
          ['Failed', String(m.stats.failed)],
          ['Success rate', hits === 0 ? '–' : pct(m.stats.succeeded / hits)],
          ['Last used', when(m.stats.lastUsedAt)],
          ['Created', when(m.createdAt)],
          ['Updated', when(m.updatedAt)],
        ]),
      ),
      h(
        'div',
        {},
        h('h2', {}, 'Provenance'),
        facts([
          ['Built by', m.provenance.builtBy],
          ['Embedder', m.provenance.embedder],
          [
            'Source trajectories',
            m.provenance.from.length === 0
              ? '–'
              : h(
                  'ul',
                  { class: 'plain' },
                  m.provenance.from.map((t) => h('li', {}, h('code', {}, t))),
                ),
          ],
          ['Keywords', m.keywords.join(', ') || '–'],
        ]),
      ),
    );
  },

  /** Every change, newest first, with side-by-side diffs of what it changed. */
  history(changes: History['changes']): HTMLElement {
    return h(
      'section',
      { id: 'history' },
      h('h2', {}, `History (${changes.length})`),
      changes.length === 0
        ? h('p', { class: 'muted' }, 'Never changed since it was built.')
        : [...changes]
            .reverse()
            .map((c) =>
              h(
                'article',
                { class: 'change', 'data-version': c.version },
                h(
                  'h3',
                  {},
                  `Version ${c.version} · ${c.reason}`,
                  c.statusBefore !== c.statusAfter ? ` · ${c.statusBefore} → ${c.statusAfter}` : '',
                  ' · ',
                  when(c.at),
                ),
                c.note ? h('p', { class: 'note' }, 'Reason: ', h('q', {}, c.note)) : null,
                c.diffs.length === 0
                  ? h('p', { class: 'muted' }, 'Content unchanged.')
                  : c.diffs.map((d) => sideBySide(d.field, d.lines)),
              ),
            ),
    );
  },
};
