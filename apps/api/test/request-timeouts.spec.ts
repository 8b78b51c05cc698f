import { connect } from 'node:net';
import type Redis from 'ioredis';
import { waitFor } from '@cg/platform';
import { uniqueTestPrefix } from '@cg/redis';
import { post } from './support/http';
import { cleanUp, startApi, testRedis, TestApi } from './support/harness';

// Slowloris: sockets that send part of a request and then stall are closed once HTTP_REQUEST_TIMEOUT_MS
// passes (plus at most a quarter of it, Node's sweep), with a 408 in the one error shape.
const prefix = uniqueTestPrefix();
const TIMEOUT_MS = 1_000;
const CLOSED_WITHIN_MS = 4_000;
let api: TestApi;
let redis: Redis;

beforeAll(async () => {
  redis = await testRedis();
  api = await startApi(prefix, { HTTP_REQUEST_TIMEOUT_MS: String(TIMEOUT_MS), ADMIN_RPC_TIMEOUT_MS: String(2 * TIMEOUT_MS) });
});

afterAll(async () => {
  await api.close();
  await cleanUp(redis, prefix);
});

interface Stalled {
  /** Everything the server sent before it closed the socket. */
  received: string;
  closedAfterMs: number;
}

/** Opens a raw socket, sends `chunks` (with `awaitAnswer`, each once the server answered the one before), then stalls until the server closes it. */
function stall(chunks: string[], { awaitAnswer = false } = {}): Promise<Stalled> {
  const { port } = new URL(api.url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1');
    const started = Date.now();
    let received = '';
    const giveUp = setTimeout(() => {
      socket.destroy();
      reject(new Error(`socket still open after ${CLOSED_WITHIN_MS} ms`));
    }, CLOSED_WITHIN_MS);
    const sendNext = () => {
      const chunk = chunks.shift();
      if (chunk !== undefined) socket.write(chunk);
    };
    socket.on('connect', () => {
      sendNext();
      if (!awaitAnswer) chunks.splice(0).forEach((chunk) => socket.write(chunk));
    });
    socket.on('data', (data) => {
      received += data.toString();
      if (awaitAnswer) sendNext();
    });
    socket.on('error', () => undefined); // the server may reset a socket it closes
    socket.on('close', () => {
      clearTimeout(giveUp);
      resolve({ received, closedAfterMs: Date.now() - started });
    });
  });
}

function expectTimedOut({ received, closedAfterMs }: Stalled): void {
  expect(closedAfterMs).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
  expect(received).toMatch(/^HTTP\/1\.1 408 /);
  expect(JSON.parse(received.slice(received.indexOf('\r\n\r\n') + 4))).toEqual({
    error: { code: 'request_timeout', message: 'the request headers or body did not arrive in time', details: [] },
  });
}

const HEADERS = 'POST /v1/events HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n';

describe('HTTP_REQUEST_TIMEOUT_MS', () => {
  it('closes every socket whose body stalls after 2 of 1,000 bytes, and nothing is written', async () => {
    const stalled = await Promise.all(Array.from({ length: 50 }, () => stall([HEADERS, '{"'])));
    stalled.forEach(expectTimedOut);
    expect(await redis.keys(`${prefix}*`)).toEqual([]);
  });

  it('closes a socket whose headers never end', async () => {
    expectTimedOut(await stall(['POST /v1/events HTTP/1.1\r\nHost: localhost\r\nX-Slow: ']));
  });

  it('closes a socket that connects and sends nothing', async () => {
    const { closedAfterMs } = await stall([]);
    expect(closedAfterMs).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
  });

  it('leaves an idle kept-alive socket alone: idling between requests is not a stalled request', async () => {
    const socket = connect(Number(new URL(api.url).port), '127.0.0.1');
    const responses: string[] = [];
    socket.on('data', (data) => responses.push(data.toString()));
    socket.write('GET /health/live HTTP/1.1\r\nHost: localhost\r\n\r\n');
    await waitFor(() => responses.length === 1);
    await new Promise((resolve) => setTimeout(resolve, TIMEOUT_MS * 1.5)); // idle past the timeout and a sweep
    socket.write('GET /health/live HTTP/1.1\r\nHost: localhost\r\n\r\n');
    await waitFor(() => responses.length === 2, CLOSED_WITHIN_MS);
    socket.destroy();
    expect(responses.map((r) => r.split('\r\n')[0])).toEqual(['HTTP/1.1 200 OK', 'HTTP/1.1 200 OK']);
  });

  it('times a request that starts on a kept-alive socket like any other', async () => {
    const first = 'GET /health/live HTTP/1.1\r\nHost: localhost\r\nConnection: keep-alive\r\n\r\n';
    const { received, closedAfterMs } = await stall([first, `${HEADERS}{"`], { awaitAnswer: true });
    expect(received).toMatch(/^HTTP\/1\.1 200 /);
    expect(received).toMatch(/HTTP\/1\.1 408 /);
    expect(closedAfterMs).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
  });

  it('never cuts a slow answer: the timeout is for the request to arrive, not for the server to reply', async () => {
    const started = Date.now();
    const answer = await post(`${api.url}/v1/admin/reconsolidate`, {}); // no consolidation replica: a 503 after ADMIN_RPC_TIMEOUT_MS
    expect(Date.now() - started).toBeGreaterThanOrEqual(2 * TIMEOUT_MS);
    expect(answer.status).toBe(503);
    expect(answer.body.error.message).toMatch(/no consolidation replica answered within 2000 ms/);
  });
});
