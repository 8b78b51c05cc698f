import 'reflect-metadata';
import { startWorker } from '@cg/platform';
import { loadProjectionConfig } from './config';
import { ProjectionModule } from './projection.module';

startWorker({ app: 'projection', loadConfig: loadProjectionConfig, module: ProjectionModule.forRoot }).catch((error: Error) => {
  process.stderr.write(`projection failed: ${error.stack ?? error.message}\n`);
  process.exit(1);
});
