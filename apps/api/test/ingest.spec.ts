import type Redis from 'ioredis';
import { uniqueTestPrefix } from '@cg/redis';
import { aSession, anEvent } from './support/events';
import { fieldsOf, get, post } from './support/http';
import { cleanUp, startApi, storeState, testRedis, TestApi } from './support/harness';

const prefix = uniqueTestPrefix();
const POSITION = /^\d+-\d+$/;
let api: TestApi;
let redis: Redis;

beforeAll(async () => {
  redis = await testRedis();
  api = await startApi(prefix);
});

afterAll(async () => {
  await api.close();
  await cleanUp(redis, prefix);
});

const ledgerLength = () => redis.xlen(`${prefix}{default:0}:ledger`);

describe('POST /v1/events', () => {
  it('accepts a new event with 201 and its global position, and stores it exactly as sent', async () => {
    const event = anEvent({ tool_name: 'search', status: 'completed', importance_hint: 7, schema_version: 2, ended_at: new Date().toISOString() });
    const answer = await post(`${api.url}/v1/events`, event);
    expect(answer.status).toBe(201);
    expect(answer.body).toEqual({ event_id: event.event_id, global_position: expect.stringMatching(POSITION), status: 'accepted' });

    const stored = await get(`${api.url}/v1/events/${event.event_id}`);
    expect(stored.status).toBe(200);
    expect(stored.body).toEqual({ ...event, global_position: answer.body.global_position, ingested_at: expect.any(String) });
    expect(Math.abs(Date.parse(stored.body.ingested_at) - Date.now())).toBeLessThan(10_000);
  });

  it('answers a repeat with 200 duplicate and the first position, writing nothing', async () => {
    const event = anEvent();
    const first = await post(`${api.url}/v1/events`, event);
    const before = await storeState(redis, prefix);
    const repeat = await post(`${api.url}/v1/events`, event);
    expect(repeat.status).toBe(200);
    expect(repeat.body).toEqual({ event_id: event.event_id, global_position: first.body.global_position, status: 'duplicate' });
    expect(await storeState(redis, prefix)).toEqual(before);
  });

  it('takes another spelling of the same content for a duplicate (UUID case, timestamp zone, key order)', async () => {
    const event = anEvent({ occurred_at: '2024-03-01T10:00:00.500Z', parent_event_id: 'ABCDEF00-0000-4000-8000-000000000001' });
    const first = await post(`${api.url}/v1/events`, event);
    const respelled = Object.fromEntries(Object.entries({
      ...event,
      event_id: event.event_id.toUpperCase(),
      occurred_at: '2024-03-01T11:00:00.5+01:00',
      parent_event_id: 'abcdef00-0000-4000-8000-000000000001',
    }).reverse());
    const repeat = await post(`${api.url}/v1/events`, respelled);
    expect(repeat.status).toBe(200);
    expect(repeat.body).toMatchObject({ status: 'duplicate', global_position: first.body.global_position });
  });

  it('refuses the same id with other content with 409, writing nothing', async () => {
    const event = anEvent();
    await post(`${api.url}/v1/events`, event);
    const before = await storeState(redis, prefix);
    const answer = await post(`${api.url}/v1/events`, { ...event, payload: { text: 'something else' } });
    expect(answer.status).toBe(409);
    expect(answer.body.error.code).toBe('conflict');
    expect(fieldsOf(answer)).toEqual(['event_id']);
    expect(await storeState(redis, prefix)).toEqual(before);
  });

  it('refuses an event of a session owned by another agent with 409 naming agent_id', async () => {
    await post(`${api.url}/v1/events`, anEvent({ session_id: 'owned-session', agent_id: 'owner' }));
    const before = await storeState(redis, prefix);
    const answer = await post(`${api.url}/v1/events`, anEvent({ session_id: 'owned-session', agent_id: 'intruder' }));
    expect(answer.status).toBe(409);
    expect(fieldsOf(answer)).toEqual(['agent_id']);
    expect(await storeState(redis, prefix)).toEqual(before);
  });

  it('compares UUIDs case-insensitively and stores them lowercase', async () => {
    const event = anEvent({ event_id: 'A0B1C2D3-E4F5-4A6B-8C7D-9E0F1A2B3C4D' });
    const answer = await post(`${api.url}/v1/events`, event);
    expect(answer.body.event_id).toBe('a0b1c2d3-e4f5-4a6b-8c7d-9e0f1a2b3c4d');
    for (const id of [event.event_id, event.event_id.toLowerCase()]) {
      const stored = await get(`${api.url}/v1/events/${id}`);
      expect(stored.status).toBe(200);
      expect(stored.body.event_id).toBe('a0b1c2d3-e4f5-4a6b-8c7d-9e0f1a2b3c4d');
    }
  });
});

