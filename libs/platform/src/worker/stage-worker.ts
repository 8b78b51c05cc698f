import { BeforeApplicationShutdown, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type Redis from 'ioredis';
import type { StreamConsumer } from '@cg/redis';
import { ReadinessResult } from '../ops-server';

/** A stage's own dependencies beyond Redis, reported by `/health/ready` (e.g. which embedding model). */
export type StageChecks = () => Record<string, unknown>;

/**
 * Runs a pipeline stage inside a Nest application context: starts its stream consumer once
 * everything is wired, stops it first on shutdown (finishing and acking the batch in hand), and
 * closes Redis last.
 */
export class StageWorker implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  constructor(private readonly redis: Redis, private readonly consumer: StreamConsumer, private readonly checks: StageChecks = () => ({})) {}

  onApplicationBootstrap(): Promise<void> {
    return this.consumer.start();
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.consumer.stop();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }

  /** Ready when Redis answers; also says how many partitions the consumer reads. */
  async readiness(): Promise<ReadinessResult> {
    const pong = await this.redis.ping().catch((error: Error) => error.message);
    return {
      ready: pong === 'PONG',
      checks: { redis: pong === 'PONG' ? 'ok' : pong, partitions: this.consumer.scopes.length, ...this.checks() },
    };
  }
}
