import { randomUUID } from 'node:crypto';
import { FEEDBACK_EVENT_TYPE, feedbackIdentity, LedgerEvent, PartitionRef, PROJECTION_STAGE } from '@cg/domain';
import { KeySpace, RedisEventLedger, RedisGraphStore, scanKeys } from '@cg/redis';
import { feedbackEventId } from '@cg/api/dist/feedback/feedback-event-id';
import { dumpGraph } from '../support/graph-dump';
import { request, waitForDrain } from '../support/http';
import { TestStack } from '../support/stack';

const SCOPE: PartitionRef = { tenant: 'default', partition: 0 };

// Importance feedback is applied idempotently per feedback event, by the API and again by projection
// from the ledger: a crash between the ledger write and the graph write loses nothing, a retry or a
// rebuild of the graph from the ledger doubles nothing. Projection only (no enrichment): few events.
describe('importance feedback: crash gap and replay', () => {
  const stack = new TestStack();
  const run = randomUUID().slice(0, 8);
  const agent = `agent-fb-${run}`;
  const session = `s-fb-${run}`;
  const events = Array.from({ length: 3 }, (_, i) => ({
    event_id: randomUUID(), event_type: 'tool.execute', occurred_at: new Date(Date.now() - (10 - i) * 60_000).toISOString(),
    session_id: session, agent_id: agent, trace_id: `trace-${run}`, payload_ref: 'inline', payload: { text: `step ${i}` },
  }));
  const [a, b, c] = events.map((e) => e.event_id);
  const keys = new KeySpace(stack.prefix);
  const graph = new RedisGraphStore(stack.redis, keys);
  let api: { url: string };

  const importanceOf = async (ids: string[]) => {
    const nodes = await graph.eventNodes(SCOPE, ids);
    return ids.map((id) => nodes.find((n) => n.id === id)?.importance_score);
  };
  const drained = () => waitForDrain(api.url, 30_000, ['projection']);
  const feedback = (body: Record<string, unknown>) =>
    request('POST', `${api.url}/v1/feedback`, { session_id: session, helpful_node_ids: [], irrelevant_node_ids: [], ...body });

  beforeAll(async () => {
    [api] = await Promise.all([stack.start('api'), stack.start('projection')]);
    const { status, body } = await request('POST', `${api.url}/v1/events/batch`, { events });
    expect([status, body.accepted]).toEqual([200, 3]);
    await drained();
  });
  afterAll(() => stack.close());

  it('applies feedback the API recorded but never applied when projection runs, exactly once; a retried POST is a duplicate', async () => {
    expect(await importanceOf([a, b, c])).toEqual([5, 5, 5]);
    await stack.stopAll('projection');

    // The crash gap: the API wrote the feedback event to the ledger and died before touching the graph.
    const queryId = randomUUID();
    const recorded: LedgerEvent = {
      event_id: feedbackEventId(feedbackIdentity({ queryId, sessionId: session, helpful: [a], irrelevant: [b] })),
      event_type: FEEDBACK_EVENT_TYPE, occurred_at: new Date().toISOString(), session_id: session, agent_id: agent,
      trace_id: events[0].trace_id, payload_ref: `feedback:${queryId}`,
      payload: { query_id: queryId, helpful_node_ids: [a], irrelevant_node_ids: [b] },
    };
    const [written] = await new RedisEventLedger(stack.redis, keys, 1).append('default', [recorded], Date.now());
    expect(written.status).toBe('accepted');
    expect(await importanceOf([a, b, c])).toEqual([5, 5, 5]);

    await stack.start('projection');
    await drained();
    expect(await importanceOf([a, b, c])).toEqual([6, 4, 5]);

    // The client retries the request it never got an answer to: the ledger knows it, nothing moves twice.
    const retry = await feedback({ query_id: queryId, helpful_node_ids: [a], irrelevant_node_ids: [b] });
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual({ feedback_event_id: recorded.event_id, status: 'duplicate', adjusted: {}, skipped: [] });
    await drained();
    expect(await importanceOf([a, b, c])).toEqual([6, 4, 5]);
  });

  it('does not apply again what the API applied, and a graph rebuilt from the ledger gets every feedback exactly once', async () => {
    const answer = await feedback({ query_id: randomUUID(), helpful_node_ids: [c] });
    expect(answer.body).toMatchObject({ status: 'accepted', adjusted: { [c]: 6 } });
    await drained(); // projection has now projected this feedback event as well
    expect(await importanceOf([a, b, c])).toEqual([6, 4, 6]);
    const live = await dumpGraph(stack.redis, stack.prefix);

    // Rebuild: projection stopped, the graph (applied-feedback set included) wiped, the ledger re-read from the start.
    await stack.stopAll('projection');
    const graphKeys = await scanKeys(stack.redis, `${stack.prefix}*:graph:*`);
    expect(graphKeys).toContain(keys.of(SCOPE).feedbackApplied);
    await stack.redis.unlink(...graphKeys);
    await stack.redis.xgroup('DESTROY', keys.of(SCOPE).stream(PROJECTION_STAGE.stream), PROJECTION_STAGE.group);
    await stack.start('projection');
    // The group is re-created from the start; until then the pipeline reads as drained, so wait for the nodes first.
    const deadline = Date.now() + 30_000;
    while ((await graph.sessionNodeIds(SCOPE, session)).length < 5) {
      if (Date.now() > deadline) throw new Error('graph not rebuilt in time');
      await new Promise((r) => setTimeout(r, 100));
    }
    await drained();

    expect(await importanceOf([a, b, c])).toEqual([6, 4, 6]);
    expect(await dumpGraph(stack.redis, stack.prefix)).toEqual(live);
  });
});
