import type Redis from 'ioredis';
import { uniqueTestPrefix } from '@cg/redis';
import { anEvent } from './support/events';
import { Answer, call, fieldsOf, post } from './support/http';
import { cleanUp, startApi, storeState, testRedis, TestApi } from './support/harness';

// Every refusal of the acceptance list: a 4xx in the one error shape naming the field, and
// the store exactly as it was before.
const prefix = uniqueTestPrefix();
let api: TestApi;
let redis: Redis;
let before: string[];

beforeAll(async () => {
  redis = await testRedis();
  api = await startApi(prefix);
  expect((await post(`${api.url}/v1/events`, anEvent())).status).toBe(201);
  before = await storeState(redis, prefix);
});

afterAll(async () => {
  await api.close();
  await cleanUp(redis, prefix);
});

function expectRefused(answer: Answer, status: number, fields: string[] = []): void {
  expect(answer.status).toBe(status);
  expect(answer.body).toEqual({ error: { code: expect.any(String), message: expect.any(String), details: expect.any(Array) } });
  expect(fieldsOf(answer)).toEqual(expect.arrayContaining(fields));
}

const without = (field: string) => {
  const event = anEvent();
  delete event[field];
  return event;
};

describe('a refused event changes nothing', () => {
  afterEach(async () => expect(await storeState(redis, prefix)).toEqual(before));

  it.each([
    ['a missing required field', without('trace_id'), ['trace_id']],
    ['every missing required field at once', {}, ['event_id', 'event_type', 'occurred_at', 'session_id', 'agent_id', 'trace_id', 'payload_ref']],
    ['a non-UUID event_id', anEvent({ event_id: 'not-a-uuid' }), ['event_id']],
    ['a non-UUID parent_event_id', anEvent({ parent_event_id: '1234' }), ['parent_event_id']],
    ['a timestamp that is not RFC 3339', anEvent({ occurred_at: 'yesterday' }), ['occurred_at']],
    ['a timestamp without a zone', anEvent({ occurred_at: '2024-01-31T12:00:00' }), ['occurred_at']],
    ['a timestamp more than 5 minutes ahead', anEvent({ occurred_at: new Date(Date.now() + 10 * 60_000).toISOString() }), ['occurred_at']],
    ['30 February', anEvent({ occurred_at: '2026-02-30T10:00:00Z' }), ['occurred_at']],
    ['29 February of a common year', anEvent({ occurred_at: '2025-02-29T10:00:00Z' }), ['occurred_at']],
    ['hour 24', anEvent({ occurred_at: '2025-03-01T24:00:00Z' }), ['occurred_at']],
    ['an offset of +25:00', anEvent({ occurred_at: '2025-03-01T10:00:00+25:00' }), ['occurred_at']],
    ['an ended_at of 31 April', anEvent({ occurred_at: '2025-04-30T10:00:00Z', ended_at: '2025-04-31T10:00:00Z' }), ['ended_at']],
    ['an event_type that is not dot-namespaced', anEvent({ event_type: 'toolexecute' }), ['event_type']],
    ['an event_type in capitals', anEvent({ event_type: 'Tool.Execute' }), ['event_type']],
    ['an unknown field', anEvent({ colour: 'blue' }), ['colour']],
    ['the reserved system.feedback type', anEvent({ event_type: 'system.feedback' }), ['event_type']],
    ['importance_hint 0', anEvent({ importance_hint: 0 }), ['importance_hint']],
    ['importance_hint 11', anEvent({ importance_hint: 11 }), ['importance_hint']],
    ['importance_hint as a string', anEvent({ importance_hint: '5' }), ['importance_hint']],
    ['ended_at before occurred_at', anEvent({ occurred_at: '2024-01-31T12:00:00Z', ended_at: '2024-01-31T11:59:59Z' }), ['ended_at']],
    ['a payload over 64 KiB', anEvent({ payload: { text: 'x'.repeat(65 * 1024) } }), ['payload']],
    ['a payload that is not an object', anEvent({ payload: ['text'] }), ['payload']],
    ['a null optional field', anEvent({ tool_name: null }), ['tool_name']],
    ['an unknown status', anEvent({ status: 'done' }), ['status']],
    ['a session id with a space', anEvent({ session_id: 'my session' }), ['session_id']],
    ['an own constructor key', anEvent({ constructor: 'x' }), ['constructor']],
    ['several problems at once', anEvent({ event_id: 'x', colour: 1, importance_hint: 99, ended_at: '2000-01-01T00:00:00Z' }), ['event_id', 'colour', 'importance_hint', 'ended_at']],
  ])('%s → 422', async (_name, body, fields) => {
    const answer = await post(`${api.url}/v1/events`, body);
    expectRefused(answer, 422, fields);
    expect(answer.body.error.code).toBe('validation_failed');
  });

  it('a JSON value that is not an object → 422 naming the body', async () => {
    expectRefused(await post(`${api.url}/v1/events`, [anEvent()]), 422, ['body']);
  });

  it('a 1,001-event batch → 422 naming events', async () => {
    const events = Array.from({ length: 1001 }, () => anEvent());
    expectRefused(await post(`${api.url}/v1/events/batch`, { events }), 422, ['events']);
  });

  it('a batch with one bad event → 422 naming it by index, and none of the good ones is written', async () => {
    const events = Array.from({ length: 5 }, () => anEvent());
    events[3].occurred_at = 'not a time';
    const answer = await post(`${api.url}/v1/events/batch`, { events });
    expectRefused(answer, 422);
    expect(fieldsOf(answer)).toEqual(['events[3].occurred_at']);
  });

  it('a batch with an impossible calendar date → 422 naming the event and field, saying why', async () => {
    const events = [anEvent(), anEvent({ occurred_at: '2026-02-30T10:00:00Z' })];
    const answer = await post(`${api.url}/v1/events/batch`, { events });
    expectRefused(answer, 422);
    expect(answer.body.error.details).toEqual([{ field: 'events[1].occurred_at', message: 'must be a real date and time: 2026-02 has 28 days' }]);
  });

  it('a batch names every bad field of every bad event, and bad wrapper fields', async () => {
    const events = [anEvent(), anEvent({ event_type: 'x' }), 7, anEvent({ extra: true, importance_hint: 0 })];
    const answer = await post(`${api.url}/v1/events/batch`, { events, dry_run: true });
    expectRefused(answer, 422);
    expect(fieldsOf(answer).sort()).toEqual(['dry_run', 'events[1].event_type', 'events[2]', 'events[3].extra', 'events[3].importance_hint']);
  });

  it.each([
    ['an empty batch', { events: [] }],
    ['a batch without events', {}],
    ['events that are not an array', { events: anEvent() }],
  ])('%s → 422 naming events', async (_name, body) => {
    expectRefused(await post(`${api.url}/v1/events/batch`, body), 422, ['events']);
  });

  it.each([
    ['/v1/events'],
    ['/v1/events/batch'],
  ])('%s: a body that is not JSON → 400', async (path) => {
    expectRefused(await call('POST', `${api.url}${path}`, { raw: '{"event_id": ', headers: { 'content-type': 'application/json' } }), 400);
  });

  it.each([
    ['/v1/events'],
    ['/v1/events/batch'],
  ])('%s: an empty body → 400', async (path) => {
    expectRefused(await call('POST', `${api.url}${path}`, { headers: { 'content-type': 'application/json' } }), 400);
    expectRefused(await call('POST', `${api.url}${path}`), 400);
  });

  it.each([
    ['text/plain'],
    ['application/x-www-form-urlencoded'],
    ['multipart/form-data; boundary=x'],
  ])('content type %s → 415', async (contentType) => {
    expectRefused(await call('POST', `${api.url}/v1/events`, { raw: JSON.stringify(anEvent()), headers: { 'content-type': contentType } }), 415);
  });

  // JSON 5,000 levels deep used to overflow the stack of the validators and serializers (a 500).
  const deep = (levels: number) => '{"a":'.repeat(levels) + '1' + '}'.repeat(levels);
  const eventWithPayload = (payload: string) => JSON.stringify(anEvent()).replace(/}$/, '') + `,"payload":${payload}}`;
  it.each([
    ['/v1/events', eventWithPayload(deep(5000)), 'payload.a.a.a.a…'],
    ['/v1/events/batch', `{"events":[${eventWithPayload(deep(5000))}]}`, 'events[0].payload.a.a…'],
    ['/v1/query/subgraph', `{"query":"q","session_id":"s","agent_id":"a","seed_nodes":${deep(5000)}}`, 'seed_nodes.a.a.a.a…'],
    ['/v1/feedback', `{"query_id":"q","session_id":"s","helpful_node_ids":${deep(5000)},"irrelevant_node_ids":[]}`, 'helpful_node_ids.a.a.a.a…'],
    ['/v1/admin/reconsolidate', `{"agent_id":${deep(5000)}}`, 'agent_id.a.a.a.a…'],
  ])('%s: JSON 5,000 levels deep → 422 naming where', async (path, raw, field) => {
    const answer = await call('POST', `${api.url}${path}`, { raw, headers: { 'content-type': 'application/json' } });
    expectRefused(answer, 422);
    expect(answer.body.error).toEqual({ code: 'validation_failed', message: '1 field is invalid', details: [{ field, message: 'is nested deeper than 64 levels' }] });
  });

  it('a single-event body over 1 MiB → 413', async () => {
    const body = anEvent({ payload: { text: 'x'.repeat(1024 * 1024) } });
    expectRefused(await post(`${api.url}/v1/events`, body), 413);
  });

  it('a batch body over 8 MiB → 413', async () => {
    const events = Array.from({ length: 9 }, () => anEvent({ payload: { text: 'x'.repeat(1024 * 1024) } }));
    expectRefused(await post(`${api.url}/v1/events/batch`, { events }), 413);
  });
});

describe('what is within the rules is taken', () => {
  it('a body exactly 64 levels deep', async () => {
    const payload = JSON.parse('{"a":'.repeat(63) + '1' + '}'.repeat(63)); // levels 2 to 64
    expect((await post(`${api.url}/v1/events`, anEvent({ payload }))).status).toBe(201);
    expect((await post(`${api.url}/v1/events`, anEvent({ payload: { a: payload } }))).status).toBe(422);
  });

  it('29 February of a leap year, read back as that day', async () => {
    const event = anEvent({ occurred_at: '2024-02-29T10:00:00Z', ended_at: '2024-02-29T23:59:59.999+00:00' });
    expect((await post(`${api.url}/v1/events`, event)).status).toBe(201);
    expect((await call('GET', `${api.url}/v1/events/${event.event_id}`)).body.occurred_at).toBe('2024-02-29T10:00:00Z');
  });
});
