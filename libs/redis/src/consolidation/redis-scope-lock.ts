import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { AgentScope, LockLease, ScopeLock } from '@cg/domain';
import { KeySpace } from '../keys';
import { RELEASE_LOCK_LUA, RENEW_LOCK_LUA } from '../locks/lease.scripts';

type LockRedis = Redis & {
  renewLock(key: string, token: string, ttlMs: number): Promise<number>;
  releaseLock(key: string, token: string): Promise<number>;
};

/**
 * One consolidating replica per agent scope at a time (SPEC §9): `SET key token NX PX ttl`, renewed
 * by its holder while a pass runs, released only by its holder (compare and delete). A crashed
 * holder's lock expires after its ttl. `name` tells lock kinds apart (only `consolidation` today).
 */
export class RedisScopeLock implements ScopeLock {
  private readonly redis: LockRedis;

  constructor(redis: Redis, private readonly keys: KeySpace) {
    redis.defineCommand('renewLock', { numberOfKeys: 1, lua: RENEW_LOCK_LUA });
    redis.defineCommand('releaseLock', { numberOfKeys: 1, lua: RELEASE_LOCK_LUA });
    this.redis = redis as LockRedis;
  }

  async acquire(scope: AgentScope, name: string, ttlMs: number): Promise<LockLease | null> {
    const key = this.key(scope, name);
    const token = randomUUID();
    const taken = await this.redis.set(key, token, 'PX', ttlMs, 'NX');
    return taken === 'OK' ? { name: key, token } : null;
  }

  async renew(_scope: AgentScope, lease: LockLease, ttlMs: number): Promise<boolean> {
    return (await this.redis.renewLock(lease.name, lease.token, ttlMs)) === 1;
  }

  async release(_scope: AgentScope, lease: LockLease): Promise<void> {
    await this.redis.releaseLock(lease.name, lease.token);
  }

  private key(scope: AgentScope, name: string): string {
    if (name !== 'consolidation') throw new Error(`unknown scope lock ${name}`);
    return this.keys.of(scope).consolidationLock(scope.agentId);
  }
}
