import 'reflect-metadata';
import { startWorker } from '@cg/platform';
import { loadConsolidationConfig } from './config';
import { ConsolidationModule } from './consolidation.module';

startWorker({
  app: 'consolidation', loadConfig: loadConsolidationConfig, module: (config, logger, registry) => ConsolidationModule.forRoot(config, logger, registry),
}).catch((error: Error) => {
  process.stderr.write(`consolidation failed: ${error.stack ?? error.message}\n`);
  process.exit(1);
});
