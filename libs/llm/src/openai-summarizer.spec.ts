import { EXTRACTIVE_MODEL, ExtractiveSummarizer, SummaryRequest, extractiveSummary } from '@cg/domain';
import { deadBaseUrl } from '@cg/http-client';
import { ChatCompletionsServer, chatAnswer } from './testing/chat-completions-server';
import { LlmBudget } from './budget';
import { createSummarizer } from './create-summarizer';
import { LlmBudgetExhausted, LlmError } from './errors';
import { FallbackSummarizer } from './fallback-summarizer';
import { LlmRetryEvent, OpenAiSummarizer } from './openai-summarizer';
import { LlmSettings } from './settings';

const T0 = Date.parse('2025-03-01T09:00:00Z');

const request: SummaryRequest = {
  level: 'episode',
  sources: [
    { id: 'evt-0001', text: 'User asked to deploy billing-service v2.3 to prod.', occurredMs: T0, kind: 'user.message', importance: 6 },
    { id: 'evt-0002', text: 'Deploy failed: migration 0042 timed out after 30 s.', occurredMs: T0 + 60_000, kind: 'tool.execute', importance: 9 },
    { id: 'evt-0003', text: 'Agent rolled back to v2.2.', occurredMs: T0 + 120_000, kind: 'agent.action' },
  ],
};

const extractive = { text: extractiveSummary(request), method: 'extractive', model: EXTRACTIVE_MODEL };

