import Redis from 'ioredis';
import {
  AgentScope, EnrichmentStore, EntityNode, EventEnrichment, GraphEdge, isEntityId, isSummaryId, occurredOrderPrefix, SummaryEnrichment,
} from '@cg/domain';
import { KeySpace } from '../keys';
import { encodeNodeFields } from '../graph/node-codec';
import { execOrThrow } from '../streams/transaction';
import { SAVE_ENRICHMENT_LUA, SAVE_SUMMARY_ENRICHMENT_LUA, UPSERT_ENTITY_LUA } from './enrichment.scripts';

type EnrichmentRedis = Redis & {
  upsertEntity(...args: (string | number)[]): Promise<number>;
  saveEnrichment(...args: (string | number)[]): Promise<number>;
  saveSummaryEnrichment(...args: (string | number)[]): Promise<number>;
};

/**
 * Stage 2's graph writes: Entity nodes and aliases per agent scope, derived attributes on Event
 * nodes, and edges (resolved through `nodeKeys`). Every write is an overwrite or a set insert, so
 * repeating one changes nothing.
 */
export class RedisEnrichmentStore implements EnrichmentStore {
  private readonly redis: EnrichmentRedis;

  constructor(redis: Redis, private readonly keys: KeySpace) {
    redis.defineCommand('upsertEntity', { numberOfKeys: 3, lua: UPSERT_ENTITY_LUA });
    redis.defineCommand('saveEnrichment', { numberOfKeys: 1, lua: SAVE_ENRICHMENT_LUA });
    redis.defineCommand('saveSummaryEnrichment', { numberOfKeys: 2, lua: SAVE_SUMMARY_ENRICHMENT_LUA });
    this.redis = redis as EnrichmentRedis;
  }

  entityByAlias(scope: AgentScope, alias: string): Promise<string | null> {
    return this.redis.hget(this.keys.of(scope).entityAliases(scope.agentId), alias);
  }

  async upsertEntity(scope: AgentScope, entity: EntityNode, aliases: string[]): Promise<void> {
    if (entity.agent_id !== scope.agentId) throw new Error(`entity ${entity.id} of agent ${entity.agent_id} written to scope ${scope.agentId}`);
    const k = this.keys.of(scope);
    const unique = [...new Set(aliases)];
    const fields = encodeNodeFields({ id: entity.id, node_type: 'Entity', entity_type: entity.entity_type, name: entity.name, agent_id: entity.agent_id });
    await this.redis.upsertEntity(
      k.entityNode(scope.agentId, entity.id), k.entityAliases(scope.agentId), k.entities(scope.agentId),
      entity.id, unique.length, ...unique, ...fields,
    );
  }

  async saveEnrichment(scope: AgentScope, enrichment: EventEnrichment): Promise<void> {
    await this.redis.saveEnrichment(
      this.keys.of(scope).node(enrichment.eventId), scope.agentId, enrichment.importanceScore,
      ...encodeNodeFields({ keywords: enrichment.keywords, entities: enrichment.entities, embedding_model: enrichment.embeddingModel }),
    );
  }

  async saveSummaryEnrichment(scope: AgentScope, enrichment: SummaryEnrichment): Promise<boolean> {
    const k = this.keys.of(scope);
    const entities = [...new Set(enrichment.entities)].filter(isEntityId);
    const written = await this.redis.saveSummaryEnrichment(
      k.node(enrichment.summaryId), k.edgesOut(enrichment.summaryId),
      k.base, scope.agentId, enrichment.summaryId, enrichment.digest, JSON.stringify(enrichment.references), entities.length, ...entities,
      ...encodeNodeFields({ keywords: enrichment.keywords, entities, embedding_model: enrichment.embeddingModel }),
    );
    return written === 1;
  }

  /**
   * Edges touching an event that is not (or no longer) a node of this agent scope are skipped: an
   * event's edge hashes resolve `entity:` ids under the event's own scope, so a foreign edge there
   * would point into another scope.
   */
  async addEdges(scope: AgentScope, edges: GraphEdge[]): Promise<void> {
    if (!edges.length) return;
    const k = this.keys.of(scope);
    const occurred = await this.ownEvents(scope, edges.flatMap((e) => [e.source, e.target]).filter((id) => !isEntityId(id)));
    const known = (id: string) => isEntityId(id) || occurred.has(id);
    const tx = this.redis.multi();
    for (const edge of edges.filter((e) => known(e.source) && known(e.target))) {
      const props = JSON.stringify(edge.properties);
      tx.hset(k.nodeKeys(scope.agentId, edge.source).out, `${edge.edge_type}|${edge.target}`, props);
      tx.hset(k.nodeKeys(scope.agentId, edge.target).in, `${edge.edge_type}|${edge.source}`, props);
      if (isEntityReference(edge)) {
        const member = `${occurredOrderPrefix(occurred.get(edge.source) as number)}:${edge.source}`;
        tx.zadd(k.entityReferences(scope.agentId, edge.target), 0, member);
      }
    }
    await execOrThrow(tx);
  }

  /** occurred_ms of each of the ids that is an Event node of the scope. */
  private async ownEvents(scope: AgentScope, eventIds: string[]): Promise<Map<string, number>> {
    const unique = [...new Set(eventIds)];
    if (!unique.length) return new Map();
    const k = this.keys.of(scope);
    const pipeline = this.redis.pipeline();
    for (const id of unique) pipeline.hmget(k.node(id), 'occurred_ms', 'agent_id');
    const replies = (await execOrThrow(pipeline)) as (string | null)[][];
    const found = new Map<string, number>();
    unique.forEach((id, i) => {
      const [ms, agent] = replies[i];
      if (ms !== null && agent === scope.agentId) found.set(id, Number(ms));
    });
    return found;
  }
}

/**
 * An event's mention of an entity: what the entity's newest-first read index holds (events only —
 * a summary's REFERENCES live in the entity's in-edges, not in the index `GET /v1/entities` pages).
 */
function isEntityReference(edge: GraphEdge): boolean {
  return edge.edge_type === 'REFERENCES' && isEntityId(edge.target) && !isEntityId(edge.source) && !isSummaryId(edge.source);
}
