import type { FastifyInstance } from 'fastify';
import { RouteConfig } from '@nestjs/platform-fastify';
import { jsonDepthError } from '@cg/domain';
import { validationFailed } from './input-validation';

/** Marks a route whose body may be as large as a batch (SPEC §3: 8 MiB instead of 1 MiB). */
export const BatchBodyLimit = (): MethodDecorator => RouteConfig({ batchBody: true });

/**
 * JSON is the only body the API reads: every other content type is a 415 (Fastify would otherwise
 * parse text/plain into a string). A body nested deeper than 64 levels is a 422 for every route at
 * once (SPEC §10), before validators and serializers that recurse could overflow the stack on it.
 * Routes marked `@BatchBodyLimit()` get `batchBytes`, the others keep the server-wide limit set where
 * the Fastify instance is created. Must run before Nest registers its routes, so the onRoute hook
 * sees them.
 */
export function configureBodyParsing(instance: FastifyInstance, batchBytes: number): void {
  const parseJson = instance.getDefaultJsonParser('error', 'error');
  instance.removeAllContentTypeParsers();
  instance.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    parseJson(request, body as string, (error, document) => {
      const tooDeep = error ? null : jsonDepthError(document);
      if (tooDeep) done(validationFailed([tooDeep]));
      else done(error, document);
    });
  });
  instance.addHook('onRoute', (route) => {
    if ((route.config as { batchBody?: boolean } | undefined)?.batchBody) route.bodyLimit = batchBytes;
  });
}
