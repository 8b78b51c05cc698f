import { DEFAULT_HTTP_EMBEDDER_SETTINGS, HttpEmbedderSettings } from '@cg/embedding';
import {
  CommonConfig, EnvReader, loadConfig, OpsConfig, readCommonConfig, readOpsConfig, readStageConsumerConfig, StageConsumerConfig,
} from '@cg/platform';

export interface EnrichmentConfig {
  common: CommonConfig;
  /** Where the ops server (health, metrics) listens. */
  ops: OpsConfig;
  consumer: StageConsumerConfig;
  /** An OpenAI-compatible embeddings server; when set it is used, or enrichment does not start. */
  embeddingServer?: HttpEmbedderSettings;
  /** Directory holding all-MiniLM-L6-v2 for fastembed; without one the local embedder serves. */
  modelDir?: string;
  /** fastembed's cache directory, looked in when no model directory is given. */
  cacheDir?: string;
  /** Cosine from which two events of one agent scope get a SIMILAR_TO edge. */
  similarityThreshold: number;
  /** At most this many SIMILAR_TO edges are made per event. */
  similarLimit: number;
  /** Cosine from which a new entity name resolves to an existing entity (tier 3). */
  entitySimilarityThreshold: number;
}

/** Validated at start-up; a bad variable throws a ConfigError naming it. */
export function loadEnrichmentConfig(source: Record<string, string | undefined> = process.env): EnrichmentConfig {
  return loadConfig((env) => ({
    common: readCommonConfig(env),
    ops: readOpsConfig(env, 'ENRICHMENT_PORT', 8082),
    consumer: readStageConsumerConfig(env, 'ENRICHMENT'),
    embeddingServer: readEmbeddingServer(env),
    modelDir: env.optional('EMBEDDING_MODEL_DIR'),
    cacheDir: env.optional('EMBEDDING_CACHE_DIR'),
    similarityThreshold: env.num('SIMILARITY_THRESHOLD', 0.85, 0, 1),
    similarLimit: env.int('SIMILAR_LIMIT', 10, 1, 100),
    entitySimilarityThreshold: env.num('ENTITY_SIMILARITY_THRESHOLD', 0.9, 0, 1),
  }), source);
}

/** OpenAI's own limits: 2,048 inputs a request; no embedding model near 16,384 dimensions. */
const MAX_EMBEDDING_BATCH = 2_048;
const MAX_EMBEDDING_DIMENSION = 16_384;

/** `EMBEDDING_BASE_URL` and `EMBEDDING_MODEL` together, or neither; the tuning is checked either way. */
function readEmbeddingServer(env: EnvReader): HttpEmbedderSettings | undefined {
  const defaults = DEFAULT_HTTP_EMBEDDER_SETTINGS;
  const baseUrl = env.optional('EMBEDDING_BASE_URL');
  const model = env.optional('EMBEDDING_MODEL');
  const tuning = {
    apiKey: env.optional('EMBEDDING_API_KEY'),
    dimension: env.int('EMBEDDING_DIMENSION', defaults.dimension, 1, MAX_EMBEDDING_DIMENSION),
    batchSize: env.int('EMBEDDING_BATCH_SIZE', defaults.batchSize, 1, MAX_EMBEDDING_BATCH),
    timeoutMs: env.int('EMBEDDING_TIMEOUT_MS', defaults.timeoutMs, 100, 600_000),
    maxRetries: env.int('EMBEDDING_MAX_RETRIES', defaults.maxRetries, 0, 10),
  };
  if (baseUrl !== undefined) env.url('EMBEDDING_BASE_URL', baseUrl, ['http:', 'https:']);
  if ((baseUrl === undefined) !== (model === undefined)) {
    env.fail(baseUrl ? 'EMBEDDING_MODEL' : 'EMBEDDING_BASE_URL', 'must be set too: EMBEDDING_BASE_URL and EMBEDDING_MODEL go together');
  }
  return baseUrl !== undefined && model !== undefined ? { baseUrl, model, ...tuning } : undefined;
}
