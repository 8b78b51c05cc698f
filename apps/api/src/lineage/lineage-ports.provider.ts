import { Provider } from '@nestjs/common';
import type Redis from 'ioredis';
import { LineagePorts } from '@cg/domain';
import { KeySpace, RedisEntityReader, RedisGraphStore } from '@cg/redis';
import { ApiConfig } from '../config/api-config';
import { API_CONFIG, REDIS } from '../infra/tokens';

export const LINEAGE_PORTS = Symbol('LINEAGE_PORTS');

/** The Redis adapters behind the domain's lineage ports, on the API's shared connection. */
export const lineagePortsProvider: Provider = {
  provide: LINEAGE_PORTS,
  inject: [REDIS, API_CONFIG],
  useFactory: (redis: Redis, config: ApiConfig): LineagePorts => {
    const keys = new KeySpace(config.keyPrefix);
    const graph = new RedisGraphStore(redis, keys);
    const entities = new RedisEntityReader(redis, keys);
    return {
      nodes: (scope, ids) => graph.nodes(scope, ids),
      edgesOf: (scope, ids) => graph.scopedEdgesOf(scope, ids),
      entity: (scope, id) => entities.entity(scope, id),
    };
  },
};
