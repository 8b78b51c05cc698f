import Redis from 'ioredis';
import { AgentScope, CountedEvent, LockLease, PartitionRef, ReflectionAccumulator, ReflectionState } from '@cg/domain';
import { KeySpace } from '../keys';
import { CLEAR_DIRTY_LUA, COMPLETE_REFLECTION_LUA, COUNT_REFLECTION_LUA } from './consolidation.scripts';

type AccumulatorRedis = Redis & {
  countReflection(...args: (string | number)[]): Promise<[string, string]>;
  completeReflection(...args: (string | number)[]): Promise<number>;
  clearDirtySession(...args: (string | number)[]): Promise<number>;
};

/**
 * Importance since the last reflection per agent scope (SPEC §5: "what a stage needs to continue
 * lives in Redis"), counted by one script per batch so a redelivered id never counts twice.
 */
export class RedisReflectionAccumulator implements ReflectionAccumulator {
  private readonly redis: AccumulatorRedis;

  constructor(redis: Redis, private readonly keys: KeySpace) {
    redis.defineCommand('countReflection', { numberOfKeys: 5, lua: COUNT_REFLECTION_LUA });
    redis.defineCommand('completeReflection', { numberOfKeys: 3, lua: COMPLETE_REFLECTION_LUA });
    redis.defineCommand('clearDirtySession', { numberOfKeys: 1, lua: CLEAR_DIRTY_LUA });
    this.redis = redis as AccumulatorRedis;
  }

  async add(scope: AgentScope, events: CountedEvent[]): Promise<ReflectionState> {
    const k = this.keys.of(scope);
    const a = scope.agentId;
    const [sum, seq] = await this.redis.countReflection(
      k.reflection(a), k.reflectionCounted(a), k.dirtySessions(a), k.consolidationSessions(a), k.consolidationAgents,
      a, ...events.flatMap((e) => [e.id, e.sessionId, e.importance]),
    );
    return { sum: Number(sum), mark: Number(seq) };
  }

  async state(scope: AgentScope): Promise<ReflectionState> {
    const [sum, seq] = await this.redis.hmget(this.keys.of(scope).reflection(scope.agentId), 'sum', 'seq');
    return { sum: Number(sum ?? 0), mark: Number(seq ?? 0) };
  }

  async complete(scope: AgentScope, seen: ReflectionState, lease: LockLease): Promise<boolean> {
    const k = this.keys.of(scope);
    const done = await this.redis.completeReflection(
      k.reflection(scope.agentId), k.reflectionCounted(scope.agentId), lease.name, seen.sum, seen.mark, lease.token,
    );
    return done >= 0;
  }

  async dirtySessions(scope: AgentScope): Promise<Map<string, number>> {
    const marks = await this.redis.hgetall(this.keys.of(scope).dirtySessions(scope.agentId));
    return new Map(Object.entries(marks).map(([session, mark]) => [session, Number(mark)]));
  }

  async sessions(scope: AgentScope): Promise<string[]> {
    return (await this.redis.smembers(this.keys.of(scope).consolidationSessions(scope.agentId))).sort();
  }

  async clearDirty(scope: AgentScope, sessionId: string, mark: number): Promise<void> {
    await this.redis.clearDirtySession(this.keys.of(scope).dirtySessions(scope.agentId), sessionId, mark);
  }

  async agents(scope: PartitionRef): Promise<string[]> {
    return (await this.redis.smembers(this.keys.of(scope).consolidationAgents)).sort();
  }
}
