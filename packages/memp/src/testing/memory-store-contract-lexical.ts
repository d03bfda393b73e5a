import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lexicalTerms } from '../core/text/lexical-terms.js';
import { hasLexicalSearch } from '../ports/memory-store.js';
import type { LexicalSearch, LexicalSearchable, MemoryStore } from '../ports/memory-store.js';
import { NS, SPACE, createContractFixtures, expectCode } from './memory-store-contract-fixtures.js';
import type { ContractFixtures, MemoryOptions } from './memory-store-contract-fixtures.js';

/**
 * The behaviour of a store's lexical index ({@link LexicalSearchable}), which the `hybrid` retrieval policy needs.
 * Call it beside `runMemoryStoreContract` from the adapter's tests; `create` returns a fresh, empty store.
 *
 * Scores are the backend's own (BM25-family), so the suite pins what must hold on every backend: which memories
 * match, `matched` in query order, field weights (a weight of 0 ignores the field), that more matched terms and
 * rarer terms rank higher, ties by id, status and namespace filters, `k`, that writes and deletes are visible at
 * once, and `INVALID_ARGUMENT` for a malformed query.
 */
export function runLexicalSearchContract(name: string, create: () => Promise<MemoryStore> | MemoryStore): void {
  describe(`MemoryStore lexical contract: ${name}`, () => {
    let store: (MemoryStore & LexicalSearchable) | undefined;
    let fx: ContractFixtures;
    beforeEach(async () => {
      const created = await create();
      if (!hasLexicalSearch(created)) throw new Error(`${name} has no lexicalSearch`);
      store = created;
      fx = createContractFixtures();
    });
    afterEach(async () => {
      await store?.close();
      store = undefined;
    });
    const s = (): MemoryStore & LexicalSearchable => {
      if (store === undefined) throw new Error('no store');
      return store;
    };
    const memo = (id: string, task: string, extra: Partial<MemoryOptions> = {}): MemoryOptions => ({
      id,
      task,
      keywords: [],
      script: 'unrelated',
      ...extra,
    });
    const search = (text: string, extra: Partial<LexicalSearch> = {}) =>
      s().lexicalSearch({ namespace: NS, terms: lexicalTerms(text), k: 10, ...extra });
    const ids = async (text: string, extra: Partial<LexicalSearch> = {}) =>
      (await search(text, extra)).map((h) => h.id);

    it('returns only memories holding a query term, with the terms they matched in query order', async () => {
      await fx.seed(s(), [memo('m1', 'heat an egg'), memo('m2', 'cool a tomato'), memo('m3', 'slice bread')]);
      const hits = await search('tomato or egg');
      expect(hits.map((h) => h.id).sort()).toEqual(['m1', 'm2']);
      for (const h of hits) expect(h.score).toBeGreaterThan(0);
      expect(hits.find((h) => h.id === 'm1')?.matched).toEqual(['egg']);
      expect(hits.find((h) => h.id === 'm2')?.matched).toEqual(['tomato']);
      expect(await search('pineapple')).toEqual([]);
    });

    it('ranks a memory matching more terms, and one matching a rarer term, higher', async () => {
      await fx.seed(s(), [
        memo('a', 'wash the plate'),
        memo('b', 'wash the cup'),
        memo('c', 'wash the bowl'),
        memo('d', 'wash the plate and the cup'),
      ]);
      expect((await ids('wash plate cup'))[0]).toBe('d');
      const rare = await ids('wash bowl');
      expect(rare[0]).toBe('c');
      expect(rare).toHaveLength(4);
    });

    it('matches split and closed compounds through the shared normalisation', async () => {
      await fx.seed(s(), [memo('closed', 'put a soapbar in the cabinet'), memo('split', 'turn on the desk lamp')]);
      expect(await ids('soap bar')).toEqual(['closed']);
      expect(await ids('desklamp')).toEqual(['split']);
    });

    it('weights fields: a field of weight 0 is ignored, a heavier field ranks higher', async () => {
      await fx.seed(s(), [
        memo('in-task', 'clean the kettle'),
        memo('in-keywords', 'something else', { keywords: ['kettle'] }),
        memo('in-procedure', 'another thing', { script: 'fill the kettle' }),
      ]);
      expect(await ids('kettle', { weights: { task: 1, keywords: 0, procedure: 0 } })).toEqual(['in-task']);
      expect(await ids('kettle', { weights: { task: 0, keywords: 1, procedure: 0 } })).toEqual(['in-keywords']);
      expect(await ids('kettle', { weights: { task: 0, keywords: 0, procedure: 1 } })).toEqual(['in-procedure']);
      expect((await ids('kettle', { weights: { task: 0.1, keywords: 0.1, procedure: 5 } }))[0]).toBe('in-procedure');
      expect((await ids('kettle', { weights: { task: 5, keywords: 0.1, procedure: 0.1 } }))[0]).toBe('in-task');
      expect((await ids('kettle', { weights: { task: 0.1, keywords: 5, procedure: 0.1 } }))[0]).toBe('in-keywords');
    });

    it('breaks ties by id and cuts at k', async () => {
      await fx.seed(s(), [memo('z', 'fold a towel'), memo('b', 'fold a towel'), memo('m', 'fold a towel')]);
      expect(await ids('towel')).toEqual(['b', 'm', 'z']);
      expect(await ids('towel', { k: 2 })).toEqual(['b', 'm']);
    });

    it('filters by status and namespace', async () => {
      await fx.seed(s(), [
        memo('live', 'water the plant'),
        memo('old', 'water the plant', { status: 'deprecated' }),
        memo('elsewhere', 'water the plant', { namespace: 'other' }),
      ]);
      expect(await ids('plant')).toEqual(['live']);
      expect(await ids('plant', { status: ['deprecated'] })).toEqual(['old']);
      expect(await ids('plant', { status: ['active', 'deprecated'] })).toEqual(['live', 'old']);
      expect(await ids('plant', { namespace: 'other' })).toEqual(['elsewhere']);
      expect(await ids('plant', { namespace: 'empty' })).toEqual([]);
    });

    it('sees updates and deletes at once', async () => {
      await fx.seed(s(), [memo('m1', 'open the window'), memo('m2', 'close the door')]);
      const vectors = fx.vectors(fx.memory(memo('m1', 'x')));
      await s().apply(
        fx.change({
          space: SPACE,
          update: [{ id: 'm1', expectedVersion: 1, content: { task: 'open the curtain' }, reason: 'edit', vectors }],
        }),
      );
      expect(await ids('window')).toEqual([]);
      expect(await ids('curtain')).toEqual(['m1']);
      await s().apply(
        fx.change({ update: [{ id: 'm2', expectedVersion: 1, status: 'deprecated', reason: 'deprecation' }] }),
      );
      expect(await ids('door')).toEqual([]);
      await s().apply(fx.change({ delete: [{ id: 'm1', expectedVersion: 2 }] }));
      expect(await ids('curtain')).toEqual([]);
      expect(await ids('door', { status: ['deprecated'] })).toEqual(['m2']);
    });

    it('refuses a malformed query with INVALID_ARGUMENT', async () => {
      const base: LexicalSearch = { namespace: NS, terms: ['egg'], k: 3 };
      await expectCode(s().lexicalSearch({ ...base, terms: [] }), 'INVALID_ARGUMENT');
      await expectCode(s().lexicalSearch({ ...base, terms: ['two words'] }), 'INVALID_ARGUMENT');
      await expectCode(s().lexicalSearch({ ...base, terms: ["egg' OR 1=1 --"] }), 'INVALID_ARGUMENT');
      await expectCode(s().lexicalSearch({ ...base, k: 0 }), 'INVALID_ARGUMENT');
      await expectCode(s().lexicalSearch({ ...base, weights: { task: -1 } }), 'INVALID_ARGUMENT');
      await expectCode(
        s().lexicalSearch({ ...base, weights: { task: 0, keywords: 0, procedure: 0 } }),
        'INVALID_ARGUMENT',
      );
      await expectCode(
        s().lexicalSearch({ ...base, weights: { title: 1 } as unknown as LexicalSearch['weights'] }),
        'INVALID_ARGUMENT',
      );
      await expectCode(s().lexicalSearch({ ...base, namespace: '' }), 'INVALID_ARGUMENT');
    });
  });
}
