import Redis from 'ioredis';
import { AgentScope, FeedbackDelta } from '@cg/domain';
import { KeySpace } from '../keys';
import { APPLY_FEEDBACK_LUA } from './feedback.script';

type FeedbackRedis = Redis & { applyFeedback(numberOfKeys: number, ...args: (string | number)[]): Promise<number[]> };

/** Feedback on the graph's importance: Event nodes of one agent scope, one atomic script call. */
export class RedisImportanceFeedback {
  private readonly redis: FeedbackRedis;

  constructor(redis: Redis, private readonly keys: KeySpace) {
    redis.defineCommand('applyFeedback', { lua: APPLY_FEEDBACK_LUA });
    this.redis = redis as FeedbackRedis;
  }

  /** The new importance_score of each adjusted node; ids that are no Event node of the scope are left out. */
  async apply(scope: AgentScope, deltas: Map<string, FeedbackDelta>): Promise<Map<string, number>> {
    const ids = [...deltas.keys()];
    if (!ids.length) return new Map();
    const k = this.keys.of(scope);
    const scores = await this.redis.applyFeedback(ids.length, ...ids.map((id) => k.node(id)), scope.agentId, ...ids.map((id) => deltas.get(id) as number));
    const adjusted = new Map<string, number>();
    ids.forEach((id, i) => { if (scores[i] > 0) adjusted.set(id, scores[i]); });
    return adjusted;
  }
}
