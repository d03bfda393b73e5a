import { type MemoryList, api, nsPath } from './api-client.js';
import { h, pct, replace, when } from './dom.js';
import { type Page, type PageContext, nsHash } from './page-context.js';

const PAGE_SIZE = 50;

/** The filters in the route's query. */
interface Filters {
  q: string;
  status: string;
  kind: string;
}

/** The memory list: status, kind and text filters, pages of 50 in creation order. */
export const memoryListPage: Page = async (ctx) => {
  const q = ctx.query.get('q') ?? '';
  const status = ctx.query.get('status') ?? 'active';
  const kind = ctx.query.get('kind') ?? '';
  const after = ctx.query.get('after') ?? '';
  const params = new URLSearchParams({ limit: String(PAGE_SIZE) });
  if (status !== 'all') params.set('status', status);
  if (kind) params.set('kind', kind);
  if (q) params.set('q', q);
  if (after) params.set('after', after);

  const hashWith = (changes: Record<string, string>) => {
    const next = new URLSearchParams({ q, status, kind, ...changes });
    for (const [k, v] of [...next.entries()]) if (v === '') next.delete(k);
    return `${nsHash(ctx.ns, 'memories')}?${next}`;
  };
  const { form, input } = filterForm(ctx, { q, status, kind }, hashWith);
  const results = h('div', { 'aria-live': 'polite' }, h('p', { class: 'muted' }, 'Loading…'));
  replace(ctx.main, h('h1', {}, 'Memories'), form, results);
  if (ctx.query.has('focus')) input.focus();

  const list = await api<MemoryList>('GET', `${nsPath(ctx.ns, '/memories')}?${params}`);
  replace(results, ...listView(ctx, list, after, hashWith));
  performance.mark('memp:list-rendered');
};

/** The filter form; typing applies the text filter after a pause, a select applies at once. */
function filterForm(
  ctx: PageContext,
  { q, status, kind }: Filters,
  hashWith: (changes: Record<string, string>) => string,
): { form: HTMLFormElement; input: HTMLInputElement } {
  const input = h('input', {
    type: 'search',
    id: 'filter-q',
    name: 'q',
    value: q,
    placeholder: 'task, keyword, step…',
    autocomplete: 'off',
  });
  const statusSel = h(
    'select',
    { id: 'filter-status', name: 'status' },
    ['active', 'deprecated', 'all'].map((v) => h('option', { value: v, selected: v === status }, v)),
  );
  const kindSel = h(
    'select',
    { id: 'filter-kind', name: 'kind' },
    [
      ['', 'any kind'],
      ['trajectory', 'trajectory'],
      ['script', 'script'],
      ['proceduralization', 'proceduralization'],
      ['lesson', 'lesson'],
    ].map(([v, label]) => h('option', { value: v as string, selected: v === kind }, label as string)),
  );
  const apply = () => ctx.go(hashWith({ q: input.value.trim(), status: statusSel.value, kind: kindSel.value }));
  let timer: number | undefined;
  input.addEventListener('input', () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(apply, 350);
  });
  statusSel.addEventListener('change', apply);
  kindSel.addEventListener('change', apply);
  const form = h(
    'form',
    {
      class: 'filters',
      role: 'search',
      onsubmit: (e) => {
        e.preventDefault();
        window.clearTimeout(timer);
        apply();
      },
    },
    h('label', { for: 'filter-q' }, 'Filter'),
    input,
    h('label', { for: 'filter-status' }, 'Status'),
    statusSel,
    h('label', { for: 'filter-kind' }, 'Kind'),
    kindSel,
    h('button', { type: 'submit' }, 'Apply'),
  );
  return { form, input };
}

/** The count, the table of one page of memories, and the pager. */
function listView(
  ctx: PageContext,
  list: MemoryList,
  after: string,
  hashWith: (changes: Record<string, string>) => string,
): HTMLElement[] {
  const rows = list.memories.map((m) => {
    const hits = m.stats.retrieved;
    return h(
      'tr',
      { 'data-id': m.id },
      h('td', { class: 'task' }, h('a', { href: nsHash(ctx.ns, 'memories', m.id) }, m.task)),
      h('td', {}, m.kind),
      h('td', {}, h('span', { class: `badge ${m.status}` }, m.status)),
      h('td', { class: 'num' }, hits),
      h('td', { class: 'num' }, hits === 0 ? '–' : pct(m.stats.succeeded / hits)),
      h('td', {}, m.provenance.builtBy),
      h('td', {}, when(m.updatedAt)),
    );
  });
  const count =
    list.matched === undefined
      ? `${list.memories.length} shown${list.next ? ' (more on the next page)' : ''}`
      : `${list.matched} matching`;
  return [
    h('p', { class: 'muted', id: 'list-count' }, count),
    list.memories.length === 0
      ? h('p', { class: 'empty' }, 'No memory matches.')
      : h(
          'div',
          { class: 'table-wrap' },
          h(
            'table',
            { id: 'memory-list' },
            h('caption', {}, 'Memories in creation order'),
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                ['Task', 'Kind', 'Status', 'Hits', 'Success', 'Built by', 'Updated'].map((c) =>
                  h('th', { scope: 'col' }, c),
                ),
              ),
            ),
            h('tbody', {}, rows),
          ),
        ),
    h(
      'nav',
      { class: 'pager', 'aria-label': 'Pages' },
      after ? h('button', { type: 'button', onclick: () => history.back() }, '← Previous') : null,
      list.next ? h('a', { href: hashWith({ after: list.next }), rel: 'next' }, 'Next →') : null,
    ),
  ];
}
