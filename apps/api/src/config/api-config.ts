import { DEFAULT_SCORING, ScoringParams } from '@cg/domain';
import { RateLimits } from '@cg/redis';
import { CommonConfig, DEFAULT_ADMIN_RPC_TIMEOUT_MS, DEFAULT_QUERY_EMBEDDING_TIMEOUT_MS, EnvReader, MAX_ADMIN_RPC_TIMEOUT_MS, readCommonConfig } from '@cg/platform';

const KIB = 1024;
const MIB = 1024 * KIB;
const MIN_CURSOR_TTL_MS = 5 * 60_000; // SPEC §7: a cursor's snapshot is kept at least 5 minutes
const MAX_BATCH_EVENTS = 1000; // SPEC §3: batches hold at most 1,000 events
const TENANT_ID = /^[A-Za-z0-9_-]+$/;
const ADMIN_MARK = 'admin';

export interface ApiKey {
  key: string;
  tenant: string;
  /** May call the admin routes (`/v1/admin/*`), for its own tenant only. */
  admin: boolean;
}

export interface ApiConfig extends CommonConfig {
  port: number;
  host: string;
  /** Empty: the API runs open, everyone is the default tenant. */
  apiKeys: ApiKey[];
  maxEventBytes: number;
  maxBatchBytes: number;
  maxPayloadBytes: number;
  maxBatchEvents: number;
  cursorTtlMs: number;
  accessBumpIntervalMs: number;
  scoring: ScoringParams;
  /** `Retry-After` of a 503 while Redis is unreachable. */
  retryAfterSeconds: number;
  /** How long a query waits for the enrichment service to embed it before running without its vector channel. */
  queryEmbeddingTimeoutMs: number;
  /** Test-only: a pause before each step of a retrieval walk, so tests can hit the timeout on purpose. */
  retrievalStepDelayMs: number;
  /** How long an admin request (reconsolidate, replay) waits for the owning stage to answer before a 503. */
  adminRpcTimeoutMs: number;
  /** A request whose headers or body have not all arrived this long after it started is closed (408). */
  httpRequestTimeoutMs: number;
  /** Per API key, shared by every replica; not applied when keys are off. */
  rateLimit: RateLimits;
  /** Ingest into a partition is refused (503) while any of its stages has more entries than this waiting. */
  ingestBacklogLimit: number;
}

