// `npm test` starts here: one clear message when no Redis answers, before any package runs.
import { createRequire } from 'node:module';

const check = createRequire(import.meta.url)('./jest-redis-check.js');
check().catch((error) => {
  console.error(error.message);
  process.exit(1);
});
