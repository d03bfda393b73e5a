import type { History } from './api-client.js';
import { type Child, h } from './dom.js';

type Lines = History['changes'][number]['diffs'][number]['lines'];

/**
 * A side-by-side diff: before on the left, after on the right. Kept lines sit on both sides; a run of removed
 * lines is paired row by row with the run of added lines that follows it.
 */
export function sideBySide(field: string, lines: Lines): HTMLElement {
  const rows: Array<[Child, Child, string, string]> = [];
  for (let i = 0; i < lines.length; ) {
    const line = lines[i];
    if (!line) break;
    if (line.op === 'same') {
      rows.push([line.text, line.text, 'same', 'same']);
      i++;
      continue;
    }
    const dels: string[] = [];
    const adds: string[] = [];
    while (lines[i]?.op === 'del') dels.push((lines[i++] as Lines[number]).text);
    while (lines[i]?.op === 'add') adds.push((lines[i++] as Lines[number]).text);
    for (let k = 0; k < Math.max(dels.length, adds.length); k++) {
      rows.push([
        dels[k] ?? '',
        adds[k] ?? '',
        dels[k] === undefined ? 'blank' : 'del',
        adds[k] === undefined ? 'blank' : 'add',
      ]);
    }
  }
  return h(
    'div',
    { class: 'diff', role: 'group', 'aria-label': `Changes to ${field}` },
    h('div', { class: 'diff-field' }, field),
    h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        { class: 'diff-table' },
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Before'), h('th', { scope: 'col' }, 'After'))),
        h(
          'tbody',
          {},
          rows.map(([a, b, ca, cb]) =>
            h(
              'tr',
              {},
              h('td', { class: `d-${ca}` }, ca === 'del' ? h('span', { class: 'sr-only' }, 'removed: ') : null, a),
              h('td', { class: `d-${cb}` }, cb === 'add' ? h('span', { class: 'sr-only' }, 'added: ') : null, b),
            ),
          ),
        ),
      ),
    ),
  );
}
