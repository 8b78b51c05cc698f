import Redis from 'ioredis';
import { AgentScope, LockLease, SummaryNode, SummaryStore } from '@cg/domain';
import { KeySpace } from '../keys';
import { encodeNodeFields } from '../graph/node-codec';
import { execOrThrow } from '../streams/transaction';
import { WRITE_SUMMARY_LUA } from './consolidation.scripts';

type SummaryRedis = Redis & { writeSummary(...args: (string | number)[]): Promise<number> };

const NUMERIC_FIELDS = new Set(['occurred_ms', 'first_ms', 'importance_score', 'created_ms', 'source_count']);

/** Summary nodes in the partition graph (`graph:node:<summary id>`, the Event layout) with SUMMARIZES edges. */
export class RedisSummaryStore implements SummaryStore {
  private readonly redis: SummaryRedis;

  constructor(redis: Redis, private readonly keys: KeySpace) {
    redis.defineCommand('writeSummary', { numberOfKeys: 4, lua: WRITE_SUMMARY_LUA });
    this.redis = redis as SummaryRedis;
  }

  async summaries(scope: AgentScope, ids: string[]): Promise<SummaryNode[]> {
    if (!ids.length) return [];
    const k = this.keys.of(scope);
    const pipeline = this.redis.pipeline();
    for (const id of ids) pipeline.hgetall(k.nodeKeys(scope.agentId, id).node);
    const replies = (await execOrThrow(pipeline)) as Record<string, string>[];
    return replies.map(decodeSummaryNode).filter((n): n is SummaryNode => n !== null && n.agent_id === scope.agentId);
  }

  async digests(scope: AgentScope, ids: string[]): Promise<(string | null)[]> {
    if (!ids.length) return [];
    const k = this.keys.of(scope);
    const pipeline = this.redis.pipeline();
    for (const id of ids) pipeline.hget(k.nodeKeys(scope.agentId, id).node, 'sources_digest');
    return (await execOrThrow(pipeline)) as (string | null)[];
  }

  async write(scope: AgentScope, node: SummaryNode, sources: string[], lock: LockLease): Promise<'written' | 'unchanged' | 'lock-lost'> {
    if (node.agent_id !== scope.agentId) throw new Error(`summary ${node.id} of agent ${node.agent_id} written to scope ${scope.agentId}`);
    const k = this.keys.of(scope);
    const keys = k.nodeKeys(scope.agentId, node.id);
    const unique = [...new Set(sources)];
    const result = await this.redis.writeSummary(
      keys.node, keys.out, k.summaryIndex(scope.agentId), lock.name,
      k.base, node.id, node.sources_digest, node.occurred_ms, lock.token, node.level, scope.agentId, unique.length, ...unique,
      ...encodeNodeFields(node),
    );
    return result === 1 ? 'written' : result === 0 ? 'unchanged' : 'lock-lost';
  }

  scopeSummaryIds(scope: AgentScope): Promise<string[]> {
    return this.redis.zrange(this.keys.of(scope).summaryIndex(scope.agentId), 0, -1);
  }
}

/** The Summary node a hash holds; null for a missing node or another node type. */
export function decodeSummaryNode(fields: Record<string, string>): SummaryNode | null {
  if (!fields.id || fields.node_type !== 'Summary') return null;
  const node: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(fields)) {
    node[field] = NUMERIC_FIELDS.has(field) ? Number(value) : field === 'derived_from' ? JSON.parse(value) : value;
  }
  return node as unknown as SummaryNode;
}
