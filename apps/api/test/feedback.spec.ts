import { randomUUID } from 'node:crypto';
import type Redis from 'ioredis';
import { AgentScope, feedbackIdentity, partitionOf, projectEvent, StoredEvent } from '@cg/domain';
import { KeySpace, RedisEnrichmentStore, RedisGraphStore, RedisImportanceFeedback, uniqueTestPrefix } from '@cg/redis';
import { feedbackEventId } from '../src/feedback/feedback-event-id';
import { aSession, EventBody } from './support/events';
import { fieldsOf, get, post } from './support/http';
import { cleanUp, startApi, testRedis, TestApi } from './support/harness';

// No pipeline app runs here: the test projects and enriches the stored events itself, through the
// same Redis adapters those stages use, then judges what feedback did to the graph and the ledger.
const prefix = uniqueTestPrefix();
const PARTITIONS = 3;
const A = { authorization: 'Bearer key-of-a' };
const B = { authorization: 'Bearer key-of-b' };
const SESSION = 'session-feedback';
let api: TestApi;
let redis: Redis;
let graph: RedisGraphStore;
let enrichment: RedisEnrichmentStore;
const scope: AgentScope = { tenant: 'tenant_a', partition: partitionOf('agent-1', PARTITIONS), agentId: 'agent-1' };

/** Ingests the events through the API, projects them and enriches each to the given importance. */
async function seed(events: EventBody[], importance: number[]): Promise<string[]> {
  const answer = await post(`${api.url}/v1/events/batch`, { events }, A);
  expect(answer.body.accepted).toBe(events.length);
  for (const [n, event] of events.entries()) {
    const stored = (await get<StoredEvent>(`${api.url}/v1/events/${event.event_id}`, A)).body;
    const { node, orderKey } = projectEvent(stored);
    await graph.projectEvent(scope, node, orderKey);
    await enrichment.saveEnrichment(scope, { eventId: event.event_id, keywords: [], entities: [], embeddingModel: 'm', importanceScore: importance[n] });
  }
  return events.map((e) => e.event_id);
}

async function importanceOf(ids: string[]): Promise<number[]> {
  const nodes = await graph.eventNodes(scope, ids);
  return ids.map((id) => nodes.find((n) => n.id === id)?.importance_score as number);
}

const feedback = (body: Record<string, unknown>, headers = A) =>
  post(`${api.url}/v1/feedback`, { query_id: randomUUID(), session_id: SESSION, helpful_node_ids: [], irrelevant_node_ids: [], ...body }, headers);

beforeAll(async () => {
  redis = await testRedis();
  const keys = new KeySpace(prefix);
  graph = new RedisGraphStore(redis, keys);
  enrichment = new RedisEnrichmentStore(redis, keys);
  api = await startApi(prefix, { API_KEYS: 'key-of-a:tenant_a,key-of-b:tenant_b', PARTITIONS: String(PARTITIONS) });
});

afterAll(async () => {
  await api.close();
  await cleanUp(redis, prefix);
});

