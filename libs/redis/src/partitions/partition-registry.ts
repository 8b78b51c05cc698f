import Redis from 'ioredis';
import { PartitionRef } from '@cg/domain';
import { KeySpace, parsePartitionMember, partitionMember } from '../keys';

/**
 * The partitions that hold data, so workers know which streams to read. Writers register a
 * partition before its first write; the set lives outside any partition's hash tag and is only
 * ever touched on its own, never inside a script.
 */
export class PartitionRegistry {
  private readonly known = new Set<string>();

  constructor(private readonly redis: Redis, private readonly keys: KeySpace) {}

  async register(scope: PartitionRef): Promise<void> {
    const member = partitionMember(scope);
    if (this.known.has(member)) return;
    await this.redis.sadd(this.keys.registry, member);
    this.known.add(member);
  }

  async list(): Promise<PartitionRef[]> {
    const members = await this.redis.smembers(this.keys.registry);
    return members.map(parsePartitionMember).filter((s): s is PartitionRef => s !== null);
  }
}
