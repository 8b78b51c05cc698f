import Redis from 'ioredis';
import { ENRICHED_STREAM, ENRICHMENT_STAGE, eventEmbeddingText, PROJECTED_STREAM } from '@cg/domain';
import { QueryEmbeddingClient, RpcTimeoutError } from '@cg/platform';
import { KeySpace, RedisGraphStore, testRedisUrl } from '@cg/redis';
import { AppProcess } from '../support/app-process';
import { conversation, shuffled } from '../support/events';
import { partitionKeys } from '../support/graph-check';
import { request, UP_TO_ENRICHMENT, waitForDrain } from '../support/http';
import { TestStack } from '../support/stack';

const SCOPE = { tenant: 'default', partition: 0 };

// Issue 3 acceptance: replicas of enrichment share the work, survive kill -9 of one of them, and
// answer the API's query-embedding requests exactly once each — or time out when none runs.
describe('enrichment replicas', () => {
  const stack = new TestStack();
  const events = shuffled(conversation(6, 200, 'agent-replicas'), 5); // 1,200 events
  let api: AppProcess;
  afterAll(() => stack.close());

  it('enriches every event exactly once when one replica is killed mid-batch', async () => {
    const env = { ENRICHMENT_BATCH_SIZE: '10' };
    [api] = await Promise.all([stack.start('api'), stack.start('projection')]);
    const [victim] = await Promise.all([
      stack.start('enrichment', { ...env, CONSUMER_NAME: 'victim' }), stack.start('enrichment', { ...env, CONSUMER_NAME: 'survivor' }),
    ]);
    const k = partitionKeys(stack.prefix);
    for (let i = 0; i < events.length; i += 300) {
      expect((await request('POST', `${api.url}/v1/events/batch`, { events: events.slice(i, i + 300) })).status).toBe(200);
    }
    const deadline = Date.now() + 30_000;
    while ((await stack.redis.xlen(k.stream(ENRICHED_STREAM))) < 100 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    await victim.kill9();
    expect(await stack.redis.xlen(k.stream(ENRICHED_STREAM))).toBeLessThan(events.length);

    await waitForDrain(api.url, 120_000, UP_TO_ENRICHMENT);
    const graph = new RedisGraphStore(stack.redis, new KeySpace(stack.prefix));
    const nodes = await graph.eventNodes(SCOPE, events.map((e) => e.event_id));
    expect(nodes).toHaveLength(events.length);
    for (const node of nodes) expect(node).toMatchObject({ embedding_model: 'local-hash-384-v1', keywords: expect.any(Array) });
    const enriched = await stack.redis.xrange(k.stream(ENRICHED_STREAM), '-', '+');
    expect(new Set(enriched.map(([, fields]) => fields[1])).size).toBe(events.length);
    expect((await stack.redis.xpending(k.stream(PROJECTED_STREAM), ENRICHMENT_STAGE.group))[0]).toBe(0);
    expect(await stack.redis.exists(k.deadLetters(PROJECTED_STREAM))).toBe(0);
  });

  it('answers a query embedding with the vector stored for the same text, once per request', async () => {
    await stack.start('enrichment', { CONSUMER_NAME: 'second' });
    const redis = new Redis(testRedisUrl());
    const client = new QueryEmbeddingClient({ redis, keys: new KeySpace(stack.prefix), timeoutMs: 3000 });
    try {
      const event = events[42];
      const answer = await client.embedQuery(eventEmbeddingText(event));
      const stored = await stack.redis.hgetBuffer(`${stack.prefix}{default:0}:vec:agent-replicas:${answer.model}:vectors`, event.event_id);
      const storedVector = Array.from({ length: stored!.length / 4 }, (_, i) => stored!.readFloatLE(i * 4));
      expect(answer.model).toBe('local-hash-384-v1');
      expect(answer.vector).toHaveLength(384);
      answer.vector.forEach((x, i) => expect(x).toBeCloseTo(storedVector[i], 6));

      const texts = Array.from({ length: 30 }, (_, i) => `question number ${i}`);
      const answers = await Promise.all(texts.map((t) => client.embedQuery(t)));
      expect(answers.every((a) => a.vector.length === 384)).toBe(true);
      const rpcStream = new KeySpace(stack.prefix).rpc('embed-query');
      const [group] = (await stack.redis.call('XINFO', 'GROUPS', rpcStream)) as unknown[][];
      const info = Object.fromEntries(Array.from({ length: group.length / 2 }, (_, i) => [group[2 * i], group[2 * i + 1]]));
      expect(info.pending).toBe(0);
      expect(info['entries-read']).toBe(31); // every request read by exactly one replica
    } finally {
      await client.close();
      await redis.quit();
    }
  });

  it('gives the caller a timeout error within its bound when no replica runs', async () => {
    await stack.stopAll('enrichment');
    const redis = new Redis(testRedisUrl());
    const client = new QueryEmbeddingClient({ redis, keys: new KeySpace(stack.prefix), timeoutMs: 500 });
    try {
      const started = Date.now();
      await expect(client.embedQuery('anyone there?')).rejects.toBeInstanceOf(RpcTimeoutError);
      expect(Date.now() - started).toBeLessThan(1500);
    } finally {
      await client.close();
      await redis.quit();
    }
  });
});
