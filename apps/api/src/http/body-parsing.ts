import type { FastifyInstance } from 'fastify';
import { RouteConfig } from '@nestjs/platform-fastify';

/** Marks a route whose body may be as large as a batch (SPEC §3: 8 MiB instead of 1 MiB). */
export const BatchBodyLimit = (): MethodDecorator => RouteConfig({ batchBody: true });

/**
 * JSON is the only body the API reads: every other content type is a 415 (Fastify would otherwise
 * parse text/plain into a string). Routes marked `@BatchBodyLimit()` get `batchBytes`, the others keep
 * the server-wide limit set where the Fastify instance is created. Must run before Nest registers
 * its routes, so the onRoute hook sees them.
 */
export function configureBodyParsing(instance: FastifyInstance, batchBytes: number): void {
  instance.removeAllContentTypeParsers();
  instance.addContentTypeParser('application/json', { parseAs: 'string' }, instance.getDefaultJsonParser('error', 'error'));
  instance.addHook('onRoute', (route) => {
    if ((route.config as { batchBody?: boolean } | undefined)?.batchBody) route.bodyLimit = batchBytes;
  });
}
