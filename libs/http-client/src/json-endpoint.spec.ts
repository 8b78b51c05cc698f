import { HttpCallError } from './http-call-error';
import { displayUrl } from './display-url';
import { JsonEndpoint, JsonEndpointOptions, RetryEvent } from './json-endpoint';
import { deadBaseUrl, JsonTestServer } from './testing/json-test-server';

class TestCallError extends HttpCallError {
  override readonly name = 'TestCallError';
}

describe('JsonEndpoint over a real local server', () => {
  const server = new JsonTestServer(() => ({ body: { ok: true } }));
  let retries: RetryEvent<TestCallError>[];

  beforeAll(() => server.start());
  afterAll(() => server.stop());
  beforeEach(() => {
    server.reset();
    retries = [];
  });

  /** Small timeouts and delays so every case runs in well under a second. */
  function endpoint(overrides: Partial<JsonEndpointOptions<TestCallError>> = {}) {
    return new JsonEndpoint({
      url: `${server.baseUrl}/things`, label: 'test server', apiKey: 'sk-secret-key', timeoutMs: 200,
      maxRetries: 2, retryBaseMs: 10, maxRetryDelayMs: 1_000, errorClass: TestCallError,
      onRetry: (event) => retries.push(event), ...overrides,
    });
  }
  const failure = (promise: Promise<unknown>) => promise.then(() => { throw new Error('expected a failure'); }, (error: unknown) => error as TestCallError);

  it('POSTs the body as JSON with the key as a bearer, and returns the parsed answer', async () => {
    server.respond = () => ({ status: 201, body: { answer: [1, 2] } });
    expect(await endpoint().post({ question: 'q' })).toEqual({ status: 201, json: { answer: [1, 2] } });
    const [sent] = server.requests;
    expect(sent).toMatchObject({ method: 'POST', path: '/v1/things', body: { question: 'q' } });
    expect(sent.headers).toMatchObject({ authorization: 'Bearer sk-secret-key', 'content-type': 'application/json' });
  });

  it('sends no authorization header without a key', async () => {
    await endpoint({ apiKey: undefined }).post({});
    expect(server.requests[0].headers.authorization).toBeUndefined();
  });

  it('retries an answer slower than the timeout, then fails naming the timeout', async () => {
    server.respond = () => ({ body: {}, delayMs: 2_000 });
    const started = Date.now();
    const error = await failure(endpoint({ timeoutMs: 100, maxRetries: 1 }).post({}));
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(error).toBeInstanceOf(TestCallError);
    expect(error).toMatchObject({ name: 'TestCallError', retryable: true, message: 'test server request timed out after 100 ms' });
    expect(server.requests).toHaveLength(2);
  });

  it('retries a 500 with doubling delays, then fails with the status and the server\'s message', async () => {
    server.respond = () => ({ status: 500, headers: { 'retry-after': '5' }, body: { error: { message: 'upstream exploded' } } });
    const error = await failure(endpoint().post({}));
    expect(server.requests).toHaveLength(3);
    expect(retries.map((r) => r.delayMs)).toEqual([10, 20]); // a 500's Retry-After is not a promise
    expect(error).toMatchObject({ status: 500, message: 'test server answered HTTP 500: upstream exploded' });
  });

  it('honours Retry-After on a 429 and a 503, in seconds or as a date, capped', async () => {
    const replies = [
      { status: 429, headers: { 'retry-after': '0' } },
      { status: 503, headers: { 'retry-after': new Date(Date.now() + 60_000).toUTCString() } },
      { body: { ok: 'at last' } },
    ];
    server.respond = (_req, n) => replies[n];
    expect((await endpoint({ maxRetryDelayMs: 30 }).post({})).json).toEqual({ ok: 'at last' });
    expect(retries.map((r) => [r.retry, r.delayMs, r.error.status])).toEqual([[1, 0, 429], [2, 30, 503]]);
  });

  it('fails at once on another 4xx and on malformed JSON', async () => {
    server.respond = () => ({ status: 400, body: 'bad request' });
    expect(await failure(endpoint().post({}))).toMatchObject({ status: 400, retryable: false, message: 'test server answered HTTP 400: bad request' });
    server.respond = () => ({ body: '{"data": [' });
    expect((await failure(endpoint().post({}))).message).toBe('test server answered malformed JSON: {"data": [');
    expect(server.requests).toHaveLength(2);
    expect(retries).toEqual([]);
  });

  it('retries network errors', async () => {
    const error = await failure(endpoint({ url: `${await deadBaseUrl()}/things`, maxRetries: 1 }).post({}));
    expect(retries).toHaveLength(1);
    expect(error.message).toMatch(/^test server request failed: fetch failed \(.*ECONNREFUSED.*\)$/);
  });

  it('never puts the key in a message, even when the server echoes it', async () => {
    server.respond = () => ({ status: 401, body: { error: { message: 'Incorrect API key provided: sk-secret-key.' } } });
    const error = await failure(endpoint().post({}));
    expect(error.message).toBe('test server answered HTTP 401: Incorrect API key provided: ***.');
  });

  it('shows a base URL without credentials or query', () => {
    expect(displayUrl('https://user:pw@tei.internal:8080/v1/?key=abc')).toBe('https://tei.internal:8080/v1');
    expect(displayUrl('not a url')).toBe('<invalid url>');
  });
});
