import { ConfigError, loadConfig } from '@cg/platform';
import { readApiConfig } from './api-config';

const load = (env: Record<string, string>) => loadConfig(readApiConfig, env);

function problemsOf(env: Record<string, string>): string {
  try {
    load(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('readApiConfig', () => {
  it('has the SPEC defaults', () => {
    expect(load({})).toMatchObject({
      port: 8080,
      host: '0.0.0.0',
      apiKeys: [],
      maxEventBytes: 1024 * 1024,
      maxBatchBytes: 8 * 1024 * 1024,
      maxPayloadBytes: 64 * 1024,
      maxBatchEvents: 1000,
      cursorTtlMs: 300_000,
      accessBumpIntervalMs: 3_600_000,
      queryEmbeddingTimeoutMs: 1_500,
      scoring: { weights: { recency: 1, importance: 1, relevance: 1 }, stabilityBaseHours: 168, stabilityBoostHours: 24 },
      partitions: 1,
      keyPrefix: 'cg:',
    });
  });

  it('reads API_KEYS as key:tenant pairs, a trailing :admin marking an admin key', () => {
    expect(load({ API_KEYS: 'k1:acme, k:with:colons:beta_2, k2:acme:admin, k:3:acme : admin, k4:admin' }).apiKeys).toEqual([
      { key: 'k1', tenant: 'acme', admin: false },
      { key: 'k:with:colons', tenant: 'beta_2', admin: false },
      { key: 'k2', tenant: 'acme', admin: true },
      { key: 'k:3', tenant: 'acme', admin: true },
      { key: 'k4', tenant: 'admin', admin: false }, // two parts: "admin" is the tenant
    ]);
  });

  it('names every bad variable, without echoing a key', () => {
    const message = problemsOf({ API_KEYS: 'secret-one:bad tenant,secret-two', API_PORT: '99999', CURSOR_TTL_MS: '1000', SCORE_WEIGHT_RECENCY: '-1' });
    expect(message).toMatch(/API_KEYS entry 1/);
    expect(message).toMatch(/API_KEYS entry 2/);
    expect(message).toMatch(/API_PORT/);
    expect(message).toMatch(/CURSOR_TTL_MS/);
    expect(message).toMatch(/SCORE_WEIGHT_RECENCY/);
    expect(message).not.toMatch(/secret/);
  });

  it('refuses one key bound to two tenants, or to one tenant both as admin and not', () => {
    expect(problemsOf({ API_KEYS: 'k:a,k:b' })).toMatch(/entry 2 repeats a key/);
    expect(problemsOf({ API_KEYS: 'k:a,k:a:admin' })).toMatch(/entry 2 repeats a key/);
    expect(problemsOf({ API_KEYS: 'secret-k::admin' })).toMatch(/API_KEYS entry 1 must be <key>:<tenant>\[:admin\]/);
    expect(problemsOf({ API_KEYS: 'secret-k::admin' })).not.toMatch(/secret/);
  });

  it('refuses to run open in production', () => {
    expect(problemsOf({ NODE_ENV: 'production' })).toMatch(/API_KEYS must be set when NODE_ENV=production/);
    expect(load({ NODE_ENV: 'production', API_KEYS: 'k:t' }).apiKeys).toHaveLength(1);
  });

  it('bounds the HTTP request timeout', () => {
    expect(load({}).httpRequestTimeoutMs).toBe(30_000);
    expect(load({ HTTP_REQUEST_TIMEOUT_MS: '1000' }).httpRequestTimeoutMs).toBe(1000);
    expect(() => load({ HTTP_REQUEST_TIMEOUT_MS: '0' })).toThrow(/HTTP_REQUEST_TIMEOUT_MS/);
  });

  it('reads the rate limits, down to 50 per second in bursts of 100', () => {
    expect(load({}).rateLimit).toEqual({ ratePerSecond: 200, burst: 400 });
    expect(load({ RATE_LIMIT_RPS: '50', RATE_LIMIT_BURST: '100' }).rateLimit).toEqual({ ratePerSecond: 50, burst: 100 });
    expect(problemsOf({ RATE_LIMIT_RPS: '0', RATE_LIMIT_BURST: '1000001' })).toMatch(/RATE_LIMIT_RPS[\s\S]*RATE_LIMIT_BURST/);
  });

  it('bounds the ingest backlog limit, 1,000 and less accepted', () => {
    expect(load({}).ingestBacklogLimit).toBe(100_000);
    expect(load({ INGEST_BACKLOG_LIMIT: '1000' }).ingestBacklogLimit).toBe(1000);
    expect(load({ INGEST_BACKLOG_LIMIT: '1' }).ingestBacklogLimit).toBe(1);
    expect(() => load({ INGEST_BACKLOG_LIMIT: '10000001' })).toThrow(/INGEST_BACKLOG_LIMIT/);
  });

  it('bounds the query-embedding timeout', () => {
    expect(load({ QUERY_EMBEDDING_TIMEOUT_MS: '400' }).queryEmbeddingTimeoutMs).toBe(400);
    expect(() => load({ QUERY_EMBEDDING_TIMEOUT_MS: '0' })).toThrow(/QUERY_EMBEDDING_TIMEOUT_MS/);
  });

  it('bounds the admin RPC timeout below the admin servers\' claim idle time', () => {
    expect(load({}).adminRpcTimeoutMs).toBe(120_000);
    expect(load({ ADMIN_RPC_TIMEOUT_MS: '5000' }).adminRpcTimeoutMs).toBe(5000);
    expect(() => load({ ADMIN_RPC_TIMEOUT_MS: '0' })).toThrow(/ADMIN_RPC_TIMEOUT_MS/);
    expect(() => load({ ADMIN_RPC_TIMEOUT_MS: String(16 * 60_000) })).toThrow(/ADMIN_RPC_TIMEOUT_MS/);
  });

  it('keeps the size caps in order', () => {
    expect(problemsOf({ MAX_EVENT_BYTES: '2048', MAX_PAYLOAD_BYTES: '4096' })).toMatch(/MAX_PAYLOAD_BYTES must be below MAX_EVENT_BYTES/);
    expect(problemsOf({ MAX_BATCH_BYTES: '2048' })).toMatch(/MAX_BATCH_BYTES must be at least MAX_EVENT_BYTES/);
    expect(problemsOf({ SCORE_WEIGHT_RECENCY: '0', SCORE_WEIGHT_IMPORTANCE: '0', SCORE_WEIGHT_RELEVANCE: '0' })).toMatch(/must not all be 0/);
  });
});
