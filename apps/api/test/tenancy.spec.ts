import type Redis from 'ioredis';
import { uniqueTestPrefix } from '@cg/redis';
import { anEvent } from './support/events';
import { call, get, post } from './support/http';
import { cleanUp, startApi, testRedis, TestApi } from './support/harness';

const prefix = uniqueTestPrefix();
const A = { authorization: 'Bearer key-of-a' };
const B = { authorization: 'bearer key-of-b' };
let api: TestApi;
let redis: Redis;

beforeAll(async () => {
  redis = await testRedis();
  api = await startApi(prefix, { API_KEYS: 'key-of-a:tenant_a, key-of-b:tenant-b' });
});

afterAll(async () => {
  await api.close();
  await cleanUp(redis, prefix);
});

describe('with API_KEYS set', () => {
  it.each([
    ['no Authorization header', {}],
    ['an unknown key', { authorization: 'Bearer nope' }],
    ['a key without the Bearer scheme', { authorization: 'key-of-a' }],
  ])('refuses %s with 401 on every /v1 route, before reading the body', async (_name, headers) => {
    const event = anEvent();
    const answers = await Promise.all([
      post(`${api.url}/v1/events`, event, headers),
      post(`${api.url}/v1/events/batch`, { events: [event] }, headers),
      call('POST', `${api.url}/v1/events`, { raw: 'not json', headers: { ...headers, 'content-type': 'application/json' } }),
      get(`${api.url}/v1/events/${event.event_id}`, headers),
      get(`${api.url}/v1/sessions/session-1/events`, headers),
      get(`${api.url}/v1/context/session-1`, headers),
      get(`${api.url}/v1/admin/pipeline`, headers),
    ]);
    for (const answer of answers) {
      expect(answer.status).toBe(401);
      expect(answer.body.error.code).toBe('unauthorized');
      expect(answer.headers.get('www-authenticate')).toBe('Bearer');
    }
    expect(await redis.keys(`${prefix}*`)).toEqual([]);
  });

  it('keeps health, metrics and the docs open', async () => {
    for (const path of ['/health/live', '/health/ready', '/metrics', '/docs', '/docs-json']) {
      expect((await get(`${api.url}${path}`)).status).toBe(200);
    }
  });

  it('keeps the same event_id in two tenants as two events; neither overwrites the other', async () => {
    const event = anEvent({ session_id: 'shared-name' });
    const inA = await post(`${api.url}/v1/events`, { ...event, payload: { text: 'tenant a' } }, A);
    const inB = await post(`${api.url}/v1/events`, { ...event, payload: { text: 'tenant b' } }, B);
    expect(inA.status).toBe(201);
    expect(inB.status).toBe(201);
    expect(inB.body.status).toBe('accepted');

    expect((await get(`${api.url}/v1/events/${event.event_id}`, A)).body.payload).toEqual({ text: 'tenant a' });
    expect((await get(`${api.url}/v1/events/${event.event_id}`, B)).body.payload).toEqual({ text: 'tenant b' });
    expect((await post(`${api.url}/v1/events`, { ...event, payload: { text: 'tenant a' } }, A)).body.status).toBe('duplicate');
    expect(await redis.keys(`${prefix}{tenant_a:0}:event:*`)).toHaveLength(1);
    expect(await redis.keys(`${prefix}{tenant-b:0}:event:*`)).toHaveLength(1);
  });

  it('hides one tenant\'s events, sessions and context from another', async () => {
    const event = anEvent({ session_id: 'private-session', agent_id: 'agent-of-a' });
    expect((await post(`${api.url}/v1/events`, event, A)).status).toBe(201);

    const crossGet = await get(`${api.url}/v1/events/${event.event_id}`, B);
    expect(crossGet.status).toBe(404);
    expect(crossGet.body.error.code).toBe('not_found');
    expect((await get(`${api.url}/v1/sessions/private-session/events`, B)).body.events).toEqual([]);
    expect((await get(`${api.url}/v1/sessions/private-session/events`, A)).body.events).toHaveLength(1);
    expect((await get(`${api.url}/v1/context/private-session`, B)).body.nodes).toEqual({});
    // Another tenant may use the same session id for its own agent: no ownership conflict across tenants.
    expect((await post(`${api.url}/v1/events`, anEvent({ session_id: 'private-session', agent_id: 'agent-of-b' }), B)).status).toBe(201);
  });
});
