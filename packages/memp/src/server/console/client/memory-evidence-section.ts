import { type MemoryDetail, type PendingCandidate, api, nsPath } from './api-client.js';
import { type Child, facts, h } from './dom.js';
import { errorView } from './error-view.js';
import type { PageContext } from './page-context.js';

/**
 * The memory's attributed evidence (counts per outcome, witnesses, the distinct sources) and, for an admin key, its
 * pending candidates with Promote and Reject buttons (docs/trust.md). `redraw` reloads the page after a decision.
 * Every stored text is untrusted: it is set as text nodes (`h`), never as HTML.
 */
export async function memoryEvidenceSection(options: {
  ctx: PageContext;
  id: string;
  say: (el: HTMLElement) => void;
  redraw: (message: string) => Promise<void>;
}): Promise<HTMLElement> {
  const { ctx, id } = options;
  const path = `/memories/${encodeURIComponent(id)}`;
  const { evidence } = await api<MemoryDetail>('GET', nsPath(ctx.ns, path));
  const c = evidence.counts;
  const parts: Child[] = [
    h('h2', {}, 'Evidence'),
    facts([
      ['Successes', `${c.success ?? 0} (${evidence.witnesses.success} witnesses)`],
      ['Failures', `${c.failure ?? 0} (${evidence.witnesses.failure} witnesses)`],
      ['Support', `${c.support ?? 0}`],
      ['Sources', evidence.sources.length === 0 ? '—' : evidence.sources.join(', ')],
      ['Pending candidates', `${evidence.pending}`],
    ]),
  ];
  if (ctx.canAdmin && evidence.pending > 0) {
    const { candidates } = await api<{ candidates: PendingCandidate[] }>(
      'GET',
      nsPath(ctx.ns, `/candidates?memoryId=${encodeURIComponent(id)}`),
    );
    parts.push(
      h(
        'ul',
        { id: 'candidates', class: 'candidates' },
        candidates.map((cand) => candidateItem(cand, options)),
      ),
    );
  }
  return h('section', { id: 'evidence' }, parts);
}

function candidateItem(
  cand: PendingCandidate,
  options: { ctx: PageContext; say: (el: HTMLElement) => void; redraw: (message: string) => Promise<void> },
): HTMLElement {
  const { record } = cand;
  const decide = async (action: 'promote' | 'reject') => {
    try {
      await api('POST', nsPath(options.ctx.ns, `/candidates/${encodeURIComponent(record.id)}/${action}`), {});
      await options.redraw(`${action === 'promote' ? 'Promoted' : 'Rejected'} candidate ${record.id}.`);
    } catch (error) {
      options.say(errorView(error));
    }
  };
  return h(
    'li',
    { 'data-candidate': record.id },
    h(
      'p',
      {},
      `${record.proposal?.reason ?? 'change'} proposed by ${record.source} (${record.trust}), ` +
        `${cand.witnesses} witness${cand.witnesses === 1 ? '' : 'es'}${cand.stale ? ', made against an older version' : ''}`,
    ),
    record.proposal?.note ? h('p', { class: 'muted' }, record.proposal.note) : null,
    record.proposal?.content.script !== undefined ? h('pre', {}, record.proposal.content.script) : null,
    h('button', { type: 'button', class: 'promote', onclick: () => void decide('promote') }, 'Promote'),
    h('button', { type: 'button', class: 'reject danger', onclick: () => void decide('reject') }, 'Reject'),
  );
}
