import { type ApiKeyRecord, api, storeKey, storedKey } from './api-client.js';
import { facts, h, replace, table, when } from './dom.js';
import { errorView } from './error-view.js';
import type { Page } from './page-context.js';

/** The key form: one key per browser session (sessionStorage), then reload the console. */
export function keyForm(message?: string): HTMLElement {
  const input = h('input', {
    id: 'key-input',
    type: 'password',
    autocomplete: 'off',
    placeholder: 'memp_…',
    required: true,
  });
  return h(
    'form',
    {
      class: 'key-form',
      onsubmit: (e) => {
        e.preventDefault();
        storeKey(input.value.trim());
        location.reload();
      },
    },
    message ? h('p', { class: 'alert warn', role: 'alert' }, message) : null,
    h('label', { for: 'key-input' }, 'API key (kept for this browser tab only)'),
    input,
    ' ',
    h('button', { type: 'submit', id: 'key-submit' }, 'Use this key'),
  );
}

/** Who am I, change or forget the key; admins also list, create and revoke keys. */
export const keysPage: Page = async (ctx) => {
  const w = ctx.whoami;
  const list = h('div', { id: 'key-list' });
  replace(
    ctx.main,
    h('h1', {}, 'Key'),
    facts([
      ['Caller', w.anonymous ? 'anonymous (keyless loopback server)' : h('code', {}, w.keyId ?? '')],
      ['Role', w.role],
      ['Namespace', w.namespace === '*' ? 'every namespace' : w.namespace],
    ]),
    storedKey()
      ? h(
          'button',
          {
            type: 'button',
            id: 'forget-key',
            onclick: () => {
              storeKey(undefined);
              location.reload();
            },
          },
          'Forget this key',
        )
      : null,
    h('h2', {}, 'Use another key'),
    keyForm(),
    ctx.canAdmin ? [h('h2', {}, 'Keys'), list] : null,
  );
  if (!ctx.canAdmin) return;
  const load = async () => {
    try {
      const { keys } = await api<{ keys: ApiKeyRecord[] }>('GET', '/v1/keys');
      const created = h('div', { role: 'status' });
      const ns = h('input', { id: 'new-key-ns', value: w.namespace === '*' ? ctx.ns : w.namespace, required: true });
      const role = h(
        'select',
        { id: 'new-key-role' },
        ['read', 'write', 'admin'].map((r) => h('option', { value: r }, r)),
      );
      replace(
        list,
        table(
          'API keys',
          ['Id', 'Name', 'Namespace', 'Role', 'Created', 'Revoked', ''],
          keys.map((k) => [
            h('code', {}, k.id),
            k.name ?? '–',
            k.namespace,
            k.role,
            when(k.createdAt),
            when(k.revokedAt),
            k.revokedAt
              ? ''
              : h(
                  'button',
                  {
                    type: 'button',
                    onclick: async () => {
                      try {
                        await api('DELETE', `/v1/keys/${encodeURIComponent(k.id)}`);
                        await load();
                      } catch (error) {
                        replace(created, errorView(error));
                      }
                    },
                  },
                  'Revoke',
                ),
          ]),
        ),
        h(
          'form',
          {
            class: 'row',
            onsubmit: async (e) => {
              e.preventDefault();
              try {
                const r = await api<{ key: string }>('POST', '/v1/keys', { namespace: ns.value, role: role.value });
                await load();
                replace(
                  list.querySelector('[role=status]') ?? created,
                  h('p', { class: 'alert ok' }, 'New key (shown once): ', h('code', {}, r.key)),
                );
              } catch (error) {
                replace(created, errorView(error));
              }
            },
          },
          h('label', { for: 'new-key-ns' }, 'Namespace'),
          ns,
          h('label', { for: 'new-key-role' }, 'Role'),
          role,
          h('button', { type: 'submit' }, 'Create key'),
        ),
        created,
      );
    } catch (error) {
      replace(list, errorView(error));
    }
  };
  await load();
};
