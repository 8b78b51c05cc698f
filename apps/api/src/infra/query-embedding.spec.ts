import { ConfigError } from '@cg/platform';
import { readQueryEmbeddingTimeoutMs } from './query-embedding';

describe('QUERY_EMBEDDING_TIMEOUT_MS', () => {
  it('defaults to 1500 ms', () => {
    expect(readQueryEmbeddingTimeoutMs({})).toBe(1_500);
  });

  it('is read, and refused outside 50–10000 ms with a message naming it', () => {
    expect(readQueryEmbeddingTimeoutMs({ QUERY_EMBEDDING_TIMEOUT_MS: '400' })).toBe(400);
    expect(() => readQueryEmbeddingTimeoutMs({ QUERY_EMBEDDING_TIMEOUT_MS: '0' })).toThrow(ConfigError);
    expect(() => readQueryEmbeddingTimeoutMs({ QUERY_EMBEDDING_TIMEOUT_MS: 'soon' })).toThrow(/QUERY_EMBEDDING_TIMEOUT_MS/);
  });
});