describe('LLM summaries over a chat-completions server', () => {
  const server = new ChatCompletionsServer();
  let fallbacks: unknown[];
  let retries: LlmRetryEvent[];

  beforeAll(() => server.start());
  afterAll(() => server.stop());
  beforeEach(() => {
    server.reset();
    fallbacks = [];
    retries = [];
  });

  /** Small timeouts and delays so every case runs in well under a second. */
  function settings(overrides: Partial<LlmSettings> = {}): Partial<LlmSettings> {
    return { baseUrl: server.baseUrl, model: 'test-model', apiKey: 'sk-test', timeoutMs: 200, maxRetries: 2, retryBaseMs: 10, ...overrides };
  }

  function summarizer(overrides: Partial<LlmSettings> = {}, budget?: LlmBudget) {
    return createSummarizer(settings(overrides), {
      budget,
      onFallback: (error) => fallbacks.push(error),
      onRetry: (event) => retries.push(event),
    });
  }

  it('asks for a grounded summary of the numbered sources and returns the answer, trimmed', async () => {
    server.respond = () => chatAnswer('  The deploy of billing-service v2.3 failed (migration 0042 timed out); the agent rolled back to v2.2.\n');

    const summary = await summarizer().summarize(request);

    expect(summary).toEqual({
      text: 'The deploy of billing-service v2.3 failed (migration 0042 timed out); the agent rolled back to v2.2.',
      method: 'llm',
      model: 'test-model',
    });
    expect(server.requests).toHaveLength(1);
    const [sent] = server.requests;
    expect(sent.method).toBe('POST');
    expect(sent.path).toBe('/v1/chat/completions');
    expect(sent.headers.authorization).toBe('Bearer sk-test');
    expect(sent.headers['content-type']).toBe('application/json');
    expect(sent.body).toMatchObject({ model: 'test-model', temperature: 0, max_tokens: 400 });
    expect(sent.body.messages.map((m: any) => m.role)).toEqual(['system', 'user']);
    expect(sent.body.messages[0].content).toMatch(/only facts stated in the numbered sources/i);
    const prompt: string = sent.body.messages[1].content;
    expect(prompt).toContain('level: episode');
    expect(prompt).toContain('[1] 2025-03-01T09:00:00.000Z, user.message, importance 6/10\nUser asked to deploy billing-service v2.3 to prod.');
    expect(prompt).toContain('[2] 2025-03-01T09:01:00.000Z, tool.execute, importance 9/10\nDeploy failed: migration 0042 timed out after 30 s.');
    expect(prompt).toContain('[3] 2025-03-01T09:02:00.000Z, agent.action\nAgent rolled back to v2.2.');
    expect(prompt).not.toContain('evt-000');
    expect(fallbacks).toEqual([]);
  });

  it('sends no authorization header without an API key', async () => {
    await summarizer({ apiKey: undefined }).summarize(request);
    expect(server.requests[0].headers.authorization).toBeUndefined();
  });

  it('falls back to the extractive summary when the answer is slower than the timeout', async () => {
    server.respond = () => ({ ...chatAnswer('too late'), delayMs: 2_000 });
    const started = Date.now();

    const summary = await summarizer({ timeoutMs: 100, maxRetries: 1 }).summarize(request);

    expect(summary).toEqual(extractive);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(server.requests).toHaveLength(2);
    expect(fallbacks).toHaveLength(1);
    expect(fallbacks[0]).toBeInstanceOf(LlmError);
    expect((fallbacks[0] as Error).message).toMatch(/timed out after 100 ms/);
  });

  it('retries a 500 maxRetries times with doubling delays, then falls back', async () => {
    server.respond = () => ({ status: 500, body: { error: { message: 'upstream exploded' } } });

    const summary = await summarizer({ maxRetries: 2 }).summarize(request);

    expect(summary).toEqual(extractive);
    expect(server.requests).toHaveLength(3);
    expect(retries.map((r) => r.delayMs)).toEqual([10, 20]);
    expect((fallbacks[0] as LlmError).status).toBe(500);
    expect((fallbacks[0] as Error).message).toContain('upstream exploded');
  });

  it('honours Retry-After on a 429 and returns the LLM answer after one retry', async () => {
    server.respond = (_req, n) => (n === 0
      ? { status: 429, headers: { 'retry-after': '0' }, body: { error: { message: 'rate limited' } } }
      : chatAnswer('Deploy failed; rolled back to v2.2.'));

    const summary = await summarizer().summarize(request);

    expect(summary).toEqual({ text: 'Deploy failed; rolled back to v2.2.', method: 'llm', model: 'test-model' });
    expect(server.requests).toHaveLength(2);
    expect(retries.map((r) => [r.retry, r.delayMs, r.error.status])).toEqual([[1, 0, 429]]);
    expect(fallbacks).toEqual([]);
  });

  it('caps a long Retry-After', async () => {
    server.respond = (_req, n) => (n === 0 ? { status: 429, headers: { 'retry-after': '120' } } : chatAnswer('ok'));
    const summary = await summarizer({ maxRetryDelayMs: 30 }).summarize(request);
    expect(summary.method).toBe('llm');
    expect(retries.map((r) => r.delayMs)).toEqual([30]);
  });

  it('falls back at once, without retrying, on malformed JSON', async () => {
    server.respond = () => ({ body: '{"choices": [{"message": ' });

    const summary = await summarizer().summarize(request);

    expect(summary).toEqual(extractive);
    expect(server.requests).toHaveLength(1);
    expect(retries).toEqual([]);
    expect((fallbacks[0] as Error).message).toMatch(/malformed JSON/);
  });

  it('does not retry another 4xx', async () => {
    server.respond = () => ({ status: 401, body: { error: { message: 'invalid api key' } } });
    const summary = await summarizer().summarize(request);
    expect(summary).toEqual(extractive);
    expect(server.requests).toHaveLength(1);
    expect((fallbacks[0] as LlmError).status).toBe(401);
  });

  it('treats an empty or missing answer as a failure', async () => {
    for (const reply of [chatAnswer('   '), chatAnswer(null), { body: { choices: [] } }]) {
      server.reset();
      server.respond = () => reply;
      expect(await summarizer().summarize(request)).toEqual(extractive);
      expect(server.requests).toHaveLength(1);
    }
    expect(fallbacks).toHaveLength(3);
  });

  it('drops a reasoning model\'s <think> block', async () => {
    server.respond = () => chatAnswer('<think>The user wants…</think>\n\nDeploy failed.');
    expect((await summarizer().summarize(request)).text).toBe('Deploy failed.');
  });

  it('retries network errors, then falls back', async () => {
    const summary = await summarizer({ baseUrl: await deadBaseUrl(), maxRetries: 1 }).summarize(request);
    expect(summary).toEqual(extractive);
    expect(retries).toHaveLength(1);
    expect((fallbacks[0] as Error).message).toMatch(/LLM request failed/);
  });

  it('stops calling the LLM once the pass budget is spent, and falls back', async () => {
    server.respond = () => chatAnswer('Deploy failed.', 1_500);
    const budget = new LlmBudget(2_000);
    const perPass = summarizer({}, budget);

    expect((await perPass.summarize(request)).method).toBe('llm');
    expect(budget.spent).toBe(1_500);
    expect(await perPass.summarize(request)).toEqual(extractive);

    expect(server.requests).toHaveLength(1);
    expect(fallbacks[0]).toBeInstanceOf(LlmBudgetExhausted);
  });

  it('charges an estimate when the server reports no usage', async () => {
    server.respond = () => chatAnswer('Deploy failed.');
    const budget = new LlmBudget(10_000);
    await summarizer({}, budget).summarize(request);
    const promptChars = server.requests[0].body.messages.reduce((n: number, m: any) => n + m.content.length, 0);
    expect(budget.spent).toBe(Math.ceil((promptChars + 'Deploy failed.'.length) / 4));
  });

  it('throws typed errors itself, for the fallback to catch', async () => {
    server.respond = () => ({ status: 400, body: 'bad request' });
    const llm = new OpenAiSummarizer({ baseUrl: `${server.baseUrl}/`, model: 'm', timeoutMs: 200 });
    await expect(llm.summarize(request)).rejects.toMatchObject({ name: 'LlmError', status: 400, retryable: false });
    expect(server.requests[0].path).toBe('/v1/chat/completions');
    await expect(new OpenAiSummarizer({ baseUrl: server.baseUrl, model: 'm', budget: new LlmBudget(10) }).summarize(request))
      .rejects.toBeInstanceOf(LlmBudgetExhausted);
    expect(server.requests).toHaveLength(1);
  });
});

