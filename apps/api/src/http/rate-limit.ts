import type { FastifyInstance } from 'fastify';
import { errorBody, JsonLogger } from '@cg/platform';
import { RateDecision, RateLimits } from '@cg/redis';

/** Draws one request from a subject's allowance (the token buckets in Redis). */
export interface RateLimiter {
  take(subject: string): Promise<RateDecision>;
}

export interface RateLimitRecorder {
  recordRateLimited(tenant: string): void;
}

interface RateLimitOptions {
  limits: RateLimits;
  /** `Retry-After` when the limiter's store cannot be reached. */
  retryAfterSeconds: number;
  metrics: RateLimitRecorder;
  logger: JsonLogger;
}

/**
 * Rate limits per API key (SPEC §10): after auth and before the body is read, so an abusive key
 * cannot make the server parse megabytes. Only requests that carry a key are limited — `/v1`
 * routes with API_KEYS set; health, metrics and docs never. A limiter that cannot answer refuses
 * with a 503 rather than letting traffic through unmetered.
 */
export function registerRateLimit(instance: FastifyInstance, limiter: RateLimiter, options: RateLimitOptions): void {
  const { limits, retryAfterSeconds, metrics, logger } = options;
  const exceeded = `this API key's rate limit (${limits.ratePerSecond} requests per second, bursts of ${limits.burst}) is used up`;
  instance.addHook('onRequest', async (request, reply) => {
    if (!request.keyDigest) return;
    let decision: RateDecision;
    try {
      decision = await limiter.take(request.keyDigest);
    } catch (error) {
      logger.warn('rate limiter unavailable', { request_id: request.id, error: (error as Error).message });
      return reply.code(503).header('retry-after', String(retryAfterSeconds))
        .send(errorBody('unavailable', 'the rate limiter cannot reach its store; retry shortly'));
    }
    if (decision.allowed) return;
    metrics.recordRateLimited(request.tenant as string);
    return reply.code(429).header('retry-after', String(Math.max(1, Math.ceil(decision.retryAfterMs / 1000)))).send(errorBody('rate_limited', exceeded));
  });
}