describe('POST /v1/events/batch', () => {
  it('reports each event in request order, a repeated id inside the batch being a duplicate or conflict of its first copy', async () => {
    const known = anEvent();
    const knownAnswer = await post(`${api.url}/v1/events`, known);
    const fresh = anEvent();
    const lengthBefore = await ledgerLength();
    const events = [
      fresh,
      known,
      { ...known, payload: { text: 'changed' } },
      { ...fresh },
      { ...fresh, payload: { text: 'changed' } },
      anEvent({ session_id: 'owned-session', agent_id: 'intruder' }),
    ];
    const answer = await post(`${api.url}/v1/events/batch`, { events });
    expect(answer.status).toBe(200);
    const [first, ...rest] = answer.body.results;
    expect(first).toEqual({ event_id: fresh.event_id, global_position: expect.stringMatching(POSITION), status: 'accepted' });
    expect(rest).toEqual([
      { event_id: known.event_id, global_position: knownAnswer.body.global_position, status: 'duplicate' },
      { event_id: known.event_id, global_position: knownAnswer.body.global_position, status: 'conflict', conflict: 'content' },
      { event_id: fresh.event_id, global_position: first.global_position, status: 'duplicate' },
      { event_id: fresh.event_id, global_position: first.global_position, status: 'conflict', conflict: 'content' },
      { event_id: events[5].event_id, global_position: null, status: 'conflict', conflict: 'session' },
    ]);
    expect(answer.body).toMatchObject({ accepted: 1, duplicates: 2, conflicts: 3 });
    expect(await ledgerLength()).toBe(lengthBefore + 1);
  });

  it('takes 1,000 events in a body well over the single-event cap', async () => {
    const events = Array.from({ length: 10 }, () => aSession(100, undefined, { payload: { text: 'y'.repeat(2000) } })).flat();
    const lengthBefore = await ledgerLength();
    const answer = await post(`${api.url}/v1/events/batch`, { events });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ accepted: 1000, duplicates: 0, conflicts: 0 });
    expect(answer.body.results.map((r: { event_id: string }) => r.event_id)).toEqual(events.map((e) => e.event_id));
    expect(await ledgerLength()).toBe(lengthBefore + 1000);
  });
});

describe('GET /v1/events/:event_id', () => {
  it('answers 404 for an unknown id and 422 for one that is not a UUID', async () => {
    const missing = await get(`${api.url}/v1/events/00000000-0000-4000-8000-000000000000`);
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('not_found');
    const malformed = await get(`${api.url}/v1/events/not-a-uuid`);
    expect(malformed.status).toBe(422);
    expect(fieldsOf(malformed)).toEqual(['event_id']);
  });
});

describe('GET /v1/sessions/:session_id/events', () => {
  it('returns the session in occurred_at order whatever the arrival order, a page at a time', async () => {
    const events = aSession(7);
    const shuffled = [events[4], events[0], events[6], events[2], events[1], events[5], events[3]];
    for (const event of shuffled) expect((await post(`${api.url}/v1/events`, event)).status).toBe(201);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
      const page = await get(`${api.url}/v1/sessions/${events[0].session_id}/events?limit=3${query}`);
      expect(page.status).toBe(200);
      expect(page.body.events.length).toBeLessThanOrEqual(3);
      seen.push(...page.body.events.map((e: { event_id: string }) => e.event_id));
      cursor = page.body.pagination.cursor;
      expect(page.body.pagination.has_more).toBe(cursor !== null);
    } while (cursor);
    expect(seen).toEqual(events.map((e) => e.event_id));
  });

  it('answers an unknown session with an empty page', async () => {
    const answer = await get(`${api.url}/v1/sessions/never-seen/events`);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ events: [], pagination: { cursor: null, has_more: false } });
  });

  it.each([
    ['limit=0', ['limit']],
    ['limit=1001', ['limit']],
    ['limit=ten', ['limit']],
    ['cursor=%21%21', ['cursor']],
    ['sort=desc', ['sort']],
  ])('refuses %s with 422', async (query, fields) => {
    const answer = await get(`${api.url}/v1/sessions/session-1/events?${query}`);
    expect(answer.status).toBe(422);
    expect(fieldsOf(answer)).toEqual(fields);
  });
});

describe('a repeat long after the first post', () => {
  it('is still a duplicate 30 days later, with the first position', async () => {
    const event = anEvent();
    const first = await post(`${api.url}/v1/events`, event);
    expect(first.status).toBe(201);
    const later = await startApi(prefix, { CLOCK_OFFSET_MS: String(30 * 24 * 3_600_000) });
    try {
      const lengthBefore = await ledgerLength();
      const repeat = await post(`${later.url}/v1/events`, event);
      expect(repeat.status).toBe(200);
      expect(repeat.body).toEqual({ event_id: event.event_id, global_position: first.body.global_position, status: 'duplicate' });
      expect(await ledgerLength()).toBe(lengthBefore);
    } finally {
      await later.close();
    }
  });
});