describe('createSummarizer without an endpoint', () => {
  it('is the extractive summarizer alone when baseUrl or model is missing or blank', async () => {
    for (const settings of [{}, { model: 'm' }, { baseUrl: 'http://127.0.0.1:9/v1' }, { baseUrl: ' ', model: 'm' }]) {
      const summarizer = createSummarizer({ timeoutMs: 200, maxRetries: 0, maxTokensPerPass: 1000, ...settings });
      expect(summarizer).toBeInstanceOf(ExtractiveSummarizer);
      expect(await summarizer.summarize(request)).toEqual(extractive);
    }
  });

  it('wraps the LLM in a fallback when configured', () => {
    expect(createSummarizer({ baseUrl: 'http://127.0.0.1:9/v1', model: 'm' })).toBeInstanceOf(FallbackSummarizer);
  });
});

describe('FallbackSummarizer', () => {
  const fail = { summarize: async () => { throw new Error('primary down'); } };
  const ok = { summarize: async () => ({ text: 't', method: 'extractive' as const, model: 'x' }) };

  it('returns the primary summary when it succeeds, untouched', async () => {
    const seen: unknown[] = [];
    const llm = { summarize: async () => ({ text: 'l', method: 'llm' as const, model: 'gpt' }) };
    expect(await new FallbackSummarizer(llm, ok, (e) => seen.push(e)).summarize(request)).toEqual({ text: 'l', method: 'llm', model: 'gpt' });
    expect(seen).toEqual([]);
  });

  it('tells the listener why and returns the fallback summary, even when the listener throws', async () => {
    const seen: [unknown, SummaryRequest][] = [];
    expect(await new FallbackSummarizer(fail, ok, (e, r) => seen.push([e, r])).summarize(request)).toEqual(await ok.summarize());
    expect((seen[0][0] as Error).message).toBe('primary down');
    expect(seen[0][1]).toBe(request);
    expect(await new FallbackSummarizer(fail, ok, () => { throw new Error('logger broke'); }).summarize(request)).toEqual(await ok.summarize());
  });

  it('lets a failing fallback fail', async () => {
    await expect(new FallbackSummarizer(fail, fail).summarize(request)).rejects.toThrow('primary down');
  });
});
