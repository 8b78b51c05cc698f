import { CommonConfig, loadConfig, OpsConfig, readCommonConfig, readOpsConfig, readStageConsumerConfig, StageConsumerConfig } from '@cg/platform';

export interface EnrichmentConfig {
  common: CommonConfig;
  /** Where the ops server (health, metrics) listens. */
  ops: OpsConfig;
  consumer: StageConsumerConfig;
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
    modelDir: env.optional('EMBEDDING_MODEL_DIR'),
    cacheDir: env.optional('EMBEDDING_CACHE_DIR'),
    similarityThreshold: env.num('SIMILARITY_THRESHOLD', 0.85, 0, 1),
    similarLimit: env.int('SIMILAR_LIMIT', 10, 1, 100),
    entitySimilarityThreshold: env.num('ENTITY_SIMILARITY_THRESHOLD', 0.9, 0, 1),
  }), source);
}