describe('POST /v1/feedback', () => {
  it('raises helpful nodes by 1, lowers irrelevant ones by 1, and reports what it skipped', async () => {
    const [up, down] = await seed(aSession(2, SESSION, { agent_id: 'agent-1' }), [5, 5]);
    const unknown = randomUUID();
    const answer = await feedback({ helpful_node_ids: [up.toUpperCase(), 'entity:person:maria'], irrelevant_node_ids: [down, unknown] });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      feedback_event_id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
      status: 'accepted',
      adjusted: { [up]: 6, [down]: 4 },
      skipped: [{ node_id: 'entity:person:maria', reason: 'no_importance' }, { node_id: unknown, reason: 'not_found' }],
    });
    expect(await importanceOf([up, down])).toEqual([6, 4]);
  });

  it('clamps importance at 10 and at 1', async () => {
    const [top, bottom] = await seed(aSession(2, SESSION, { agent_id: 'agent-1' }), [10, 1]);
    const answer = await feedback({ helpful_node_ids: [top], irrelevant_node_ids: [bottom] });
    expect(answer.body.adjusted).toEqual({ [top]: 10, [bottom]: 1 });
    expect(await importanceOf([top, bottom])).toEqual([10, 1]);
  });

  it('records a system.feedback event in the ledger and leaves the judged event\'s importance_hint alone', async () => {
    const [judged] = await seed(aSession(1, SESSION, { agent_id: 'agent-1', importance_hint: 4, trace_id: 'trace-9' }), [4]);
    const queryId = randomUUID();
    const answer = await feedback({ query_id: queryId, helpful_node_ids: [judged] });
    expect(answer.body.adjusted).toEqual({ [judged]: 5 });

    const original = await get(`${api.url}/v1/events/${judged}`, A);
    expect(original.body.importance_hint).toBe(4);
    const recorded = await get(`${api.url}/v1/events/${answer.body.feedback_event_id}`, A);
    expect(recorded.status).toBe(200);
    expect(recorded.body).toMatchObject({
      event_type: 'system.feedback', session_id: SESSION, agent_id: 'agent-1', trace_id: 'trace-1', payload_ref: `feedback:${queryId}`,
      payload: { query_id: queryId, helpful_node_ids: [judged], irrelevant_node_ids: [] },
    });
  });

  it('answers a repeat of the same feedback as a duplicate and adjusts nothing twice', async () => {
    const [a, b] = await seed(aSession(2, SESSION, { agent_id: 'agent-1' }), [5, 5]);
    const body = { query_id: randomUUID(), helpful_node_ids: [a, b] };
    const first = await feedback(body);
    expect(first.body.status).toBe('accepted');
    const again = await feedback({ ...body, helpful_node_ids: [b, a, a] });
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ feedback_event_id: first.body.feedback_event_id, status: 'duplicate', adjusted: {}, skipped: [] });
    expect(await importanceOf([a, b])).toEqual([6, 6]);
    // Other feedback on the same answer is new feedback.
    expect((await feedback({ ...body, helpful_node_ids: [a] })).body.status).toBe('accepted');
    expect(await importanceOf([a, b])).toEqual([7, 6]);
  });

  it('adjusts nothing twice when projection applied the recorded event first, and still answers the scores', async () => {
    const [a, b] = await seed(aSession(2, SESSION, { agent_id: 'agent-1' }), [5, 5]);
    const queryId = randomUUID();
    // Projection won the race: it applied the feedback event (same derived id) before the API did.
    const eventId = feedbackEventId(feedbackIdentity({ queryId, sessionId: SESSION, helpful: [a], irrelevant: [b] }));
    await new RedisImportanceFeedback(redis, new KeySpace(prefix)).apply(scope, eventId, new Map([[a, 1], [b, -1]] as const));
    const answer = await feedback({ query_id: queryId, helpful_node_ids: [a], irrelevant_node_ids: [b] });
    expect(answer.body).toMatchObject({ feedback_event_id: eventId, status: 'accepted', adjusted: { [a]: 6, [b]: 4 }, skipped: [] });
    expect(await importanceOf([a, b])).toEqual([6, 4]);
  });

  it('keeps feedback when enrichment runs again', async () => {
    const [event] = await seed(aSession(1, SESSION, { agent_id: 'agent-1' }), [5]);
    await feedback({ helpful_node_ids: [event] });
    await feedback({ helpful_node_ids: [event] });
    expect(await importanceOf([event])).toEqual([7]);
    await enrichment.saveEnrichment(scope, { eventId: event, keywords: ['x'], entities: [], embeddingModel: 'm', importanceScore: 4 });
    expect(await importanceOf([event])).toEqual([6]);
  });

  it('answers 404 for an unknown session and for another tenant\'s session', async () => {
    const unknown = await feedback({ session_id: 'no-such-session' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('not_found');
    const foreign = await feedback({}, B);
    expect(foreign.status).toBe(404);
  });

  it.each([
    ['a query_id not a UUID', { query_id: 'not-a-uuid' }, ['query_id']],
    ['missing ids', { query_id: undefined, session_id: undefined }, ['query_id', 'session_id']],
    ['a malformed session_id', { session_id: 'has space' }, ['session_id']],
    ['a missing list', { helpful_node_ids: undefined }, ['helpful_node_ids']],
    ['a list that is no array', { helpful_node_ids: 'x' }, ['helpful_node_ids']],
    ['a non-string id', { irrelevant_node_ids: [1] }, ['irrelevant_node_ids']],
    ['an empty id', { irrelevant_node_ids: [''] }, ['irrelevant_node_ids']],
    ['an id over 256 characters', { irrelevant_node_ids: ['x'.repeat(257)] }, ['irrelevant_node_ids']],
    ['101 ids', { helpful_node_ids: Array.from({ length: 101 }, () => randomUUID()) }, ['helpful_node_ids']],
    ['an unknown field', { extra: true }, ['extra']],
    ['an id in both lists', { helpful_node_ids: ['a', 'b'], irrelevant_node_ids: ['b'] }, ['irrelevant_node_ids']],
  ])('refuses %s with 422 naming the fields', async (_case, body, fields) => {
    const answer = await feedback(body);
    expect(answer.status).toBe(422);
    expect(answer.body.error.code).toBe('validation_failed');
    expect(fieldsOf(answer).sort()).toEqual(fields);
  });

  it('accepts 100 ids of 256 characters per list (the recorded event still fits its payload cap)', async () => {
    const ids = (list: string) => Array.from({ length: 100 }, (_, n) => `${list}-${n}-`.padEnd(256, 'x'));
    const answer = await feedback({ helpful_node_ids: ids('h'), irrelevant_node_ids: ids('i') });
    expect(answer.status).toBe(200);
    expect(answer.body.skipped).toHaveLength(200);
  });

  it('requires an API key like every /v1 route', async () => {
    expect((await feedback({}, {} as typeof A)).status).toBe(401);
  });
});
