import { Inject, Injectable } from '@nestjs/common';
import type Redis from 'ioredis';
import { FieldError } from '@cg/domain';
import { REDIS, SCRIPTS_CHECK, ScriptsCheck } from '../infra/tokens';

/** What `/health/ready` checks: Redis answers, and the ledger's scripts are loaded. */
@Injectable()
export class Readiness {
  constructor(@Inject(REDIS) private readonly redis: Redis, @Inject(SCRIPTS_CHECK) private readonly scriptsLoaded: ScriptsCheck) {}

  /** The failed checks; empty when ready. */
  async failures(): Promise<FieldError[]> {
    try {
      await this.redis.ping();
    } catch (error) {
      return [{ field: 'redis', message: `unreachable: ${(error as Error).message}` }];
    }
    try {
      return (await this.scriptsLoaded()) ? [] : [{ field: 'scripts', message: 'ledger scripts are not loaded' }];
    } catch (error) {
      return [{ field: 'scripts', message: `could not be loaded: ${(error as Error).message}` }];
    }
  }
}
