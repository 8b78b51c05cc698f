import { Provider } from '@nestjs/common';
import type Redis from 'ioredis';
import { SubgraphPorts } from '@cg/domain';
import { CompromiseAnalyzer } from '@cg/nlp';
import { QueryEmbeddingClient } from '@cg/platform';
import { KeySpace, RedisEnrichmentStore, RedisEntityReader, RedisGraphStore, RedisLexicalIndex, RedisVectorIndex } from '@cg/redis';
import { ApiConfig } from '../config/api-config';
import { API_CONFIG, REDIS } from '../infra/tokens';

export const RETRIEVAL_PORTS = Symbol('RETRIEVAL_PORTS');

/** The Redis adapters (and the query-embedding client) behind the domain's retrieval ports. */
export const retrievalPortsProvider: Provider = {
  provide: RETRIEVAL_PORTS,
  inject: [REDIS, API_CONFIG, QueryEmbeddingClient],
  useFactory: (redis: Redis, config: ApiConfig, embeddings: QueryEmbeddingClient): SubgraphPorts => {
    const keys = new KeySpace(config.keyPrefix);
    const graph = new RedisGraphStore(redis, keys);
    const vectors = new RedisVectorIndex(redis, keys);
    const entities = new RedisEntityReader(redis, keys);
    const aliases = new RedisEnrichmentStore(redis, keys);
    return {
      analyzer: new CompromiseAnalyzer(),
      entityByAlias: (scope, alias) => aliases.entityByAlias(scope, alias),
      referenceCounts: (scope, ids) => entities.referenceCounts(scope, ids),
      embedQuery: (text) => embeddings.embedQuery(text),
      nearest: (scope, model, vector, limit, minScore) => vectors.nearest(scope, model, vector, limit, minScore),
      vectorsOf: (scope, model, ids) => vectors.vectorsOf(scope, model, ids),
      lexical: new RedisLexicalIndex(redis, keys),
      edgesOf: (scope, ids) => graph.scopedEdgesOf(scope, ids),
      nodes: (scope, ids) => graph.nodes(scope, ids),
      entity: (scope, id) => entities.entity(scope, id),
      bumpAccess: (scope, ids, now, interval) => graph.bumpAccess(scope, ids, now, interval),
    };
  },
};
