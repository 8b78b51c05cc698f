import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { JsonLogger } from '@cg/platform';
import { ApiMetrics } from '../metrics/api-metrics';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
/** Probes and scrapes arrive every few seconds; logging them at info would drown the real traffic. */
const QUIET_ROUTES = /^\/(health|metrics)\b/;

/** The caller's `x-request-id` when it is a sane token, else a fresh one. */
export function requestIdOf(request: IncomingMessage): string {
  const header = request.headers['x-request-id'];
  return typeof header === 'string' && REQUEST_ID.test(header) ? header : randomUUID();
}

/**
 * One JSON log line and one duration sample per request, and the request id echoed back. Headers
 * are never logged (they carry the API key).
 */
export function registerRequestLogging(instance: FastifyInstance, logger: JsonLogger, metrics: ApiMetrics): void {
  instance.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  instance.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.recordRequest(request.method, route, reply.statusCode, reply.elapsedTime / 1000);
    logger.write(QUIET_ROUTES.test(route) ? 'debug' : 'info', 'request', {
      request_id: request.id,
      method: request.method,
      url: request.url,
      route,
      status: reply.statusCode,
      duration_ms: Math.round(reply.elapsedTime * 100) / 100,
      tenant: request.tenant,
    });
  });
}
