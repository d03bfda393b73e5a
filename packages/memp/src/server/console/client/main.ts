import { ApiError, type Whoami, api } from './api-client.js';
import { h, replace } from './dom.js';
import { errorView } from './error-view.js';
import { keyForm, keysPage } from './keys-page.js';
import { memoryDetailPage } from './memory-detail-page.js';
import { memoryListPage } from './memory-list-page.js';
import { overviewPage } from './overview-page.js';
import { type Page, type PageContext, nsHash } from './page-context.js';
import { recallPage } from './recall-page.js';
import { runPage, runsPage } from './runs-page.js';

const ROLE_RANK = { read: 0, write: 1, admin: 2 } as const;

interface Route {
  page: Page;
  /** Which nav entry is current. */
  nav: 'overview' | 'memories' | 'recall' | 'runs' | 'key';
  ns?: string;
  rest: string[];
  query: URLSearchParams;
}

/** `#/ns/x/memories/id?q=…` → a page and its parameters. */
function parseRoute(hash: string, fallbackNs: string): Route {
  const [path = '', search = ''] = hash.replace(/^#/, '').split('?');
  const parts = path
    .split('/')
    .filter(Boolean)
    .map((p) => decodeURIComponent(p));
  const query = new URLSearchParams(search);
  if (parts[0] === 'runs')
    return parts.length > 1
      ? { page: runPage, nav: 'runs', rest: parts.slice(1), query }
      : { page: runsPage, nav: 'runs', rest: [], query };
  if (parts[0] === 'key') return { page: keysPage, nav: 'key', rest: [], query };
  if (parts[0] === 'ns' && parts[1]) {
    const ns = parts[1];
    if (parts[2] === 'memories') {
      return parts[3]
        ? { page: memoryDetailPage, nav: 'memories', ns, rest: parts.slice(3), query }
        : { page: memoryListPage, nav: 'memories', ns, rest: [], query };
    }
    if (parts[2] === 'recall') return { page: recallPage, nav: 'recall', ns, rest: [], query };
    return { page: overviewPage, nav: 'overview', ns, rest: [], query };
  }
  return { page: overviewPage, nav: 'overview', ns: fallbackNs, rest: [], query };
}

async function boot(): Promise<void> {
  const app = document.getElementById('app') as HTMLElement;
  let whoami: Whoami;
  try {
    whoami = await api<Whoami>('GET', '/v1/whoami');
  } catch (error) {
    if (error instanceof ApiError && error.code === 'UNAUTHORIZED') {
      replace(
        app,
        h(
          'main',
          { id: 'main', class: 'login' },
          h('h1', {}, 'memp console'),
          keyForm(sessionStorage.length ? `The key was refused: ${error.message}` : 'This server needs an API key.'),
        ),
      );
      document.getElementById('key-input')?.focus();
      return;
    }
    replace(app, h('main', { id: 'main' }, errorView(error)));
    return;
  }
  let namespaces: string[] = [];
  try {
    namespaces = (await api<{ namespaces: string[] }>('GET', '/v1/namespaces')).namespaces;
  } catch {
    // A key for one namespace may still list it; fall back to that namespace below.
  }
  if (whoami.namespace !== '*' && !namespaces.includes(whoami.namespace)) namespaces.push(whoami.namespace);
  if (namespaces.length === 0) namespaces.push('default');
  const firstNs = namespaces.includes('default') ? 'default' : (namespaces[0] as string);

  const nsSelect = h(
    'select',
    { id: 'ns-select', 'aria-label': 'Namespace' },
    namespaces.map((n) => h('option', { value: n }, n)),
  );
  const nav = h('nav', { class: 'nav', 'aria-label': 'Pages' });
  const main = h('main', { id: 'main', tabindex: -1 });
  replace(
    app,
    h(
      'header',
      { class: 'top' },
      h('a', { class: 'brand', href: '#/' }, 'memp'),
      nsSelect,
      nav,
      h(
        'span',
        { class: `badge role-${whoami.role}`, id: 'role-badge', title: 'role of the key in use' },
        whoami.anonymous ? 'local admin' : `${whoami.role} key`,
      ),
    ),
    main,
  );

  let current = firstNs;
  nsSelect.addEventListener('change', () => {
    location.hash = nsHash(nsSelect.value);
  });
  let seq = 0;
  /** Draws the page of the current hash; false when the user navigated on before it was drawn. */
  const show = async (): Promise<boolean> => {
    const route = parseRoute(location.hash, current);
    current = route.ns ?? current;
    nsSelect.value = current;
    if (!namespaces.includes(current)) nsSelect.append(h('option', { value: current }, current));
    nsSelect.value = current;
    const link = (key: Route['nav'], href: string, label: string) =>
      h('a', { href, ...(route.nav === key ? { 'aria-current': 'page' } : {}) }, label);
    replace(
      nav,
      link('overview', nsHash(current), 'Overview'),
      link('memories', nsHash(current, 'memories'), 'Memories'),
      link('recall', nsHash(current, 'recall'), 'Recall'),
      link('runs', '#/runs', 'Runs'),
      link('key', '#/key', 'Key'),
    );
    // Each navigation draws into its own element. A page still waiting for an older request then draws into a
    // detached element, never over the page the user moved on to.
    const view = h('div', { class: 'view' }, h('p', { class: 'muted' }, 'Loading…'));
    replace(main, view);
    const ctx: PageContext = {
      main: view,
      whoami,
      ns: current,
      rest: route.rest,
      query: route.query,
      go: (hash) => {
        location.hash = hash;
      },
      canWrite: ROLE_RANK[whoami.role] >= ROLE_RANK.write && (whoami.namespace === '*' || whoami.namespace === current),
      canAdmin: ROLE_RANK[whoami.role] >= ROLE_RANK.admin && (whoami.namespace === '*' || whoami.namespace === current),
    };
    const mine = ++seq;
    main.setAttribute('aria-busy', 'true');
    try {
      await route.page(ctx);
    } catch (error) {
      replace(view, errorView(error));
    } finally {
      if (mine === seq) main.removeAttribute('aria-busy');
    }
    if (mine !== seq) return false;
    document.title = `${main.querySelector('h1')?.textContent ?? 'memp'} · memp console`;
    return true;
  };
  window.addEventListener('hashchange', () => {
    void show().then((latest) => latest && main.focus({ preventScroll: true }));
  });
  await show();
}

void boot();
