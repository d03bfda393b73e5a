import { type RetrieveResponse, api, nsPath } from './api-client.js';
import { h, replace } from './dom.js';
import { errorView } from './error-view.js';
import { type Page, nsHash } from './page-context.js';
import { expansionNote, lexicalCell, matchedCell, vectorCell } from './recall-explain-view.js';

/**
 * The recall playground: what an agent would get for a task, with scores and the exact prompt text; with "Explain",
 * each hit's vector and full-text parts of the score, the terms it matched and the query's expanded terms.
 */
export const recallPage: Page = async (ctx) => {
  const task = h('textarea', {
    id: 'recall-task',
    rows: 2,
    required: true,
    placeholder: 'e.g. put a clean mug in the coffee machine',
  });
  task.value = ctx.query.get('task') ?? '';
  const policy = h(
    'select',
    { id: 'recall-policy' },
    ['query', 'avefact', 'hybrid', 'random'].map((p) => h('option', { value: p }, p)),
  );
  const k = h('input', { id: 'recall-k', type: 'number', min: 1, max: 100, value: 3 });
  const minScore = h('input', { id: 'recall-min', type: 'number', step: 0.01, placeholder: 'none' });
  const maxTokens = h('input', { id: 'recall-budget', type: 'number', min: 1, placeholder: 'none' });
  const explain = h('input', { id: 'recall-explain', type: 'checkbox' });
  explain.checked = ctx.query.get('explain') === '1';
  const out = h('div', { id: 'recall-results', 'aria-live': 'polite' });
  const run = async (e: Event) => {
    e.preventDefault();
    const body: Record<string, unknown> = {
      task: task.value,
      policy: policy.value,
      k: Number(k.value),
      renderAll: true,
    };
    if (explain.checked) body.explain = true;
    const explained = explain.checked;
    if (minScore.value !== '') body.minScore = Number(minScore.value);
    if (maxTokens.value !== '') body.maxTokens = Number(maxTokens.value);
    replace(out, h('p', { class: 'muted' }, 'Recalling…'));
    try {
      const r = await api<RetrieveResponse>('POST', nsPath(ctx.ns, '/retrieve'), body);
      replace(
        out,
        h('h2', {}, `${r.results.length} recalled`),
        explained && expansionNote(r.results),
        r.results.length === 0
          ? h('p', { class: 'empty' }, 'Nothing recalled: no active memory scores above the cut-off.')
          : h(
              'div',
              { class: 'table-wrap' },
              h(
                'table',
                { id: 'recall-table' },
                h('caption', {}, 'Ranked memories'),
                h(
                  'thead',
                  {},
                  h(
                    'tr',
                    {},
                    [
                      '#',
                      'Score',
                      'Key',
                      'Task',
                      'Kind',
                      ...(explained ? ['Vector', 'Lexical', 'Matched terms'] : []),
                    ].map((c) => h('th', { scope: 'col' }, c)),
                  ),
                ),
                h(
                  'tbody',
                  {},
                  r.results.map((x, i) =>
                    h(
                      'tr',
                      { 'data-id': x.memory.id },
                      h('td', { class: 'num' }, i + 1),
                      h('td', { class: 'num' }, x.score.toFixed(3)),
                      h('td', {}, x.key),
                      h('td', {}, h('a', { href: nsHash(ctx.ns, 'memories', x.memory.id) }, x.memory.task)),
                      h('td', {}, x.memory.kind),
                      explained && [vectorCell(x.explain), lexicalCell(x.explain), matchedCell(x.explain)],
                    ),
                  ),
                ),
              ),
            ),
        (r.renderings ?? []).map((x) =>
          h(
            'section',
            { class: 'rendering' },
            h('h2', {}, `Prompt text · ${x.format} format · ≈${x.tokens} tokens`),
            h('pre', { class: 'content', id: `rendered-${x.format}` }, x.text || '(empty: nothing recalled)'),
          ),
        ),
      );
    } catch (error) {
      replace(out, errorView(error));
    }
  };
  replace(
    ctx.main,
    h('h1', {}, 'Recall playground'),
    h('p', { class: 'muted' }, 'Retrieval has no side effect: it counts no hit. Only active memories are recalled.'),
    h(
      'form',
      { class: 'recall', onsubmit: run },
      h('label', { for: 'recall-task' }, 'Task'),
      task,
      h(
        'div',
        { class: 'grid4' },
        h('div', {}, h('label', { for: 'recall-policy' }, 'Policy'), policy),
        h('div', {}, h('label', { for: 'recall-k' }, 'k'), k),
        h('div', {}, h('label', { for: 'recall-min' }, 'Min score'), minScore),
        h('div', {}, h('label', { for: 'recall-budget' }, 'Token budget'), maxTokens),
      ),
      h(
        'label',
        { for: 'recall-explain', class: 'check' },
        explain,
        ' Explain: vector and lexical parts, matched terms',
      ),
      h('button', { type: 'submit', id: 'recall-run' }, 'Recall'),
    ),
    out,
  );
  task.focus();
};
