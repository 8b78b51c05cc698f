import { ConfigError } from '@cg/platform';
import { loadConsolidationConfig } from './config';

describe('loadConsolidationConfig', () => {
  it('defaults: port 8083, every 6 h, threshold 150, 30-min episodes, extractive summaries', () => {
    const config = loadConsolidationConfig({});
    expect(config).toMatchObject({
      ops: { host: '127.0.0.1', port: 8083, portVariable: 'CONSOLIDATION_PORT' }, intervalMs: 6 * 3_600_000, reflectionThreshold: 150, episodeGapMs: 30 * 60_000, lockTtlMs: 60_000,
      llm: { baseUrl: undefined, model: undefined, apiKey: undefined, timeoutMs: 20_000, maxRetries: 2, maxTokensPerPass: 50_000 },
    });
    expect(config.consumer.batchSize).toBeGreaterThan(0);
  });

  it('reads the LLM settings and the schedule (0 = off)', () => {
    const config = loadConsolidationConfig({
      LLM_BASE_URL: 'http://localhost:4000/v1', LLM_MODEL: 'gpt-4o-mini', LLM_API_KEY: 'sk-x', LLM_TIMEOUT_MS: '5000', LLM_MAX_RETRIES: '0',
      LLM_MAX_TOKENS_PER_PASS: '1000', CONSOLIDATION_INTERVAL_MS: '0', REFLECTION_THRESHOLD: '20',
    });
    expect(config).toMatchObject({ intervalMs: 0, reflectionThreshold: 20 });
    expect(config.llm).toEqual({ baseUrl: 'http://localhost:4000/v1', model: 'gpt-4o-mini', apiKey: 'sk-x', timeoutMs: 5000, maxRetries: 0, maxTokensPerPass: 1000 });
  });

  it('names every bad variable', () => {
    let error: ConfigError | undefined;
    try {
      loadConsolidationConfig({ LLM_BASE_URL: 'ftp://x', CONSOLIDATION_INTERVAL_MS: '-1', CONSOLIDATION_LOCK_TTL_MS: '10', EPISODE_GAP_MS: 'soon' });
    } catch (e) {
      error = e as ConfigError;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const text = error!.problems.join('\n');
    for (const name of ['LLM_BASE_URL', 'LLM_MODEL', 'CONSOLIDATION_INTERVAL_MS', 'CONSOLIDATION_LOCK_TTL_MS', 'EPISODE_GAP_MS']) expect(text).toContain(name);
  });
});
