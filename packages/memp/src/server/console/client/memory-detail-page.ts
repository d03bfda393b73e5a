import { ApiError, type History, type Memory, api, nsPath } from './api-client.js';
import { sideBySide } from './diff-view.js';
import { facts, h, pct, replace, when } from './dom.js';
import { errorView } from './error-view.js';
import { type Page, type PageContext, nsHash } from './page-context.js';
import { stepsToText, textToSteps } from './steps-text.js';

/** Steps shown open when there are at most this many; longer lists start collapsed. */
const OPEN_STEPS = 8;

interface Draft {
  script: string;
  steps: string;
  note: string;
  /** The version the draft was started from. */
  version: number;
}

/** One memory: content, stats, provenance, history with side-by-side diffs, and the actions the key allows. */
export const memoryDetailPage: Page = async (ctx) => {
  await draw(ctx, undefined, undefined);
};

async function draw(ctx: PageContext, flash: HTMLElement | undefined, draft: Draft | undefined): Promise<void> {
  const id = ctx.rest[0] as string;
  const { memory: m, changes } = await api<History>(
    'GET',
    nsPath(ctx.ns, `/memories/${encodeURIComponent(id)}/history`),
  );
  const hits = m.stats.retrieved;
  const flashBox = h('div', { id: 'flash', role: 'status' }, flash);
  const editor = h('div', { id: 'editor' });
  const say = (el: HTMLElement) => replace(flashBox, el);

  const lifecycle = async (action: 'deprecate' | 'restore') => {
    try {
      const after = await api<Memory>('POST', nsPath(ctx.ns, `/memories/${encodeURIComponent(m.id)}/${action}`), {
        version: m.version,
      });
      await draw(
        ctx,
        h(
          'p',
          { class: 'alert ok' },
          `${action === 'deprecate' ? 'Deprecated' : 'Restored'}: now version ${after.version}.`,
        ),
        undefined,
      );
    } catch (error) {
      say(errorView(error));
    }
  };
  const confirmDelete = () => {
    const yes = h(
      'button',
      {
        type: 'button',
        class: 'danger',
        id: 'confirm-delete',
        onclick: async () => {
          try {
            await api('DELETE', nsPath(ctx.ns, `/memories/${encodeURIComponent(m.id)}`), undefined, {
              'if-match': `"${m.version}"`,
            });
            ctx.go(`${nsHash(ctx.ns, 'memories')}?deleted=${encodeURIComponent(m.id)}`);
          } catch (error) {
            say(errorView(error));
          }
        },
      },
      'Delete for good',
    );
    say(
      h(
        'div',
        { class: 'alert warn', role: 'alert' },
        'Delete this memory and its history? This cannot be undone. ',
        yes,
        ' ',
        h('button', { type: 'button', onclick: () => replace(flashBox) }, 'Cancel'),
      ),
    );
    yes.focus();
  };

  const openEditor = (start: Draft) => {
    const script = h('textarea', { id: 'edit-script', rows: 8, spellcheck: false });
    script.value = start.script;
    const steps = h('textarea', { id: 'edit-steps', rows: 10, spellcheck: false });
    steps.value = start.steps;
    const note = h('input', {
      id: 'edit-note',
      type: 'text',
      value: start.note,
      placeholder: 'why (kept in the history)',
    });
    const original = { script: m.script ?? '', steps: stepsToText(m.steps) };
    const save = async (e: Event) => {
      e.preventDefault();
      const body: Record<string, unknown> = { version: start.version };
      if (script.value !== original.script) body.script = script.value;
      if (steps.value !== original.steps) body.steps = textToSteps(steps.value);
      if (note.value.trim()) body.note = note.value.trim();
      if (!('script' in body) && !('steps' in body)) {
        say(h('p', { class: 'alert warn' }, 'Nothing changed.'));
        return;
      }
      try {
        const after = await api<Memory>('PATCH', nsPath(ctx.ns, `/memories/${encodeURIComponent(m.id)}`), body);
        await draw(ctx, h('p', { class: 'alert ok' }, `Saved: now version ${after.version}.`), undefined);
      } catch (error) {
        if (error instanceof ApiError && error.code === 'CONFLICT') {
          const mine: Draft = { script: script.value, steps: steps.value, note: note.value, version: start.version };
          say(
            h(
              'div',
              { class: 'alert conflict', role: 'alert', id: 'conflict' },
              h('strong', {}, 'Conflict: '),
              `this memory was changed by someone else since you opened it (you edited version ${start.version}). Your edit was NOT saved. `,
              h(
                'button',
                {
                  type: 'button',
                  id: 'reload-latest',
                  onclick: () => void draw(ctx, undefined, { ...mine, version: Number.NaN }),
                },
                'Load the latest version, keep my draft',
              ),
            ),
          );
        } else say(errorView(error));
      }
    };
    replace(
      editor,
      h(
        'form',
        { class: 'edit', onsubmit: save, 'aria-label': 'Edit memory' },
        h('label', { for: 'edit-script' }, 'Script'),
        script,
        h('label', { for: 'edit-steps' }, 'Steps, one per line: (thought) action → observation'),
        steps,
        h('label', { for: 'edit-note' }, 'Note'),
        note,
        h(
          'div',
          { class: 'row' },
          h('button', { type: 'submit', id: 'save-edit' }, 'Save'),
          ' ',
          h('button', { type: 'button', onclick: () => replace(editor) }, 'Cancel'),
        ),
      ),
    );
    script.focus();
  };

  const actions = ctx.canWrite
    ? h(
        'div',
        { class: 'actions', role: 'toolbar', 'aria-label': 'Actions' },
        h(
          'button',
          {
            type: 'button',
            id: 'edit',
            onclick: () =>
              openEditor({ script: m.script ?? '', steps: stepsToText(m.steps), note: '', version: m.version }),
          },
          'Edit',
        ),
        m.status === 'active'
          ? h('button', { type: 'button', id: 'deprecate', onclick: () => void lifecycle('deprecate') }, 'Deprecate')
          : h('button', { type: 'button', id: 'restore', onclick: () => void lifecycle('restore') }, 'Restore'),
        ctx.canAdmin
          ? h('button', { type: 'button', id: 'delete', class: 'danger', onclick: confirmDelete }, 'Delete')
          : null,
      )
    : h('p', { class: 'muted', id: 'read-only' }, 'Read-only: this key cannot change memories.');

  const stepList = m.steps ?? [];
  replace(
    ctx.main,
    h('p', { class: 'crumbs' }, h('a', { href: nsHash(ctx.ns, 'memories') }, '← Memories')),
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
    actions,
    flashBox,
    editor,
    m.script === undefined
      ? null
      : h('section', {}, h('h2', {}, 'Script'), h('pre', { class: 'content', id: 'memory-script' }, m.script)),
    stepList.length === 0
      ? null
      : h(
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
        ),
    h(
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
    ),
    h(
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
    ),
  );
  if (draft) {
    openEditor({ ...draft, version: m.version });
    say(
      h(
        'p',
        { class: 'alert warn' },
        `Loaded version ${m.version}; your draft is in the editor. Review it and save again.`,
      ),
    );
  }
}
