import Redis from 'ioredis';
import { PartitionRef, StageOutput } from '@cg/domain';
import { KeySpace } from '../keys';
import { execOrThrow } from './transaction';

/** Hands event ids to the next stage: one `event_id` entry per id on a partition's stage stream. */
export class StageStreamWriter implements StageOutput {
  constructor(private readonly redis: Redis, private readonly keys: KeySpace) {}

  async append(scope: PartitionRef, stream: string, eventIds: string[]): Promise<void> {
    if (!eventIds.length) return;
    const key = this.keys.of(scope).stream(stream);
    const pipeline = this.redis.pipeline();
    for (const id of eventIds) pipeline.xadd(key, '*', 'event_id', id);
    await execOrThrow(pipeline);
  }
}
