import { Provider } from '@nestjs/common';
import type Redis from 'ioredis';
import { KeySpace, RedisEntityReader } from '@cg/redis';
import { ApiConfig } from '../config/api-config';
import { API_CONFIG, REDIS } from '../infra/tokens';

export const ENTITY_READER = Symbol('ENTITY_READER');

/** The Redis adapter of the domain's `EntityReader` port, on the API's shared connection. */
export const entityReaderProvider: Provider = {
  provide: ENTITY_READER,
  inject: [REDIS, API_CONFIG],
  useFactory: (redis: Redis, config: ApiConfig) => new RedisEntityReader(redis, new KeySpace(config.keyPrefix)),
};
