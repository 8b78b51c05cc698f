import 'reflect-metadata';
import { startWorker } from '@cg/platform';
import { loadEnrichmentConfig } from './config';
import { EnrichmentModule } from './enrichment.module';

startWorker({ app: 'enrichment', loadConfig: loadEnrichmentConfig, module: EnrichmentModule.forRoot }).catch((error: Error) => {
  process.stderr.write(`enrichment failed: ${error.stack ?? error.message}\n`);
  process.exit(1);
});
