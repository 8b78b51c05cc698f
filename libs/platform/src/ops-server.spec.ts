import { Counter, Registry } from 'prom-client';
import { JsonLogger } from './logger';
import { OpsServer, ReadinessCheck, startOpsServer } from './ops-server';

let server: OpsServer;
let registry: Registry;
let lines: string[];
let ready: ReadinessCheck;

beforeEach(async () => {
  lines = [];
  jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => (lines.push(String(chunk)), true));
  registry = new Registry();
  registry.setDefaultLabels({ app: 'test' });
  ready = async () => ({ ready: true, checks: { redis: 'ok' } });
  server = await startOpsServer({ port: 0, registry, ready: () => ready(), logger: new JsonLogger('test'), readyTimeoutMs: 200 });
});
afterEach(async () => {
  await server.close();
  jest.restoreAllMocks();
});

const get = (path: string, init?: RequestInit) => fetch(`http://127.0.0.1:${server.port}${path}`, init);

describe('ops server', () => {
  it('logs the port it listens on, so a test can start it on port 0', () => {
    expect(server.port).toBeGreaterThan(0);
    const logged = lines.map((l) => JSON.parse(l)).find((l) => l.msg === 'ops server listening');
    expect(logged).toMatchObject({ port: server.port, level: 'info', app: 'test' });
  });

  it('answers liveness', async () => {
    const res = await get('/health/live');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('answers readiness from the injected check: 200 when ready, 503 when not, failed or hung', async () => {
    let res = await get('/health/ready');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', checks: { redis: 'ok' } });

    ready = async () => ({ ready: false, checks: { redis: 'down' } });
    res = await get('/health/ready');
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ status: 'unavailable', checks: { redis: 'down' } });

    ready = async () => Promise.reject(new Error('ECONNREFUSED'));
    res = await get('/health/ready');
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ status: 'unavailable', checks: { error: 'ECONNREFUSED' } });

    ready = () => new Promise(() => undefined);
    res = await get('/health/ready');
    expect(res.status).toBe(503);
    expect(((await res.json()) as { checks: { error: string } }).checks.error).toMatch(/timed out/);
  });

  it('serves the registry in Prometheus text format', async () => {
    new Counter({ name: 'cg_test_total', help: 'test counter', registers: [registry] });
    const res = await get('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    expect(await res.text()).toContain('# TYPE cg_test_total counter');
  });

  it('refuses unknown paths and methods in the common error shape', async () => {
    let res = await get('/nope');
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not_found');
    res = await get('/health/live', { method: 'POST' });
    expect(res.status).toBe(405);
  });
});
