import { ConfigError } from '@cg/platform';
import { loadEnrichmentConfig } from './config';

const problems = (env: Record<string, string>) => {
  try {
    loadEnrichmentConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
};

describe('enrichment config: the embeddings server', () => {
  it('is off by default', () => {
    expect(loadEnrichmentConfig({}).embeddingServer).toBeUndefined();
  });

  it('reads the server, its key and its tuning', () => {
    const config = loadEnrichmentConfig({
      EMBEDDING_BASE_URL: 'http://tei:8080/v1', EMBEDDING_MODEL: 'BAAI/bge-small-en-v1.5', EMBEDDING_API_KEY: 'sk-x',
      EMBEDDING_DIMENSION: '768', EMBEDDING_BATCH_SIZE: '8', EMBEDDING_TIMEOUT_MS: '5000', EMBEDDING_MAX_RETRIES: '0',
    });
    expect(config.embeddingServer).toEqual({
      baseUrl: 'http://tei:8080/v1', model: 'BAAI/bge-small-en-v1.5', apiKey: 'sk-x', dimension: 768, batchSize: 8, timeoutMs: 5000, maxRetries: 0,
    });
  });

  it('defaults to 384 dimensions, 32 inputs a request, 15 s and 2 retries', () => {
    expect(loadEnrichmentConfig({ EMBEDDING_BASE_URL: 'https://api.openai.com/v1', EMBEDDING_MODEL: 'text-embedding-3-small' }).embeddingServer)
      .toEqual({ baseUrl: 'https://api.openai.com/v1', model: 'text-embedding-3-small', apiKey: undefined, dimension: 384, batchSize: 32, timeoutMs: 15_000, maxRetries: 2 });
  });

  it('wants the URL and the model together, naming the one missing', () => {
    expect(problems({ EMBEDDING_BASE_URL: 'http://tei:8080/v1' })).toEqual(['EMBEDDING_MODEL must be set too: EMBEDDING_BASE_URL and EMBEDDING_MODEL go together']);
    expect(problems({ EMBEDDING_MODEL: 'bge-small' })).toEqual(['EMBEDDING_BASE_URL must be set too: EMBEDDING_BASE_URL and EMBEDDING_MODEL go together']);
  });

  it('names a bad URL and bad tuning, and never echoes the key', () => {
    const found = problems({
      EMBEDDING_BASE_URL: 'tei:8080', EMBEDDING_MODEL: 'm', EMBEDDING_API_KEY: 'sk-secret', EMBEDDING_DIMENSION: '0', EMBEDDING_BATCH_SIZE: '4096',
      EMBEDDING_TIMEOUT_MS: 'soon', EMBEDDING_MAX_RETRIES: '-1',
    });
    expect(found).toEqual([
      'EMBEDDING_DIMENSION="0" must be an integer from 1 to 16384',
      'EMBEDDING_BATCH_SIZE="4096" must be an integer from 1 to 2048',
      'EMBEDDING_TIMEOUT_MS="soon" must be an integer from 100 to 600000',
      'EMBEDDING_MAX_RETRIES="-1" must be an integer from 0 to 10',
      'EMBEDDING_BASE_URL must be a http: or https: URL',
    ]);
    expect(problems({ EMBEDDING_BASE_URL: 'ftp://tei/v1', EMBEDDING_MODEL: 'm' })).toEqual(['EMBEDDING_BASE_URL must be a http: or https: URL']);
    expect(found.join('\n')).not.toContain('sk-secret');
  });
});
