import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { createMetricsRegistry, HttpErrorFilter, JsonLogger, SystemClock } from '@cg/platform';
import { KeySpace, RedisTokenBucket } from '@cg/redis';
import { AppModule } from './app.module';
import { ApiKeys } from './auth/api-keys';
import { registerApiKeyAuth } from './auth/api-key-auth';
import { ApiConfig } from './config/api-config';
import { configureBodyParsing } from './http/body-parsing';
import { registerRateLimit } from './http/rate-limit';
import { registerRequestLogging, requestIdOf } from './http/request-logging';
import { requestTimeoutOptions } from './http/request-timeouts';
import { openRedis } from './infra/redis-startup';
import { ApiMetrics } from './metrics/api-metrics';
import { setupOpenApi } from './openapi';

/**
 * The composition root: connects Redis, wires Fastify (timeouts, body parsing, request logs, auth, rate limits) and the
 * Nest modules. The caller listens; `app.close()` also closes Redis.
 */
export async function createApp(config: ApiConfig, logger: JsonLogger): Promise<NestFastifyApplication> {
  const redis = await openRedis(config.redisUrl, config.redisCommandTimeoutMs, logger);
  const keys = new ApiKeys(config.apiKeys);
  if (keys.open) {
    logger.warn('API_KEYS IS NOT SET: THE API RUNS OPEN, every caller is tenant "default". Set API_KEYS=<key>:<tenant>[:admin],… before exposing it.');
  }
  const metrics = new ApiMetrics(createMetricsRegistry('api'));
  // Path ids (sessions, entities) may be long; the route DTOs, not the router, decide what is too long.
  const adapter = new FastifyAdapter({
    logger: false, bodyLimit: config.maxEventBytes, genReqId: requestIdOf, routerOptions: { maxParamLength: 1024 }, ...requestTimeoutOptions(config.httpRequestTimeoutMs),
  });
  const instance = adapter.getInstance();
  configureBodyParsing(instance, config.maxBatchBytes);
  registerRequestLogging(instance, logger, metrics);
  registerApiKeyAuth(instance, keys);
  if (!keys.open) {
    const limiter = new RedisTokenBucket(redis, new KeySpace(config.keyPrefix), config.rateLimit);
    registerRateLimit(instance, limiter, { limits: config.rateLimit, retryAfterSeconds: config.retryAfterSeconds, metrics, logger });
  }

  try {
    const runtime = { config, redis, logger, metrics, clock: new SystemClock(config.clockOffsetMs) };
    const app = await NestFactory.create<NestFastifyApplication>(AppModule.register(runtime), adapter, {
      logger,
      bodyParser: false,
      abortOnError: false,
    });
    app.useGlobalFilters(new HttpErrorFilter(app.getHttpAdapter(), logger, config.retryAfterSeconds));
    setupOpenApi(app);
    return app;
  } catch (error) {
    redis.disconnect();
    throw error;
  }
}
