import { PROJECTED_STREAM, PROJECTION_STAGE } from '@cg/domain';
import { AppProcess } from '../support/app-process';
import { conversation, shuffled } from '../support/events';
import { expectCompleteGraph, partitionKeys, projectedNodeCount } from '../support/graph-check';
import { request, waitForDrain } from '../support/http';
import { TestStack } from '../support/stack';

// Issue 2 acceptance: kill -9 of the projection process in the middle of a large ingest, then a
// restart: every event projected exactly once, nothing pending, nothing dead-lettered.
describe('projection crash safety', () => {
  const stack = new TestStack();
  afterAll(() => stack.close());

  it('loses nothing and doubles nothing when killed mid-ingest and restarted', async () => {
    const events = shuffled(conversation(20, 200), 3); // 4,000 events
    const api = await stack.start('api');
    let projection: AppProcess = await stack.start('projection', { PROJECTION_BATCH_SIZE: '20' });

    let killed = false;
    for (let i = 0; i < events.length; i += 200) {
      const { status } = await request('POST', `${api.url}/v1/events/batch`, { events: events.slice(i, i + 200) });
      expect(status).toBe(200);
      if (!killed && i >= 1000 && (await projectedNodeCount(stack.redis, stack.prefix, events)) > 0) {
        await projection.kill9();
        killed = true;
      }
    }
    expect(killed).toBe(true);
    const k = partitionKeys(stack.prefix);
    expect(await projectedNodeCount(stack.redis, stack.prefix, events)).toBeLessThan(events.length);

    projection = await stack.start('projection', { PROJECTION_BATCH_SIZE: '20' });
    await waitForDrain(api.url, 90_000, ['projection']);

    await expectCompleteGraph(stack.redis, stack.prefix, events);
    const pending = await stack.redis.xpending(k.stream(PROJECTION_STAGE.stream), PROJECTION_STAGE.group);
    expect(pending[0]).toBe(0);
    expect(await stack.redis.exists(k.deadLetters(PROJECTION_STAGE.stream))).toBe(0);
    const projected = await stack.redis.xrange(k.stream(PROJECTED_STREAM), '-', '+');
    expect(new Set(projected.map(([, fields]) => fields[1])).size).toBe(events.length);
  });
});
