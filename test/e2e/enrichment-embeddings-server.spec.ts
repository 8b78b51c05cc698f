import { randomUUID } from 'node:crypto';
import { embeddingsAnswer, EmbeddingsServer, l2Normalize, serverVector } from '@cg/embedding';
import { AppProcess } from '../support/app-process';
import { request, UP_TO_ENRICHMENT, waitForDrain } from '../support/http';
import { TestStack } from '../support/stack';

const API_KEY = 'sk-e2e-embeddings-0451';
const MODEL = 'e2e-embed';
/** Texts about credentials share one vector on this server, so a query can be found by its vector alone. */
const CREDENTIALS = /secret|credential/i;
const vectorOf = (text: string) => serverVector(CREDENTIALS.test(text) ? 'the credentials topic' : text, 384);

// Issue 10, item 3: the enrichment process embedding through an OpenAI-compatible server.
describe('enrichment with an embeddings server', () => {
  const server = new EmbeddingsServer();
  const stack = new TestStack();
  let api: AppProcess;
  let enrichment: AppProcess;
  const run = randomUUID().slice(0, 8);
  const serverEnv = () => ({ EMBEDDING_BASE_URL: server.baseUrl, EMBEDDING_MODEL: MODEL, EMBEDDING_API_KEY: API_KEY });

  beforeAll(async () => {
    await server.start();
    server.respond = (req) => {
      const answer = embeddingsAnswer(req.body.input) as { body: { data: Array<{ index: number; embedding: number[] }> } };
      for (const item of answer.body.data) item.embedding = vectorOf(req.body.input[item.index]);
      return answer;
    };
    [api, , enrichment] = await Promise.all([stack.start('api'), stack.start('projection'), stack.start('enrichment', serverEnv())]);
  });
  afterAll(async () => {
    await stack.close();
    await server.stop();
  });

  it('names the HTTP model in /health/ready on enrichment and on the API', async () => {
    const ready = await request('GET', `${enrichment.url}/health/ready`);
    expect(ready.status).toBe(200);
    expect(ready.body.checks).toMatchObject({ embedding_model: `http:${MODEL}`, embedding_dimension: 384 });
    expect(await request('GET', `${api.url}/health/ready`)).toEqual({
      status: 200, body: { status: 'ready', embedding_model: `http:${MODEL}`, embedding_dimension: 384 },
    });
  });

  it('stores the server\'s vectors, normalized, under the HTTP model, and finds them by a query vector from the same server', async () => {
    const agent = `agent-http-${run}`;
    const event = {
      event_id: randomUUID(), event_type: 'tool.execute', occurred_at: new Date().toISOString(), session_id: `s-http-${run}`,
      agent_id: agent, trace_id: `t-${run}`, payload_ref: 'inline', payload: { text: 'Rollout stopped: the checkout secret was absent in prod.' },
    };
    expect((await request('POST', `${api.url}/v1/events`, event)).status).toBe(201);
    await waitForDrain(api.url, 60_000, UP_TO_ENRICHMENT);

    const { body } = await request('GET', `${api.url}/v1/context/${event.session_id}?max_nodes=50`);
    expect(body.nodes[event.event_id].attributes.embedding_model).toBe(`http:${MODEL}`);
    const embedded = server.requests.flatMap((r) => r.body.input as string[]).find((text) => text.includes('checkout secret'))!;
    const stored = await stack.redis.hgetBuffer(`${stack.prefix}{default:0}:vec:${agent}:http%3A${MODEL}:vectors`, event.event_id);
    const vector = new Float32Array(Uint8Array.from(stored!).buffer); // copied: the reply buffer need not be aligned
    expect(Array.from(vector)).toEqual(Array.from(l2Normalize(Float32Array.from(vectorOf(embedded)))));

    // No word in common with the event: only the vector channel can find it.
    const answer = await request('POST', `${api.url}/v1/query/subgraph`, { session_id: event.session_id, agent_id: agent, query: 'which credential?' });
    expect(answer.status).toBe(200);
    expect(answer.body.meta).toMatchObject({ vector_channel: `http:${MODEL}`, retrieval_channels: { vector: 1, lexical: 0 } });
    expect(Object.keys(answer.body.nodes)).toContain(event.event_id);
    expect(server.requests.some((r) => r.body.input.includes('which credential?'))).toBe(true);
  });

  it('sends the key as a bearer and never logs it', () => {
    expect(server.requests.every((r) => r.headers.authorization === `Bearer ${API_KEY}`)).toBe(true);
    expect(JSON.stringify(enrichment.lines)).not.toContain(API_KEY);
    expect(enrichment.lines).toContainEqual(expect.objectContaining({ msg: 'embedder: http', model: `http:${MODEL}`, base_url: server.baseUrl }));
  });

  it('refuses to start a replica whose server gives another dimension than EMBEDDING_DIMENSION', async () => {
    const started = stack.start('enrichment', { ...serverEnv(), EMBEDDING_DIMENSION: '768' });
    await expect(started).rejects.toThrow(/exited with 1 before listening/);
    const message = (await started.catch((error: Error) => error.message)) as string;
    expect(message).toContain(`EMBEDDING_MODEL=${MODEL} at EMBEDDING_BASE_URL=${server.baseUrl} gives 384-d vectors, but EMBEDDING_DIMENSION is 768`);
    expect(message).not.toContain(API_KEY);
  });
});
