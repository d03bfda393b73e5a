import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestBrowser, launchTestBrowser } from '../testing/chromium-browser.js';
import { type ConsoleServer, HOSTILE_TASK, startConsoleServer } from '../testing/console-test-fixture.js';

const shots = process.env.MEMP_CONSOLE_SHOTS ?? mkdtempSync(join(tmpdir(), 'memp-console-shots-'));
const taken: string[] = [];
/** Elements sticking out of a 390 px viewport that are not inside a horizontally scrolling table wrapper. */
const WIDE_ELEMENTS = `[...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > 391 && !e.closest('.table-wrap'))
  .slice(0, 5).map((e) => e.tagName + '.' + e.className + ':' + Math.round(e.getBoundingClientRect().right))`;

async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(shots, { recursive: true });
  const path = join(shots, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  taken.push(path);
}

/** Opens the console in a new tab (its own sessionStorage) and enters `key`. */
async function signIn(t: TestBrowser, url: string, key: string): Promise<Page> {
  const page = await t.context.newPage();
  await page.goto(`${url}/`);
  await page.locator('#key-input').fill(key);
  await page.locator('#key-submit').click();
  await page.locator('#role-badge').waitFor();
  return page;
}

async function recalledIds(page: Page, ns: string, task: string): Promise<string[]> {
  await page.goto(`${page.url().split('#')[0]}#/ns/${ns}/recall`);
  await page.locator('#recall-task').fill(task);
  await page.locator('#recall-k').fill('10');
  await page.locator('#recall-run').click();
  await page.locator('#rendered-memp').waitFor();
  return page.locator('#recall-table tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-id') ?? ''));
}

