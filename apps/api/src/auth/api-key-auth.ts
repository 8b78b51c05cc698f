import type { FastifyInstance } from 'fastify';
import { errorBody } from '@cg/platform';
import { ApiKeys } from './api-keys';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set for every `/v1` route once the caller's key is known. */
    tenant?: string;
    /** Digest of the caller's key on `/v1` routes; null when keys are off. */
    keyDigest?: string | null;
  }
}

/** Routes under this prefix need a key; health, metrics and docs stay open. */
const PROTECTED_PREFIX = '/v1/';
/** Routes under this prefix need an admin key (SPEC §10). */
const ADMIN_PREFIX = '/v1/admin/';

/** Whether only an admin key may call the route (a route pattern, e.g. `/v1/admin/pipeline`); the one place to add admin routes outside the prefix. */
function isAdminRoute(route: string): boolean {
  return route.startsWith(ADMIN_PREFIX);
}

/**
 * Authenticates on the matched route pattern (not the raw URL, which encodings could disguise) and
 * before the body is read, so an unauthenticated caller cannot make the server parse megabytes.
 * Admin routes refuse any other key with a 403; they act on the admin key's own tenant.
 */
export function registerApiKeyAuth(instance: FastifyInstance, keys: ApiKeys): void {
  instance.decorateRequest('tenant', undefined);
  instance.decorateRequest('keyDigest', undefined);
  instance.addHook('onRequest', async (request, reply) => {
    const route = request.routeOptions.url;
    if (!route?.startsWith(PROTECTED_PREFIX)) return;
    const caller = keys.callerOf(request.headers.authorization);
    if (caller === null) {
      return reply
        .code(401)
        .header('www-authenticate', 'Bearer')
        .send(errorBody('unauthorized', 'a valid API key is required: Authorization: Bearer <key>'));
    }
    if (isAdminRoute(route) && !caller.admin) {
      return reply.code(403).send(errorBody('forbidden', 'this route needs an admin API key (API_KEYS entry <key>:<tenant>:admin)'));
    }
    request.tenant = caller.tenant;
    request.keyDigest = caller.keyDigest;
  });
}
