import { deadBaseUrl, RetryEvent } from '@cg/http-client';
import { EmbeddingError } from './embedding-error';
import { HttpEmbedder } from './http-embedder';
import { HttpEmbedderSettings } from './http-embedder-settings';
import { l2Normalize } from './pooling';
import { embeddingsAnswer, EmbeddingsServer, serverVector } from './testing/embeddings-server';

const API_KEY = 'sk-embed-secret-4242';

/** What the client must return for `text`: the server's vector, normalized. */
const expected = (text: string, dimension = 384) => Array.from(l2Normalize(Float32Array.from(serverVector(text, dimension))));
const texts = (n: number) => Array.from({ length: n }, (_, i) => `text number ${i}`);

describe('HttpEmbedder against a real /v1/embeddings server', () => {
  const server = new EmbeddingsServer();
  let retries: RetryEvent<EmbeddingError>[];

  beforeAll(() => server.start());
  afterAll(() => server.stop());
  beforeEach(() => {
    server.reset();
    retries = [];
  });

  /** Small timeouts and delays so every case runs in well under a second. */
  function settings(overrides: Partial<HttpEmbedderSettings> = {}): HttpEmbedderSettings {
    return {
      baseUrl: server.baseUrl, model: 'test-embed', apiKey: API_KEY, dimension: 384, batchSize: 32,
      timeoutMs: 200, maxRetries: 2, retryBaseMs: 10, maxRetryDelayMs: 1_000, ...overrides,
    };
  }
  const connect = (overrides: Partial<HttpEmbedderSettings> = {}) => HttpEmbedder.connect(settings(overrides), { onRetry: (e) => retries.push(e) });
  /** Connected, with the probe's request forgotten, so a test counts only its own. */
  async function connected(overrides: Partial<HttpEmbedderSettings> = {}): Promise<HttpEmbedder> {
    const embedder = await connect(overrides);
    server.requests.length = 0;
    return embedder;
  }
  const failure = (promise: Promise<unknown>) => promise.then(() => { throw new Error('expected a failure'); }, (error: unknown) => error as EmbeddingError);

  it('probes once at start-up and names the configured model, apart from any local one', async () => {
    const embedder = await connect();
    expect(embedder).toMatchObject({ kind: 'http', model: 'http:test-embed', dimension: 384, servedModel: 'served-embedding-model' });
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0].body).toEqual({ model: 'test-embed', input: ['dimension probe'] });
  });

  it('returns unit vectors in input order when the server sends data shuffled, with the key as a bearer', async () => {
    const embedder = await connected();
    server.respond = (request) => embeddingsAnswer(request.body.input, { reversed: true });
    const input = ['the deploy failed', 'a missing secret', 'rolled back to v2.2'];

    const vectors = await embedder.embed(input);

    expect(vectors.map((v) => Array.from(v))).toEqual(input.map((t) => expected(t)));
    for (const v of vectors) expect(Math.hypot(...v)).toBeCloseTo(1, 5);
    expect(server.requests).toHaveLength(1);
    const [sent] = server.requests;
    expect(sent).toMatchObject({ method: 'POST', path: '/v1/embeddings', body: { model: 'test-embed', input } });
    expect(sent.headers.authorization).toBe(`Bearer ${API_KEY}`);
    expect(await embedder.embed([])).toEqual([]);
    expect(server.requests).toHaveLength(1);
  });

  it('splits a batch over requests of at most batchSize inputs and keeps the order', async () => {
    const embedder = await connected({ batchSize: 4 });
    server.respond = (request) => embeddingsAnswer(request.body.input, { reversed: true });
    const input = texts(10);

    const vectors = await embedder.embed(input);

    expect(server.requests.map((r) => r.body.input)).toEqual([input.slice(0, 4), input.slice(4, 8), input.slice(8)]);
    expect(vectors.map((v) => Array.from(v))).toEqual(input.map((t) => expected(t)));
  });

  it('retries an answer slower than the timeout, then fails naming the timeout', async () => {
    const embedder = await connected({ timeoutMs: 100, maxRetries: 1 });
    server.respond = (request) => ({ ...embeddingsAnswer(request.body.input), delayMs: 2_000 });
    const started = Date.now();

    const error = await failure(embedder.embed(['too slow']));

    expect(Date.now() - started).toBeLessThan(1_000);
    expect(error).toBeInstanceOf(EmbeddingError);
    expect(error.message).toBe('embedding server request timed out after 100 ms');
    expect(server.requests).toHaveLength(2);
    expect(retries).toHaveLength(1);
  });

  it('retries a 500 and returns the vectors of the answer after it', async () => {
    const embedder = await connected();
    server.respond = (request, n) => (n === 0 ? { status: 500, body: { error: { message: 'CUDA out of memory' } } } : embeddingsAnswer(request.body.input));

    const [vector] = await embedder.embed(['after a 500']);

    expect(Array.from(vector)).toEqual(expected('after a 500'));
    expect(server.requests).toHaveLength(2);
    expect(retries.map((r) => [r.retry, r.delayMs, r.error.status, r.error.message])).toEqual([[1, 10, 500, 'embedding server answered HTTP 500: CUDA out of memory']]);
  });

  it('waits what a 429 says in Retry-After rather than its own backoff, then succeeds', async () => {
    const embedder = await connected({ retryBaseMs: 5_000 });
    server.respond = (request, n) => (n === 0 ? { status: 429, headers: { 'retry-after': '0' }, body: { error: 'rate limited' } } : embeddingsAnswer(request.body.input));
    const started = Date.now();

    const [vector] = await embedder.embed(['after a 429']);

    expect(Date.now() - started).toBeLessThan(1_000);
    expect(Array.from(vector)).toEqual(expected('after a 429'));
    expect(retries.map((r) => [r.delayMs, r.error.status])).toEqual([[0, 429]]);
  });

  it('refuses to start on a server of another dimension, in one line naming the variables', async () => {
    server.respond = (request) => embeddingsAnswer(request.body.input, { dimension: 768 });
    const error = await failure(connect());
    expect(error).toBeInstanceOf(EmbeddingError);
    expect(error.message).toBe(
      `EMBEDDING_MODEL=test-embed at EMBEDDING_BASE_URL=${server.baseUrl} gives 768-d vectors, but EMBEDDING_DIMENSION is 384: ` +
        'serve a 384-d model there, or set EMBEDDING_DIMENSION=768',
    );
    expect(server.requests).toHaveLength(1);
  });

  it('accepts another dimension when EMBEDDING_DIMENSION says so', async () => {
    server.respond = (request) => embeddingsAnswer(request.body.input, { dimension: 768 });
    expect((await connect({ dimension: 768 })).dimension).toBe(768);
  });

  it('refuses to start when the server cannot be reached, naming where it was looked for', async () => {
    const baseUrl = await deadBaseUrl();
    const error = await failure(connect({ baseUrl, maxRetries: 1 }));
    expect(error.message).toMatch(new RegExp(`^embedding start-up probe of EMBEDDING_MODEL=test-embed at EMBEDDING_BASE_URL=${baseUrl} failed: embedding server request failed: fetch failed`));
    expect(retries).toHaveLength(1);
  });

  it('never puts the API key in an error message, even when the server echoes it', async () => {
    server.respond = () => ({ status: 401, body: { error: { message: `invalid api key ${API_KEY}` } } });
    const error = await failure(connect());
    expect(error.message).toContain('answered HTTP 401: invalid api key ***');
    expect(error.message).not.toContain(API_KEY);
    expect(server.requests).toHaveLength(1); // a 401 is not retried
  });

  it('fails at once, storing nothing, on a malformed answer or a vector of another length', async () => {
    const embedder = await connected();
    const cases: Array<[(input: string[]) => unknown, RegExp]> = [
      [(input) => ({ data: embeddingsAnswer(input.slice(1)).body }), /no data list/],
      [(input) => embeddingsAnswer(input.slice(1)).body, /1 vectors for 2 inputs/],
      [(input) => ({ data: input.map(() => ({ index: 0, embedding: serverVector(input[0], 384) })) }), /repeated or out-of-range index 0/],
      [(input) => ({ data: input.map((_, index) => ({ index, embedding: 'base64…' })) }), /embedding at index 0 that is not a list of numbers/],
      [(input) => embeddingsAnswer(input, { dimension: 383 }).body, /answered a 383-d vector for http:test-embed, whose vectors are 384-d/],
    ];
    for (const [answer, message] of cases) {
      server.reset();
      server.respond = (request) => ({ body: answer(request.body.input) });
      const error = await failure(embedder.embed(['one', 'two']));
      expect(error).toMatchObject({ name: 'EmbeddingError', retryable: false });
      expect(error.message).toMatch(message);
      expect(server.requests).toHaveLength(1);
    }
  });
});