/** The API's settings (see `loadConfig`): every bad variable is reported, none echoes a secret. */
export function readApiConfig(env: EnvReader): ApiConfig {
  const common = readCommonConfig(env);
  const config: ApiConfig = {
    ...common,
    port: env.int('API_PORT', 8080, 0, 65_535),
    host: env.str('API_HOST', '0.0.0.0'),
    apiKeys: parseApiKeys(env),
    maxEventBytes: env.int('MAX_EVENT_BYTES', MIB, KIB, 64 * MIB),
    maxBatchBytes: env.int('MAX_BATCH_BYTES', 8 * MIB, KIB, 256 * MIB),
    maxPayloadBytes: env.int('MAX_PAYLOAD_BYTES', 64 * KIB, 1, 64 * MIB),
    maxBatchEvents: env.int('MAX_BATCH_EVENTS', MAX_BATCH_EVENTS, 1, MAX_BATCH_EVENTS),
    cursorTtlMs: env.int('CURSOR_TTL_MS', MIN_CURSOR_TTL_MS, MIN_CURSOR_TTL_MS),
    accessBumpIntervalMs: env.int('ACCESS_BUMP_INTERVAL_MS', 3_600_000, 0),
    scoring: {
      weights: {
        recency: env.num('SCORE_WEIGHT_RECENCY', DEFAULT_SCORING.weights.recency, 0),
        importance: env.num('SCORE_WEIGHT_IMPORTANCE', DEFAULT_SCORING.weights.importance, 0),
        relevance: env.num('SCORE_WEIGHT_RELEVANCE', DEFAULT_SCORING.weights.relevance, 0),
      },
      stabilityBaseHours: env.num('STABILITY_BASE_HOURS', DEFAULT_SCORING.stabilityBaseHours, Number.MIN_VALUE),
      stabilityBoostHours: env.num('STABILITY_BOOST_HOURS', DEFAULT_SCORING.stabilityBoostHours, 0),
    },
    retryAfterSeconds: env.int('RETRY_AFTER_SECONDS', 1, 1, 3600),
    queryEmbeddingTimeoutMs: env.int('QUERY_EMBEDDING_TIMEOUT_MS', DEFAULT_QUERY_EMBEDDING_TIMEOUT_MS, 50, 10_000),
    retrievalStepDelayMs: env.int('RETRIEVAL_TEST_STEP_DELAY_MS', 0, 0, 10_000),
    adminRpcTimeoutMs: env.int('ADMIN_RPC_TIMEOUT_MS', DEFAULT_ADMIN_RPC_TIMEOUT_MS, 100, MAX_ADMIN_RPC_TIMEOUT_MS),
    httpRequestTimeoutMs: env.int('HTTP_REQUEST_TIMEOUT_MS', 30_000, 1_000, 600_000),
    rateLimit: {
      ratePerSecond: env.int('RATE_LIMIT_RPS', 200, 1, 100_000),
      burst: env.int('RATE_LIMIT_BURST', 400, 1, 1_000_000),
    },
    ingestBacklogLimit: env.int('INGEST_BACKLOG_LIMIT', 100_000, 1, 10_000_000),
  };
  if (config.retrievalStepDelayMs > 0 && config.nodeEnv === 'production') env.fail('RETRIEVAL_TEST_STEP_DELAY_MS', 'is for tests and must be 0 in production');
  const { recency, importance, relevance } = config.scoring.weights;
  if (recency + importance + relevance <= 0) env.fail('SCORE_WEIGHT_*', 'must not all be 0');
  if (config.maxBatchBytes < config.maxEventBytes) env.fail('MAX_BATCH_BYTES', 'must be at least MAX_EVENT_BYTES');
  if (config.maxPayloadBytes >= config.maxEventBytes) env.fail('MAX_PAYLOAD_BYTES', 'must be below MAX_EVENT_BYTES');
  if (config.nodeEnv === 'production' && env.optional('API_KEYS') === undefined) {
    env.fail('API_KEYS', 'must be set when NODE_ENV=production (the API refuses to run open)');
  }
  return config;
}

/**
 * `key:tenant[:admin],…`. A key may hold `:` itself, so the tenant is the last `:` part — or the one
 * before it when there are three or more parts and the last is literally `admin` (a tenant named
 * `admin` therefore needs a key without `:`). Problems name the entry by position, never by its key.
 */
function parseApiKeys(env: EnvReader): ApiKey[] {
  const raw = env.optional('API_KEYS');
  if (raw === undefined) return [];
  const keys: ApiKey[] = [];
  const bindings = new Map<string, string>();
  raw.split(',').forEach((entry, index) => {
    const parts = entry.split(':');
    const admin = parts.length >= 3 && parts[parts.length - 1].trim() === ADMIN_MARK;
    if (admin) parts.pop();
    const tenant = (parts.pop() ?? '').trim();
    const key = parts.join(':').trim();
    if (!key || /\s/.test(key) || !TENANT_ID.test(tenant)) {
      env.fail('API_KEYS', `entry ${index + 1} must be <key>:<tenant>[:admin] with a tenant of [A-Za-z0-9_-]`);
      return;
    }
    const binding = `${tenant}:${admin}`;
    const known = bindings.get(key);
    if (known !== undefined && known !== binding) env.fail('API_KEYS', `entry ${index + 1} repeats a key bound to another tenant or role`);
    bindings.set(key, binding);
    keys.push({ key, tenant, admin });
  });
  return keys;
}