describe('memory console in headless Chromium against memp serve', () => {
  let server: ConsoleServer;
  let browser: TestBrowser;
  let admin: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    server = await startConsoleServer();
    browser = await launchTestBrowser();
    admin = await signIn(browser, server.url, server.adminKey);
    admin.on('pageerror', (e) => errors.push(e.message));
    admin.on('console', (m) => {
      // Chromium logs every non-2xx answer (the 409 of the conflict test, …) as "Failed to load resource": expected.
      if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) errors.push(m.text());
    });
    // Usage, so the overview has most / least successful procedures.
    const listed = await server.call('GET', '/v1/namespaces/default/memories?limit=3');
    expect(listed.status, JSON.stringify(listed.body)).toBe(200);
    const [a, b] = listed.body.memories as Array<{ id: string }>;
    for (const outcome of [
      { memoryIds: [a?.id, b?.id], success: true },
      { memoryIds: [b?.id], success: false },
    ]) {
      const reported = await server.call('POST', '/v1/namespaces/default/outcomes', outcome);
      expect(reported.status, JSON.stringify(reported.body)).toBe(200);
    }
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    console.log(`console screenshots (${taken.length}):\n${taken.join('\n')}`);
  });

  it('shows the overview with counts, growth and best / worst procedures', async () => {
    // Signing in drew the overview before the outcomes were reported: wait for the one this navigation draws.
    await admin.goto(`${server.url}/#/ns/default`);
    const best = admin.getByRole('table', { name: 'Most successful procedures' }).locator('tbody tr');
    await best.nth(1).waitFor();
    expect(await best.count()).toBe(2);
    expect(await admin.locator('.card .big').first().textContent()).toBe('61');
    expect(await admin.locator('svg.chart').count()).toBe(1);
    await shot(admin, '01-overview');
  });

  it('never lets a page that answered late draw over the page the user moved on to', async () => {
    const overviewAnswered = new Promise<void>((done) => {
      void admin.route('**/v1/namespaces/default/overview*', async (route) => {
        await new Promise((wait) => setTimeout(wait, 1_500));
        await route.continue();
        done();
      });
    });
    await admin.goto(`${server.url}/#/ns/default/recall`);
    await admin.goto(`${server.url}/#/ns/default`);
    await admin.goto(`${server.url}/#/ns/default/memories`);
    await admin.locator('#memory-list').waitFor();
    await overviewAnswered;
    await admin.waitForTimeout(300); // the late overview's page code runs after its response
    await admin.unroute('**/v1/namespaces/default/overview*');
    expect(await admin.locator('#memory-list').count()).toBe(1);
    expect(await admin.locator('.cards').count()).toBe(0);
  });

  it('lists memories in pages, filters them by text, and opens one by keyboard', async () => {
    await admin.goto(`${server.url}/#/ns/default/memories`);
    await admin.locator('#memory-list').waitFor();
    expect(await admin.locator('#memory-list tbody tr').count()).toBe(50);
    await shot(admin, '02-memories');
    await admin.getByRole('link', { name: 'Next →' }).click();
    await admin.locator('#memory-list tbody tr').nth(10).waitFor();
    expect(await admin.locator('#memory-list tbody tr').count()).toBe(11);
    await admin.locator('#filter-q').fill('apple');
    await admin.locator('#filter-q').press('Enter');
    await admin.locator('#list-count', { hasText: 'matching' }).waitFor();
    const tasks = await admin.locator('#memory-list td.task').allTextContents();
    expect(tasks.length).toBe(5);
    for (const task of tasks) expect(task).toContain('apple');
    await shot(admin, '03-memories-filtered');
    await admin.locator('#memory-list td.task a').first().focus();
    await admin.keyboard.press('Enter');
    await admin.locator('#memory-task').waitFor();
    expect(await admin.locator('#memory-task').textContent()).toContain('apple');
  });

  it('renders hostile memory text inert, in the page and in the prompt preview', async () => {
    await admin.goto(`${server.url}/#/ns/default/memories?q=${encodeURIComponent('procedural_memory')}`);
    await admin.locator('#memory-list td.task a').first().click();
    await admin.locator('#memory-task').waitFor();
    expect(await admin.locator('#memory-task').textContent()).toBe(HOSTILE_TASK);
    expect(
      await admin.evaluate(
        "({ pwned: window.__pwned, scripts: document.querySelectorAll('main script, #app script').length })",
      ),
    ).toEqual({ pwned: undefined, scripts: 0 });
    await shot(admin, '04-hostile-memory');
    await recalledIds(admin, 'default', 'clean the plate');
    const rendered = (await admin.locator('#rendered-memp').textContent()) ?? '';
    expect(rendered.match(/<\/procedural_memory>/g)?.length).toBe(1); // only the real closing tag
    expect(rendered).not.toContain('<script>');
    expect(await admin.locator('#rendered-markdown').textContent()).toContain('[/procedural_memory]');
    expect(await admin.evaluate('window.__pwned')).toBeUndefined();
  });

  it('explains a hybrid recall: vector and lexical parts, matched terms, learned expansions, all inert text', async () => {
    const episode = (task: string, verbs: string[]) => ({
      trajectory: {
        task,
        steps: verbs.map((v) => ({ action: `${v}({"order":"X"})`, observation: 'ok' })),
        outcome: { success: true },
      },
    });
    const learned = await server.call('POST', '/v1/namespaces/desk/learn/batch', {
      items: [
        episode('refund order A17 of anna', ['lookup', 'refund', 'reply']),
        episode('reimburse order B22 of ben', ['lookup', 'refund', 'reply']),
        episode('refund order C5 of carl', ['lookup', 'policy', 'refund', 'reply']),
        episode('reimburse order D9 <img src=x onerror="window.__pwned=1"> of dora', [
          'lookup',
          'policy',
          'refund',
          'reply',
        ]),
        episode('ship order E3 of emil', ['lookup', 'label', 'reply']),
        episode('dispatch order F4 of fay', ['lookup', 'label', 'reply']),
        episode('ship order G7 of gus', ['lookup', 'carrier', 'label', 'reply']),
        episode('dispatch order H8 of hal', ['lookup', 'carrier', 'label', 'reply']),
      ],
    });
    expect(learned.status, JSON.stringify(learned.body)).toBe(200);
    await admin.goto(`${server.url}/#/ns/desk/recall`);
    await admin.locator('#recall-task').fill('refund order Z1 of zoe');
    await admin.locator('#recall-policy').selectOption('hybrid');
    await admin.locator('#recall-k').fill('8');
    await admin.locator('#recall-explain').check();
    await admin.locator('#recall-run').click();
    await admin.locator('#rendered-memp').waitFor();
    const headers = await admin.locator('#recall-table thead th').allTextContents();
    expect(headers).toEqual(['#', 'Score', 'Key', 'Task', 'Kind', 'Vector', 'Lexical', 'Matched terms']);
    const first = admin.locator('#recall-table tbody tr').first();
    expect(await first.locator('td').nth(2).textContent()).toBe('hybrid');
    expect(await first.locator('td.explain-vector').textContent()).toMatch(/^#\d+ · cosine -?\d\.\d{3} → \+\d\.\d{3}$/);
    expect(await first.locator('td.explain-lexical').textContent()).toMatch(/^#\d+ · score \d+\.\d{3} → \+\d\.\d{3}$/);
    expect(await first.locator('td.explain-matched code').allTextContents()).toEqual(
      expect.arrayContaining(['refund', 'order']),
    );
    // "reimburse" was learned from the namespace (tasks solved by the same procedure) and matched a memory.
    const note = (await admin.locator('#recall-expansion').textContent()) ?? '';
    expect(note).toContain('reimburs (cooccurrence from refund, support 2)');
    const viaExpansion = await admin.locator('#recall-table td.explain-matched code.expanded').allTextContents();
    expect(viaExpansion).toContain('reimburs*');
    expect(await admin.locator('#recall-table').textContent()).toContain('<img src=x onerror="window.__pwned=1">');
    expect(await admin.evaluate("document.querySelectorAll('main img').length")).toBe(0);
    expect(await admin.evaluate('window.__pwned')).toBeUndefined();
    await shot(admin, '05b-recall-explain');
  });

  it('runs a recall, edits a memory, shows the revision diff, deprecates and restores it', async () => {
    const ids = await recalledIds(admin, 'default', 'clean the mug and put it on countertop 1');
    expect(ids.length).toBeGreaterThan(0);
    expect(await admin.locator('#recall-table tbody tr').first().locator('td').nth(1).textContent()).toMatch(
      /^\d\.\d{3}$/,
    );
    expect(await admin.locator('#rendered-memp').textContent()).toContain(
      'Here are some guidelines of how to solve the similar task:',
    );
    expect(await admin.locator('.rendering h2').first().textContent()).toMatch(/≈\d+ tokens/);
    await shot(admin, '05-recall');
    const id = ids[0] as string;
    await admin.locator(`#recall-table tr[data-id="${id}"] a`).click();
    await admin.locator('#edit').click();
    const script = admin.locator('#edit-script');
    const before = (await script.inputValue()).split('\n');
    await script.fill([...before, 'Check the mug is clean before moving it.'].join('\n'));
    await admin.locator('#edit-note').fill('add a check');
    await admin.locator('#save-edit').click();
    await admin.getByText(/Saved: now version 2/).waitFor();
    const change = admin.locator('article.change[data-version="2"]');
    expect(await change.locator('h3').textContent()).toContain('edit');
    expect(await change.locator('.note').textContent()).toContain('add a check');
    expect(await change.locator('td.d-add').allTextContents()).toContain(
      'added: Check the mug is clean before moving it.',
    );
    await shot(admin, '06-memory-edited-diff');

    await admin.locator('#deprecate').click();
    await admin.getByText(/Deprecated: now version 3/).waitFor();
    expect(await admin.locator('#memory-status').textContent()).toBe('deprecated');
    expect(await recalledIds(admin, 'default', 'clean the mug and put it on countertop 1')).not.toContain(id);
    await admin.goto(`${server.url}/#/ns/default/memories/${id}`);
    await admin.locator('#restore').click();
    await admin.getByText(/Restored: now version 4/).waitFor();
    expect(await admin.locator('#memory-status').textContent()).toBe('active');
    expect(await admin.locator('article.change').count()).toBe(3);
    await shot(admin, '07-memory-restored');
    expect(await recalledIds(admin, 'default', 'clean the mug and put it on countertop 1')).toContain(id);
  });

  it('shows a conflict when another client changed the memory after the page loaded, and keeps the draft', async () => {
    const { body } = await server.call('GET', '/v1/namespaces/default/memories?q=banana-none&limit=1');
    expect(body.matched).toBe(0);
    const list = await server.call('GET', '/v1/namespaces/default/memories?q=potato&limit=1');
    const target = list.body.memories[0] as { id: string; version: number };
    await admin.goto(`${server.url}/#/ns/default/memories/${target.id}`);
    await admin.locator('#edit').click();
    const other = await server.call('PATCH', `/v1/namespaces/default/memories/${target.id}`, {
      script: '1. someone else',
      version: target.version,
    });
    expect(other.status).toBe(200);
    await admin.locator('#edit-script').fill('1. my draft');
    await admin.locator('#save-edit').click();
    await admin.locator('#conflict').waitFor();
    expect(await admin.locator('#conflict').textContent()).toContain('NOT saved');
    await shot(admin, '08-conflict');
    expect((await server.call('GET', `/v1/namespaces/default/memories/${target.id}`)).body.memory.script).toBe(
      '1. someone else',
    );
    await admin.locator('#reload-latest').click();
    await admin.getByText(/your draft is in the editor/).waitFor();
    expect(await admin.locator('#edit-script').inputValue()).toBe('1. my draft');
    await admin.locator('#save-edit').click();
    await admin.getByText(/Saved: now version/).waitFor();
    expect((await server.call('GET', `/v1/namespaces/default/memories/${target.id}`)).body.memory.script).toBe(
      '1. my draft',
    );
  });

  it('gives a read key no edit actions, and the server refuses a forced edit', async () => {
    const reader = await signIn(browser, server.url, server.readKey);
    expect(await reader.locator('#role-badge').textContent()).toBe('read key');
    const { body } = await server.call('GET', '/v1/namespaces/default/memories?limit=1');
    const m = body.memories[0] as { id: string; version: number };
    await reader.goto(`${server.url}/#/ns/default/memories/${m.id}`);
    await reader.locator('#read-only').waitFor();
    expect(await reader.locator('#edit, #deprecate, #restore, #delete').count()).toBe(0);
    await shot(reader, '09-read-key-memory');
    // The page's own key, sent by hand: what a user could do from the devtools.
    const forced = await reader.evaluate(`(async () => {
      const key = sessionStorage.getItem('memp.console.key');
      const res = await fetch('/v1/namespaces/default/memories/${m.id}', {
        method: 'PATCH', headers: { authorization: 'Bearer ' + key, 'content-type': 'application/json' }, body: JSON.stringify({ script: 'x', version: ${m.version} }),
      });
      return { status: res.status, code: (await res.json()).error.code };
    })()`);
    expect(forced).toEqual({ status: 403, code: 'FORBIDDEN' });
    await reader.close();
  });

  it('shows the runs and one run with its learning curve', async () => {
    await admin.goto(`${server.url}/#/runs`);
    await admin.locator('#runs-table').waitFor();
    await shot(admin, '10-runs');
    await admin.getByRole('link', { name: server.runId }).click();
    await admin.getByRole('img', { name: 'Learning curve: success rate per batch' }).waitFor();
    expect(await admin.locator('.facts').first().textContent()).toContain('Success rate');
    await admin.getByRole('button', { name: /report\.md/ }).click();
    await admin.locator('#file-view pre').waitFor();
    expect(await admin.locator('#file-view pre').textContent()).toContain('|');
    await shot(admin, '11-run');
  });

  it("shows a memory's evidence, and lets an admin promote a candidate an untrusted key proposed", async () => {
    const { body } = await server.call('GET', '/v1/namespaces/default/memories?status=active&limit=1');
    const m = body.memories[0] as {
      id: string;
      task: string;
      version: number;
      steps?: Array<{ action: string; observation?: string }>;
    };
    const agent = (await server.call('POST', '/v1/keys', { namespace: 'default', role: 'write' })).body.key as string;
    const learned = await server.call(
      'POST',
      '/v1/namespaces/default/learn',
      {
        trajectory: {
          task: m.task,
          steps: [
            { action: 'go to shelf 9', observation: 'Error: nothing happens.' },
            ...(m.steps ?? []).map((step) => ({ action: step.action, observation: step.observation ?? 'OK.' })),
          ],
          outcome: { success: true },
        },
        used: [m.id],
      },
      agent,
    );
    expect(learned.body.candidates, JSON.stringify(learned.body)).toEqual([m.id]);
    await admin.goto(`${server.url}/#/ns/default/memories/${m.id}`);
    await admin.locator('#candidates .promote').waitFor();
    const evidence = (await admin.locator('#evidence').textContent()) ?? '';
    expect(evidence).toContain('key:');
    expect(evidence).toContain('Pending candidates1');
    await shot(admin, '12-candidate');
    await admin.locator('#candidates .promote').click();
    await admin.locator('#flash .alert.ok').waitFor();
    const after = await server.call('GET', `/v1/namespaces/default/memories/${m.id}`);
    expect(after.body.evidence).toMatchObject({ pending: 0, counts: { promoted: 1 } });
    expect(after.body.memory.version).toBe(m.version + 1);
  });

  it('deletes a memory with an admin key, after a confirmation', async () => {
    const { body } = await server.call('GET', '/v1/namespaces/default/memories?q=lettuce&limit=1');
    const id = body.memories[0].id as string;
    await admin.goto(`${server.url}/#/ns/default/memories/${id}`);
    await admin.locator('#delete').click();
    await admin.locator('#confirm-delete').click();
    await admin.locator('#memory-list').waitFor();
    expect((await server.call('GET', `/v1/namespaces/default/memories/${id}`)).status).toBe(404);
  });

  it('is readable at phone width: no horizontal page scroll', async () => {
    await admin.setViewportSize({ width: 390, height: 844 });
    const pages = [
      ['#/ns/default/memories?status=all', '#memory-list', '12-phone-memories'],
      ['#/ns/default/recall', '#recall-task', '13-phone-recall'],
      ['#/ns/default', '.cards', '14-phone-overview'],
    ] as const;
    for (const [hash, ready, name] of pages) {
      await admin.goto(`${server.url}/${hash}`);
      await admin.locator(ready).waitFor();
      const wide = await admin.evaluate(WIDE_ELEMENTS);
      expect(
        await admin.evaluate('document.documentElement.scrollWidth'),
        `${hash}: ${JSON.stringify(wide)}`,
      ).toBeLessThanOrEqual(390);
      await shot(admin, name);
    }
    const { body } = await server.call('GET', '/v1/namespaces/default/memories?limit=1');
    await admin.goto(`${server.url}/#/ns/default/memories/${body.memories[0].id}`);
    await admin.locator('#memory-task').waitFor();
    expect(await admin.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await shot(admin, '15-phone-memory');
    await admin.setViewportSize({ width: 1280, height: 900 });
    expect(errors).toEqual([]);
  });
});
