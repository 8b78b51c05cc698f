import { PROJECTED_STREAM, PROJECTION_STAGE } from '@cg/domain';
import { conversation, shuffled } from '../support/events';
import { dumpGraph } from '../support/graph-dump';
import { expectCompleteGraph, partitionKeys } from '../support/graph-check';
import { request, waitForDrain } from '../support/http';
import { TestStack } from '../support/stack';

// Issue 2 acceptance: two projection replicas running at once build the same graph as one. The same
// ledger is projected twice — once by one replica, then, after the graph is dropped and the group
// rewound, by two — and the canonical dumps must match.
describe('projection replicas', () => {
  const stack = new TestStack();
  afterAll(() => stack.close());

  it('builds the same graph with two replicas as with one', async () => {
    const events = shuffled(conversation(8, 250), 11); // 2,000 events
    const api = await stack.start('api');
    const single = await stack.start('projection');
    for (let i = 0; i < events.length; i += 500) {
      expect((await request('POST', `${api.url}/v1/events/batch`, { events: events.slice(i, i + 500) })).status).toBe(200);
    }
    await waitForDrain(api.url, 60_000, ['projection']);
    const withOne = await dumpGraph(stack.redis, stack.prefix);
    await single.stop();

    const k = partitionKeys(stack.prefix);
    const graphKeys = await stack.redis.keys(`${stack.prefix}*:graph:*`);
    await stack.redis.del(...graphKeys, k.stream(PROJECTED_STREAM));
    await stack.redis.xgroup('SETID', k.stream(PROJECTION_STAGE.stream), PROJECTION_STAGE.group, '0');

    const replicas = await Promise.all([
      stack.start('projection', { PROJECTION_BATCH_SIZE: '25', CONSUMER_NAME: 'replica-a' }),
      stack.start('projection', { PROJECTION_BATCH_SIZE: '25', CONSUMER_NAME: 'replica-b' }),
    ]);
    await waitForDrain(api.url, 60_000, ['projection']);
    await expectCompleteGraph(stack.redis, stack.prefix, events);
    expect(await dumpGraph(stack.redis, stack.prefix)).toEqual(withOne);

    for (const replica of replicas) {
      const metrics = await (await fetch(`${replica.url}/metrics`)).text();
      const projected = Number(/cg_projection_events_total\{[^}]*outcome="created"[^}]*\} (\d+)/.exec(metrics)?.[1] ?? 0);
      expect(projected).toBeGreaterThan(0);
    }
  });
});
