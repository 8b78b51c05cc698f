import Redis from 'ioredis';
import { AgentScope, DomainError, EntityReader, EntityType, EventNode, GraphEdge, ReferencingEventsPage, StoredEntity } from '@cg/domain';
import { KeySpace } from '../keys';
import { execOrThrow } from '../streams/transaction';
import { decodeEventNode } from './node-codec';

/** An entity's node and the events referencing it, read within one agent scope only. */
export class RedisEntityReader implements EntityReader {
  constructor(private readonly redis: Redis, private readonly keys: KeySpace) {}

  async entity(scope: AgentScope, entityId: string): Promise<StoredEntity | null> {
    const fields = await this.redis.hgetall(this.keys.of(scope).entityNode(scope.agentId, entityId));
    if (fields.id !== entityId || fields.node_type !== 'Entity') return null;
    return {
      id: fields.id,
      node_type: 'Entity',
      entity_type: fields.entity_type as EntityType,
      name: fields.name,
      agent_id: fields.agent_id,
      aliases: fields.aliases ? JSON.parse(fields.aliases) : [],
    };
  }

  /** How many events reference each entity, and how many events the scope holds (what an entity's specificity is read from). */
  async referenceCounts(scope: AgentScope, entityIds: string[]): Promise<{ references: number[]; events: number }> {
    const k = this.keys.of(scope);
    const pipeline = this.redis.pipeline();
    for (const id of entityIds) pipeline.zcard(k.entityReferences(scope.agentId, id));
    pipeline.zcard(k.graphAgentIngested(scope.agentId));
    const counts = (await execOrThrow(pipeline)) as number[];
    return { references: counts.slice(0, entityIds.length), events: counts[entityIds.length] };
  }

  /** Newest first (occurred_at, then event id), paged by the last member read, so new references never shift a page. */
  async referencingEvents(scope: AgentScope, entityId: string, limit: number, cursor?: string): Promise<ReferencingEventsPage> {
    const k = this.keys.of(scope);
    const { offset, after } = cursor ? decodeCursor(cursor) : { offset: 0, after: undefined };
    const index = k.entityReferences(scope.agentId, entityId);
    const [members, total] = (await execOrThrow(this.redis.multi()
      .zrange(index, after ? `(${after}` : '+', '-', 'BYLEX', 'REV', 'LIMIT', 0, limit + 1)
      .zcard(index))) as [string[], number];
    const page = members.slice(0, limit);
    const ids = page.map((m) => m.slice(m.indexOf(':') + 1));

    const pipeline = this.redis.pipeline();
    for (const id of ids) pipeline.hgetall(k.node(id));
    if (ids.length) pipeline.hmget(k.entityEdgesIn(scope.agentId, entityId), ...ids.map((id) => `REFERENCES|${id}`));
    const replies = await execOrThrow(pipeline);
    const props = (replies[ids.length] ?? []) as (string | null)[];

    const events: EventNode[] = [];
    const edges: GraphEdge[] = [];
    ids.forEach((id, i) => {
      const node = decodeEventNode(replies[i] as Record<string, string>);
      // The index may outlive a pruned node or edge; and only the scope's own events are ever shown.
      if (!node || node.agent_id !== scope.agentId || props[i] === null) return;
      events.push(node);
      edges.push({ source: id, target: entityId, edge_type: 'REFERENCES', properties: JSON.parse(props[i] as string) });
    });
    const next = members.length > limit ? encodeCursor(offset + page.length, page[page.length - 1]) : null;
    return { events, edges, offset, total, next };
  }
}

const CURSOR = /^(\d{1,9})\|(\d{16}:[0-9a-f-]{36})$/;

function encodeCursor(offset: number, member: string): string {
  return Buffer.from(`${offset}|${member}`).toString('base64url');
}

function decodeCursor(cursor: string): { offset: number; after: string } {
  const match = CURSOR.exec(Buffer.from(cursor, 'base64url').toString());
  if (!match) throw new DomainError('invalid_cursor', 'cursor is not valid', [{ field: 'cursor', message: 'is not a cursor this service issued' }]);
  return { offset: Number(match[1]), after: match[2] };
}
