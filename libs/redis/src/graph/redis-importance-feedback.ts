import Redis from 'ioredis';
import { AgentScope, FeedbackDelta, ImportanceFeedback } from '@cg/domain';
import { KeySpace } from '../keys';
import { APPLY_FEEDBACK_LUA } from './feedback.script';

type FeedbackRedis = Redis & { applyFeedback(numberOfKeys: number, ...args: (string | number)[]): Promise<number[]> };

/**
 * Feedback on the graph's importance: Event nodes of one agent scope, one atomic script call that
 * applies each feedback event at most once (the partition's applied set, `feedbackApplied`).
 */
export class RedisImportanceFeedback implements ImportanceFeedback {
  private readonly redis: FeedbackRedis;

  constructor(redis: Redis, private readonly keys: KeySpace) {
    redis.defineCommand('applyFeedback', { lua: APPLY_FEEDBACK_LUA });
    this.redis = redis as FeedbackRedis;
  }

  /** The importance_score of each Event node of the scope named; other ids are left out. */
  async apply(scope: AgentScope, feedbackEventId: string, deltas: Map<string, FeedbackDelta>): Promise<Map<string, number>> {
    const ids = [...deltas.keys()];
    // Nothing to move (entity ids only): nothing to record either, whoever applies it.
    if (!ids.length) return new Map();
    const k = this.keys.of(scope);
    const scores = await this.redis.applyFeedback(
      ids.length + 1, k.feedbackApplied, ...ids.map((id) => k.node(id)),
      scope.agentId, feedbackEventId, ...ids.map((id) => deltas.get(id) as number),
    );
    const adjusted = new Map<string, number>();
    ids.forEach((id, i) => { if (scores[i] > 0) adjusted.set(id, scores[i]); });
    return adjusted;
  }
}
