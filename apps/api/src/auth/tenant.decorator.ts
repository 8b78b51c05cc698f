import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

/** The caller's tenant, resolved from its API key by the auth hook. */
export const Tenant = createParamDecorator((_data: unknown, context: ExecutionContext): string => {
  const { tenant } = context.switchToHttp().getRequest<FastifyRequest>();
  if (tenant === undefined) throw new Error('no tenant on the request: the route is outside the authenticated /v1 prefix');
  return tenant;
});
