import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

/** The OpenAPI document and its UI at `/docs` (JSON at `/docs-json`). */
export function setupOpenApi(app: NestFastifyApplication): void {
  const document = SwaggerModule.createDocument(app, new DocumentBuilder()
    .setTitle('Context Graph API')
    .setDescription('Event ledger ingest and working-memory retrieval for AI agents. Errors: {"error": {"code", "message", "details": [{field, message}]}}.')
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'API key (when API_KEYS is set)' })
    .build());
  SwaggerModule.setup('docs', app, document);
}
