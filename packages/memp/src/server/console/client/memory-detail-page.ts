import { ApiError, type History, type Memory, api, nsPath } from './api-client.js';
import { h, replace } from './dom.js';
import { errorView } from './error-view.js';
import { memoryDetailSections } from './memory-detail-sections.js';
import { memoryEvidenceSection } from './memory-evidence-section.js';
import { type Page, type PageContext, nsHash } from './page-context.js';
import { stepsToText, textToSteps } from './steps-text.js';

interface Draft {
  script: string;
  steps: string;
  note: string;
  /** The version the draft was started from. */
  version: number;
}

/** One drawn memory and the parts of the page its actions write to. */
interface DetailView {
  ctx: PageContext;
  m: Memory;
  /** Status messages (saved, conflict, errors). */
  flashBox: HTMLElement;
  /** Where the edit form opens. */
  editor: HTMLElement;
  /** Shows `el` in the status box. */
  say(el: HTMLElement): void;
}

/** The editor's fields. */
interface EditorFields {
  script: HTMLTextAreaElement;
  steps: HTMLTextAreaElement;
  note: HTMLInputElement;
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
  const flashBox = h('div', { id: 'flash', role: 'status' }, flash);
  const view: DetailView = {
    ctx,
    m,
    flashBox,
    editor: h('div', { id: 'editor' }),
    say: (el) => replace(flashBox, el),
  };
  replace(
    ctx.main,
    h('p', { class: 'crumbs' }, h('a', { href: nsHash(ctx.ns, 'memories') }, '← Memories')),
    memoryDetailSections.header(m),
    actionBar(view),
    flashBox,
    view.editor,
    memoryDetailSections.script(m),
    memoryDetailSections.steps(m),
    memoryDetailSections.statsAndProvenance(m),
    await memoryEvidenceSection({
      ctx,
      id,
      say: view.say,
      redraw: (message) => draw(ctx, h('p', { class: 'alert ok' }, message), undefined),
    }),
    memoryDetailSections.history(changes),
  );
  if (draft) {
    openEditor(view, { ...draft, version: m.version });
    view.say(
      h(
        'p',
        { class: 'alert warn' },
        `Loaded version ${m.version}; your draft is in the editor. Review it and save again.`,
      ),
    );
  }
}

/** Edit, deprecate or restore, and delete: the buttons the key allows, or a read-only note. */
function actionBar(view: DetailView): HTMLElement {
  const { ctx, m } = view;
  if (!ctx.canWrite) return h('p', { class: 'muted', id: 'read-only' }, 'Read-only: this key cannot change memories.');
  return h(
    'div',
    { class: 'actions', role: 'toolbar', 'aria-label': 'Actions' },
    h(
      'button',
      {
        type: 'button',
        id: 'edit',
        onclick: () =>
          openEditor(view, { script: m.script ?? '', steps: stepsToText(m.steps), note: '', version: m.version }),
      },
      'Edit',
    ),
    m.status === 'active'
      ? h('button', { type: 'button', id: 'deprecate', onclick: () => void lifecycle(view, 'deprecate') }, 'Deprecate')
      : h('button', { type: 'button', id: 'restore', onclick: () => void lifecycle(view, 'restore') }, 'Restore'),
    ctx.canAdmin
      ? h('button', { type: 'button', id: 'delete', class: 'danger', onclick: () => confirmDelete(view) }, 'Delete')
      : null,
  );
}

async function lifecycle(view: DetailView, action: 'deprecate' | 'restore'): Promise<void> {
  const { ctx, m } = view;
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
    view.say(errorView(error));
  }
}

function confirmDelete(view: DetailView): void {
  const { ctx, m } = view;
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
          view.say(errorView(error));
        }
      },
    },
    'Delete for good',
  );
  view.say(
    h(
      'div',
      { class: 'alert warn', role: 'alert' },
      'Delete this memory and its history? This cannot be undone. ',
      yes,
      ' ',
      h('button', { type: 'button', onclick: () => replace(view.flashBox) }, 'Cancel'),
    ),
  );
  yes.focus();
}

function openEditor(view: DetailView, start: Draft): void {
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
  const fields: EditorFields = { script, steps, note };
  replace(
    view.editor,
    h(
      'form',
      { class: 'edit', onsubmit: (e: Event) => void save(view, start, fields, e), 'aria-label': 'Edit memory' },
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
        h('button', { type: 'button', onclick: () => replace(view.editor) }, 'Cancel'),
      ),
    ),
  );
  script.focus();
}

/** Saves what changed against the version the edit started from; on `CONFLICT`, offers to reload keeping the draft. */
async function save(view: DetailView, start: Draft, fields: EditorFields, e: Event): Promise<void> {
  e.preventDefault();
  const { ctx, m } = view;
  const { script, steps, note } = fields;
  const original = { script: m.script ?? '', steps: stepsToText(m.steps) };
  const body: Record<string, unknown> = { version: start.version };
  if (script.value !== original.script) body.script = script.value;
  if (steps.value !== original.steps) body.steps = textToSteps(steps.value);
  if (note.value.trim()) body.note = note.value.trim();
  if (!('script' in body) && !('steps' in body)) {
    view.say(h('p', { class: 'alert warn' }, 'Nothing changed.'));
    return;
  }
  try {
    const after = await api<Memory>('PATCH', nsPath(ctx.ns, `/memories/${encodeURIComponent(m.id)}`), body);
    await draw(ctx, h('p', { class: 'alert ok' }, `Saved: now version ${after.version}.`), undefined);
  } catch (error) {
    if (error instanceof ApiError && error.code === 'CONFLICT') {
      const mine: Draft = { script: script.value, steps: steps.value, note: note.value, version: start.version };
      view.say(conflictNotice(ctx, mine));
    } else view.say(errorView(error));
  }
}

function conflictNotice(ctx: PageContext, mine: Draft): HTMLElement {
  return h(
    'div',
    { class: 'alert conflict', role: 'alert', id: 'conflict' },
    h('strong', {}, 'Conflict: '),
    `this memory was changed by someone else since you opened it (you edited version ${mine.version}). Your edit was NOT saved. `,
    h(
      'button',
      {
        type: 'button',
        id: 'reload-latest',
        onclick: () => void draw(ctx, undefined, { ...mine, version: Number.NaN }),
      },
      'Load the latest version, keep my draft',
    ),
  );
}
