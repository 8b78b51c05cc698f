import Redis from 'ioredis';
import { AgedEvent, AgentScope, ForgettingStore, LexicalIndex, occurredOrderPrefix, sessionOrderKey, VectorIndex } from '@cg/domain';
import { KeySpace } from '../keys';
import { execOrThrow } from '../streams/transaction';
import { PRUNE_EVENT_LUA } from './prune-event.script';

const SIMILAR_TO = 'SIMILAR_TO|';

type PruningRedis = Redis & { pruneEvent(...args: (string | number)[]): Promise<number> };

/** Forgetting on the Redis graph: aged nodes with their causal and similarity edges, edge drops, node pruning. */
export class RedisForgettingStore implements ForgettingStore {
  private readonly redis: PruningRedis;

  constructor(
    redis: Redis,
    private readonly keys: KeySpace,
    private readonly vectors: Pick<VectorIndex, 'remove'>,
    private readonly lexical: Pick<LexicalIndex, 'remove'>,
  ) {
    redis.defineCommand('pruneEvent', { numberOfKeys: 1, lua: PRUNE_EVENT_LUA });
    this.redis = redis as PruningRedis;
  }

  async agedEvents(scope: AgentScope, beforeMs: number, offset: number, limit: number): Promise<AgedEvent[]> {
    const k = this.keys.of(scope);
    const ingested = k.graphAgentIngested(scope.agentId);
    const page = await this.redis.zrangebyscore(ingested, '-inf', `(${beforeMs}`, 'WITHSCORES', 'LIMIT', offset, limit);
    if (!page.length) return [];
    const ids = page.filter((_, i) => i % 2 === 0);
    const read = this.redis.pipeline();
    for (const id of ids) read.hmget(k.node(id), 'importance_score', 'access_count', 'node_type', 'caused').hgetall(k.edgesOut(id)).hgetall(k.edgesIn(id));
    const replies = await execOrThrow(read);
    const aged: AgedEvent[] = [];
    ids.forEach((id, i) => {
      const [importance, accessCount, nodeType, caused] = replies[3 * i] as (string | null)[];
      if (nodeType !== 'Event') return;
      const out = Object.entries(replies[3 * i + 1] as Record<string, string>);
      const incoming = Object.entries(replies[3 * i + 2] as Record<string, string>);
      aged.push({
        id,
        ingestedMs: Number(page[2 * i + 1]),
        importance: Number(importance ?? 5),
        accessCount: Number(accessCount ?? 0),
        onCausalChain: caused === '1' || incoming.some(([field]) => field.startsWith('CAUSED_BY|')),
        summarized: incoming.some(([field]) => field.startsWith('SUMMARIZES|')),
        similar: out.filter(([field]) => field.startsWith(SIMILAR_TO))
          .map(([field, props]) => ({ other: field.slice(SIMILAR_TO.length), score: Number(JSON.parse(props).score), otherIngestedMs: 0 })),
      });
    });
    await this.withIngestion(ingested, aged.flatMap((e) => e.similar));
    return aged;
  }

  /** Fills in when the other end of each SIMILAR_TO edge was ingested (an edge is as old as its younger end). */
  private async withIngestion(index: string, edges: AgedEvent['similar']): Promise<void> {
    if (!edges.length) return;
    const scores = (await this.redis.call('ZMSCORE', index, ...edges.map((e) => e.other))) as (string | null)[];
    edges.forEach((edge, i) => (edge.otherIngestedMs = scores[i] === null ? Infinity : Number(scores[i])));
  }

  async dropSimilarEdges(scope: AgentScope, pairs: [string, string][]): Promise<number> {
    if (!pairs.length) return 0;
    const k = this.keys.of(scope);
    const tx = this.redis.multi();
    for (const [a, b] of pairs) {
      tx.hdel(k.edgesOut(a), `SIMILAR_TO|${b}`).hdel(k.edgesIn(b), `SIMILAR_TO|${a}`);
      tx.hdel(k.edgesOut(b), `SIMILAR_TO|${a}`).hdel(k.edgesIn(a), `SIMILAR_TO|${b}`);
    }
    const removed = (await execOrThrow(tx)) as number[];
    // One edge is stored twice (out of its source, in of its target): count edges, not fields.
    return removed.reduce((sum, n) => sum + n, 0) / 2;
  }

  /** Indexes first, graph last: a crash in between leaves the node, and the next pass prunes it again. */
  async pruneEvents(scope: AgentScope, ids: string[]): Promise<string[]> {
    const k = this.keys.of(scope);
    const pruned: string[] = [];
    for (const id of ids) {
      const [agent, occurred, position, model] = await this.redis.hmget(k.node(id), 'agent_id', 'occurred_ms', 'global_position', 'embedding_model');
      if (agent !== scope.agentId || occurred === null || position === null) continue;
      if (model) await this.vectors.remove(scope, model, id);
      await this.lexical.remove(scope, id);
      const done = await this.redis.pruneEvent(k.node(id), k.base, id, scope.agentId, sessionOrderKey(Number(occurred), position, id), occurredOrderPrefix(Number(occurred)));
      if (done === 1) pruned.push(id);
    }
    return pruned;
  }
}
