import Redis from 'ioredis';
import { AgentScope } from '@cg/domain';
import { KeySpace } from '../keys';
import { deleteKeysWithPrefix, keyContents, testRedisUrl, uniqueTestPrefix } from '../testing';
import { DEFAULT_LEXICAL_INDEX, RedisLexicalIndex } from './redis-lexical-index';

const A: AgentScope = { tenant: 'default', partition: 0, agentId: 'agent-a' };
const B: AgentScope = { tenant: 'default', partition: 0, agentId: 'agent-b' };
let redis: Redis;
let prefix: string;
let index: RedisLexicalIndex;

const words = (text: string) => text.split(/\s+/);
const ids = (found: { id: string }[]) => found.map((f) => f.id);

beforeAll(() => {
  redis = new Redis(testRedisUrl());
});
beforeEach(() => {
  prefix = uniqueTestPrefix();
  index = new RedisLexicalIndex(redis, new KeySpace(prefix));
});
afterEach(() => deleteKeysWithPrefix(redis, prefix));
afterAll(() => redis.quit());

describe('RedisLexicalIndex', () => {
  it('ranks by BM25: rare terms outweigh common ones, repeated terms count, long documents are damped', async () => {
    await index.add(A, 'invoice', words('refund the invoice for maria'));
    await index.add(A, 'invoice-twice', words('invoice invoice refund for maria'));
    await index.add(A, 'long', words('the invoice was mentioned once in a much longer message about many other things entirely'));
    await index.add(A, 'weather', words('the weather is sunny'));
    await index.add(A, 'greeting', words('hello maria'));

    expect(ids(await index.search(A, ['invoice'], 10))).toEqual(['invoice-twice', 'invoice', 'long']);
    // "weather" is in one document, "the" in three: the rare term decides.
    expect(ids(await index.search(A, ['the', 'weather'], 1))).toEqual(['weather']);
    const both = await index.search(A, ['Maria', 'REFUND'], 10);
    expect(ids(both).slice(0, 2).sort()).toEqual(['invoice', 'invoice-twice']);
    expect(ids(both)).toContain('greeting');
    expect(both.map((f) => f.score)).toEqual([...both.map((f) => f.score)].sort((a, b) => b - a));
    expect(await index.search(A, ['absent'], 10)).toEqual([]);
  });

  it('replaces a document\'s terms on re-add, and a repeat changes nothing', async () => {
    await index.add(A, 'doc', words('alpha beta beta'));
    await index.add(A, 'other', words('gamma'));
    const once = await keyContents(redis, prefix);
    await index.add(A, 'doc', words('beta alpha beta'));
    expect(await keyContents(redis, prefix)).toEqual(once);

    await index.add(A, 'doc', words('delta'));
    expect(await index.search(A, ['alpha', 'beta'], 10)).toEqual([]);
    expect(ids(await index.search(A, ['delta'], 10))).toEqual(['doc']);
    const k = new KeySpace(prefix).of(A);
    expect(await redis.hgetall(k.lexicalStats('agent-a'))).toEqual({ docs: '2', length: '2' });
  });

  it('removes a document with its postings and stats, leaving the index as if it never came', async () => {
    await index.add(A, 'other', words('gamma delta'));
    const before = await keyContents(redis, prefix);
    await index.add(A, 'doc', words('alpha beta gamma'));
    await index.remove(A, 'doc');
    expect(await keyContents(redis, prefix)).toEqual(before);
    await index.remove(A, 'doc');
    expect(await keyContents(redis, prefix)).toEqual(before);
  });

  it('keeps agent scopes apart', async () => {
    await index.add(A, 'same-id', words('shared words here'));
    await index.add(B, 'same-id', words('different text'));
    await index.add(B, 'b-only', words('shared'));
    expect(ids(await index.search(A, ['shared'], 10))).toEqual(['same-id']);
    expect(ids(await index.search(B, ['shared'], 10))).toEqual(['b-only']);
    expect(await index.search(A, ['different'], 10)).toEqual([]);
  });

  it('settles concurrent adds of one document on one of them, with consistent stats', async () => {
    await Promise.all(['one two', 'three', 'four five six', 'one'].map((text) => index.add(A, 'doc', words(text))));
    const k = new KeySpace(prefix).of(A);
    const stored: [string, number][] = JSON.parse(await redis.hget(k.lexicalDocuments('agent-a'), 'doc') as string);
    const length = stored.reduce((sum, [, n]) => sum + n, 0);
    expect(await redis.hgetall(k.lexicalStats('agent-a'))).toEqual({ docs: '1', length: String(length) });
    for (const term of ['one', 'two', 'three', 'four', 'five', 'six']) {
      expect(await redis.zscore(k.lexicalPostings('agent-a', term), 'doc')).toBe(stored.some(([t]) => t === term) ? '1' : null);
    }
  });

  it('reads at most postingsReadCap postings per term', async () => {
    const capped = new RedisLexicalIndex(redis, new KeySpace(prefix), { ...DEFAULT_LEXICAL_INDEX, postingsReadCap: 5 });
    for (let n = 0; n < 20; n++) await capped.add(A, `doc-${n}`, words(n < 3 ? 'common common common' : 'common'));
    const found = await capped.search(A, ['common'], 100);
    expect(found).toHaveLength(5);
    expect(ids(found).slice(0, 3).sort()).toEqual(['doc-0', 'doc-1', 'doc-2']);
  });
});
