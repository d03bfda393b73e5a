/**
 * `npm run bench:console`: the console's page weight (HTML + JS + CSS, raw and gzipped) and the time to first render
 * of the memory list with 10,000 memories, in Debian's headless Chromium against a real server on a SQLite file.
 * Also the API calls behind it (list page, text filter, overview) at that size. Prints figures; asserts nothing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInMemoryApiKeyStore } from '../../../adapters/stores/in-memory/in-memory-api-key-store.js';
import { createSqliteMemoryStore } from '../../../adapters/stores/sqlite/sqlite-memory-store.js';
import { createMemp } from '../../../composition/create-memp.js';
import { startMempServer } from '../../http/start-memp-server.js';
import { launchTestBrowser } from '../../testing/chromium-browser.js';
import { consolePageHtml } from '../console-page.js';
import { loadConsoleAssets } from '../console-assets.js';
import { gzipSync } from 'node:zlib';

const MEMORIES = Number(process.env.MEMP_BENCH_MEMORIES ?? 10_000);
const RUNS = 5;
const OBJECTS = [
  'mug',
  'egg',
  'apple',
  'knife',
  'book',
  'pan',
  'cup',
  'potato',
  'lettuce',
  'bowl',
  'spoon',
  'tomato',
  'plate',
  'bread',
];
const VERBS = ['clean', 'heat', 'cool', 'slice', 'examine', 'put'];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const kb = (n: number) => `${(n / 1024).toFixed(1)} kB`;

async function main(): Promise<void> {
  const assets = loadConsoleAssets();
  if (!assets) throw new Error('console bundle missing: run `npm run build`');
  const html = Buffer.from(consolePageHtml(assets));
  const weight = {
    js: { raw: assets.script.body.length, gzip: assets.script.gzip.length },
    css: { raw: assets.style.body.length, gzip: assets.style.gzip.length },
    html: { raw: html.length, gzip: gzipSync(html, { level: 9 }).length },
  };
  console.log(
    `page weight: JS ${kb(weight.js.raw)} (${kb(weight.js.gzip)} gzip), CSS ${kb(weight.css.raw)} (${kb(weight.css.gzip)} gzip), ` +
      `HTML ${kb(weight.html.raw)} (${kb(weight.html.gzip)} gzip); JS+CSS gzip ${kb(weight.js.gzip + weight.css.gzip)}`,
  );

  const dir = mkdtempSync(join(tmpdir(), 'memp-console-bench-'));
  const memp = createMemp({
    store: createSqliteMemoryStore({ path: join(dir, 'memp.db') }),
    update: 'vanilla',
    seed: 1,
  });
  try {
    const t0 = performance.now();
    for (let start = 0; start < MEMORIES; start += 1000) {
      const items = Array.from({ length: Math.min(1000, MEMORIES - start) }, (_, j) => {
        const i = start + j;
        const object = OBJECTS[i % OBJECTS.length] as string;
        const verb = VERBS[Math.floor(i / OBJECTS.length) % VERBS.length] as string;
        return {
          trajectory: {
            task: `${verb} the ${object} and put it on shelf ${i}`,
            outcome: { success: true },
            steps: [
              { action: `go to shelf ${i % 40}` },
              { action: `take ${object} 1 from shelf ${i % 40}` },
              { action: `${verb} ${object} 1` },
            ],
          },
        };
      });
      await memp.learnBatch({ items });
    }
    console.log(
      `filled ${MEMORIES} memories (memp learnBatch, offline) in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );
    const server = await startMempServer({ memp, keys: createInMemoryApiKeyStore(), port: 0, logger: () => {} });
    const browser = await launchTestBrowser();
    try {
      const api = async (path: string) => {
        const times: number[] = [];
        for (let i = 0; i < RUNS; i++) {
          const s = performance.now();
          const res = await fetch(`${server.url}${path}`);
          await res.arrayBuffer();
          times.push(performance.now() - s);
        }
        return median(times);
      };
      console.log(
        `API median of ${RUNS}: list page (50) ${(await api('/v1/namespaces/default/memories?limit=50&status=active')).toFixed(1)} ms; ` +
          `text filter q=mug over ${MEMORIES} ${(await api('/v1/namespaces/default/memories?limit=50&q=mug')).toFixed(1)} ms; ` +
          `overview ${(await api('/v1/namespaces/default/overview')).toFixed(1)} ms`,
      );
      const renders: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const page = await browser.context.newPage();
        await page.goto(`${server.url}/#/ns/default/memories`);
        await page.locator('#memory-list tbody tr').nth(49).waitFor();
        // Milliseconds from the start of navigation to the list's first render (a mark the console sets).
        const at = (await page.evaluate(
          "performance.getEntriesByName('memp:list-rendered')[0]?.startTime ?? -1",
        )) as number;
        if (at < 0) throw new Error('the console did not mark memp:list-rendered');
        renders.push(at);
        await page.close();
      }
      console.log(
        `time to first render of the memory list (${MEMORIES} memories, page of 50), headless Chromium: ` +
          `first ${renders[0]?.toFixed(0)} ms (cold asset cache), median ${median(renders).toFixed(0)} ms over ${RUNS} loads`,
      );
    } finally {
      await browser.close();
      await server.close({ graceMs: 500 });
    }
  } finally {
    await memp.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
