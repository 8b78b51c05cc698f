import type Redis from 'ioredis';
import { announceEmbeddingModel, KeySpace, uniqueTestPrefix } from '@cg/redis';
import { anEvent } from './support/events';
import { call, get, post } from './support/http';
import { cleanUp, startApi, testRedis, TestApi } from './support/harness';
import { REDIS } from '../src/infra/tokens';

const prefix = uniqueTestPrefix();
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

/** The value of the first sample of `name` carrying every one of `labels`, or NaN. */
function sample(text: string, name: string, labels: string[] = []): number {
  const line = text.split('\n').find((l) => l.startsWith(`${name}{`) && labels.every((label) => l.includes(label)));
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : NaN;
}

describe('health, metrics, docs', () => {
  it('answers liveness and readiness', async () => {
    expect(await get(`${api.url}/health/live`)).toMatchObject({ status: 200, body: { status: 'ok' } });
    expect(await get(`${api.url}/health/ready`)).toMatchObject({ status: 200, body: { status: 'ready' } });
  });

  it('says the embedding model is unknown while no enrichment replica announces one, and names it once one does', async () => {
    expect((await get(`${api.url}/health/ready`)).body).toEqual({ status: 'ready', embedding_model: null, embedding_dimension: null });
    const keys = new KeySpace(prefix);
    await announceEmbeddingModel(redis, keys, { model: 'http:bge-small', dimension: 384 });
    try {
      expect(await get(`${api.url}/health/ready`)).toEqual(expect.objectContaining({
        status: 200, body: { status: 'ready', embedding_model: 'http:bge-small', embedding_dimension: 384 },
      }));
    } finally {
      await redis.del(keys.embeddingModel);
    }
  });

  it('exposes ingest counters, ingest latency and request durations in Prometheus format', async () => {
    const event = anEvent();
    await post(`${api.url}/v1/events`, event);
    await post(`${api.url}/v1/events`, event);
    const answer = await get(`${api.url}/metrics`);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toContain('text/plain');
    expect(sample(answer.body, 'cg_ingest_events_total', ['status="accepted"'])).toBeGreaterThan(0);
    expect(sample(answer.body, 'cg_ingest_events_total', ['status="duplicate"'])).toBeGreaterThan(0);
    expect(sample(answer.body, 'cg_ingest_duration_seconds_count')).toBeGreaterThan(0);
    expect(sample(answer.body, 'http_request_duration_seconds_count', ['method="POST"', 'route="/v1/events"', 'status="201"'])).toBeGreaterThan(0);
  });

  it('serves the OpenAPI document and its UI at /docs', async () => {
    const document = await get(`${api.url}/docs-json`);
    expect(document.status).toBe(200);
    expect(Object.keys(document.body.paths)).toEqual(expect.arrayContaining([
      '/v1/events', '/v1/events/batch', '/v1/events/{event_id}', '/v1/sessions/{session_id}/events', '/v1/context/{session_id}', '/v1/admin/pipeline',
    ]));
    const ui = await get(`${api.url}/docs`);
    expect(ui.status).toBe(200);
    expect(ui.headers.get('content-type')).toContain('text/html');
  });
});

describe('requests', () => {
  it('echoes a caller\'s x-request-id and makes one up otherwise', async () => {
    expect((await get(`${api.url}/health/live`, { 'x-request-id': 'trace-me-42' })).headers.get('x-request-id')).toBe('trace-me-42');
    expect((await get(`${api.url}/health/live`)).headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect((await get(`${api.url}/health/live`, { 'x-request-id': 'not a token; with spaces' })).headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers unknown routes and methods in the one error shape', async () => {
    for (const answer of [await get(`${api.url}/v2/nothing`), await call('DELETE', `${api.url}/v1/events`)]) {
      expect(answer.status).toBe(404);
      expect(answer.body).toEqual({ error: { code: 'not_found', message: expect.any(String), details: [] } });
    }
  });
});

describe('GET /v1/admin/pipeline', () => {
  it('reports every stage with numbers only: all of the ledger is lag until the stage starts', async () => {
    const ledger = `${prefix}{default:0}:ledger`;
    await post(`${api.url}/v1/events/batch`, { events: [anEvent(), anEvent()] });
    const unstarted = await get(`${api.url}/v1/admin/pipeline`);
    expect(unstarted.status).toBe(200);
    expect(unstarted.body.drained).toBe(false);
    expect(unstarted.body.stages).toEqual([{
      stage: 'projection', stream: 'ledger', group: 'graph-projection',
      lag: await redis.xlen(ledger), pending: 0, dead_lettered: 0, last_delivered_id: '0-0', seconds_behind: expect.any(Number),
    }, {
      stage: 'enrichment', stream: 'stream:projected', group: 'enrichment',
      lag: 0, pending: 0, dead_lettered: 0, last_delivered_id: '0-0', seconds_behind: 0,
    }, {
      stage: 'consolidation', stream: 'stream:enriched', group: 'consolidation',
      lag: 0, pending: 0, dead_lettered: 0, last_delivered_id: '0-0', seconds_behind: 0,
    }]);

    await redis.xgroup('CREATE', ledger, 'graph-projection', '$');
    const caughtUp = await get(`${api.url}/v1/admin/pipeline`);
    expect(caughtUp.body.drained).toBe(true);
    expect(caughtUp.body.stages[0]).toMatchObject({ lag: 0, pending: 0, seconds_behind: 0 });

    await post(`${api.url}/v1/events/batch`, { events: [anEvent(), anEvent()] });
    const behind = await get(`${api.url}/v1/admin/pipeline`);
    expect(behind.body.drained).toBe(false);
    expect(behind.body.stages[0].lag).toBe(2);
    for (const value of Object.values(behind.body.stages[0])) expect(value).not.toBeNull();
  });
});

describe('when Redis is unreachable', () => {
  it('answers 503 with Retry-After, and readiness says why', async () => {
    const isolated = await startApi(prefix);
    try {
      isolated.app.get<Redis>(REDIS).disconnect();
      const ingest = await post(`${isolated.url}/v1/events`, anEvent());
      expect(ingest.status).toBe(503);
      expect(ingest.headers.get('retry-after')).toBe('1');
      expect(ingest.body).toEqual({ error: { code: 'unavailable', message: expect.any(String), details: [] } });
      expect(JSON.stringify(ingest.body)).not.toMatch(/at .*\.js/);

      const read = await get(`${isolated.url}/v1/events/${anEvent().event_id}`);
      expect(read.status).toBe(503);

      const ready = await get(`${isolated.url}/health/ready`);
      expect(ready.status).toBe(503);
      expect(ready.body.error.details.map((d: { field: string }) => d.field)).toEqual(['redis']);
      expect((await get(`${isolated.url}/health/live`)).status).toBe(200);
    } finally {
      await isolated.close();
    }
  });
});
