import type { FastifyInstance } from 'fastify';
import { errorBody } from '@cg/platform';
import { ApiKeys } from './api-keys';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set for every `/v1` route once the caller's key is known. */
    tenant?: string;
  }
}

/** Routes under this prefix need a key; health, metrics and docs stay open. */
const PROTECTED_PREFIX = '/v1/';

/**
 * Authenticates on the matched route pattern (not the raw URL, which encodings could disguise) and
 * before the body is read, so an unauthenticated caller cannot make the server parse megabytes.
 */
export function registerApiKeyAuth(instance: FastifyInstance, keys: ApiKeys): void {
  instance.decorateRequest('tenant', undefined);
  instance.addHook('onRequest', async (request, reply) => {
    if (!request.routeOptions.url?.startsWith(PROTECTED_PREFIX)) return;
    const tenant = keys.tenantOf(request.headers.authorization);
    if (tenant === null) {
      return reply
        .code(401)
        .header('www-authenticate', 'Bearer')
        .send(errorBody('unauthorized', 'a valid API key is required: Authorization: Bearer <key>'));
    }
    request.tenant = tenant;
  });
}
