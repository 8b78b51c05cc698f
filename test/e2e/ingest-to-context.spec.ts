import { AppProcess } from '../support/app-process';
import { conversation, expectedEdges, shuffled, TestEvent } from '../support/events';
import { request, UP_TO_ENRICHMENT, waitForDrain } from '../support/http';
import { TestStack } from '../support/stack';

// Issue 2 acceptance: 1,000 events over 10 sessions, shuffled (children before parents for some),
// plus 50 repeats, through the real API and projection processes → the complete graph in /v1/context.
describe('ingest → ledger → projection → working memory', () => {
  const stack = new TestStack();
  let api: AppProcess;
  const events = conversation(10, 100);
  const order = shuffled(events, 7);
  const positions = new Map<string, string>();

  beforeAll(async () => {
    [api] = await Promise.all([stack.start('api'), stack.start('projection'), stack.start('enrichment')]);
  });
  afterAll(() => stack.close());

  it('accepts 1,000 shuffled events in batches', async () => {
    const childFirst = order.filter((e) => e.parent_event_id && order.indexOf(e) < order.findIndex((p) => p.event_id === e.parent_event_id));
    expect(childFirst.length).toBeGreaterThan(10);
    for (let i = 0; i < order.length; i += 250) {
      const { status, body } = await request('POST', `${api.url}/v1/events/batch`, { events: order.slice(i, i + 250) });
      expect(status).toBe(200);
      expect(body.accepted).toBe(250);
      for (const result of body.results) positions.set(result.event_id, result.global_position);
    }
    expect(positions.size).toBe(1000);
  });

  it('answers 50 repeats as duplicates with the first position and stores no second copy', async () => {
    const repeats = shuffled(events, 99).slice(0, 50);
    const single = await request('POST', `${api.url}/v1/events`, repeats[0]);
    expect(single.status).toBe(200);
    expect(single.body).toEqual({ event_id: repeats[0].event_id, global_position: positions.get(repeats[0].event_id), status: 'duplicate' });
    const { body } = await request('POST', `${api.url}/v1/events/batch`, { events: repeats.slice(1) });
    expect(body).toMatchObject({ accepted: 0, duplicates: 49, conflicts: 0 });
    for (const result of body.results) expect(result.global_position).toBe(positions.get(result.event_id));
    const ledgerKey = (await stack.redis.keys(`${stack.prefix}*:ledger`))[0];
    expect(await stack.redis.xlen(ledgerKey)).toBe(1000);
  });

  it('projects every event into its session FOLLOWS chain and every CAUSED_BY edge', async () => {
    await waitForDrain(api.url, 60_000, UP_TO_ENRICHMENT);
    const expected = expectedEdges(events);
    for (const [session, edges] of expected) {
      const { status, body } = await request('GET', `${api.url}/v1/context/${session}?max_nodes=500`);
      expect(status).toBe(200);
      expect(Object.keys(body.nodes)).toHaveLength(100);
      expect(body.pagination).toEqual({ cursor: null, has_more: false });
      const got = body.edges
        .filter((e: { edge_type: string }) => e.edge_type === 'FOLLOWS' || e.edge_type === 'CAUSED_BY')
        .map((e: { edge_type: string; source: string; target: string }) => `${e.edge_type} ${e.source}->${e.target}`).sort();
      expect(got).toEqual(edges);
      const ranks = Object.values(body.nodes).map((n: any) => n.rank);
      expect(ranks).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    }
  });

  it('returns provenance that traces each node to its ledger event', async () => {
    const sample: TestEvent = events[123];
    const { body } = await request('GET', `${api.url}/v1/context/${sample.session_id}?max_nodes=500`);
    const node = body.nodes[sample.event_id];
    expect(node.provenance).toEqual({
      event_id: sample.event_id, global_position: positions.get(sample.event_id), source: 'redis',
      occurred_at: sample.occurred_at, session_id: sample.session_id, agent_id: sample.agent_id, trace_id: sample.trace_id,
    });
    expect(node.attributes).toMatchObject({ event_type: sample.event_type, text: sample.payload.text });
    const stored = await request('GET', `${api.url}/v1/events/${sample.event_id}`);
    expect(stored.body).toMatchObject({ ...sample, global_position: positions.get(sample.event_id) });
  });

  it('pages a session through a cursor, every node exactly once', async () => {
    const session = events[0].session_id;
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
      const { body } = await request('GET', `${api.url}/v1/context/${session}?max_nodes=30${query}`);
      seen.push(...Object.keys(body.nodes));
      cursor = body.pagination.cursor;
      expect(body.pagination.has_more).toBe(cursor !== null);
    } while (cursor);
    expect(seen).toHaveLength(100);
    expect(new Set(seen).size).toBe(100);
  });
});
