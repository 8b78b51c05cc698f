import { Module, Provider } from '@nestjs/common';
import type Redis from 'ioredis';
import { KeySpace, RedisImportanceFeedback } from '@cg/redis';
import { ApiConfig } from '../config/api-config';
import { EventValidator } from '../events/event-validator';
import { IngestEvents } from '../events/ingest-events.use-case';
import { API_CONFIG, REDIS } from '../infra/tokens';
import { FeedbackController } from './feedback.controller';
import { IMPORTANCE_FEEDBACK, RecordFeedback } from './record-feedback.use-case';

const importanceFeedbackProvider: Provider = {
  provide: IMPORTANCE_FEEDBACK,
  inject: [REDIS, API_CONFIG],
  useFactory: (redis: Redis, config: ApiConfig) => new RedisImportanceFeedback(redis, new KeySpace(config.keyPrefix)),
};

// The ingest path's providers are stateless over the global infra ports: feedback gets its own copies.
@Module({ controllers: [FeedbackController], providers: [importanceFeedbackProvider, EventValidator, IngestEvents, RecordFeedback] })
export class FeedbackModule {}
