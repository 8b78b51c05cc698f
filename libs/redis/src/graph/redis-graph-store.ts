import Redis from 'ioredis';
import { AgentScope, EdgeType, eventIdOfOrderKey, EventNode, GraphEdge, GraphNode, GraphStore, isEntityId, PartitionRef, ProjectedEventNode } from '@cg/domain';
import { KeySpace } from '../keys';
import { BUMP_ACCESS_LUA, PROJECT_EVENT_LUA } from './project-event.script';
import { SCOPED_EDGES_LUA } from './scoped-edges.script';
import { decodeEventNode, decodeGraphNode, encodeNodeFields } from './node-codec';

type GraphRedis = Redis & {
  projectEventNode(...args: (string | number)[]): Promise<number>;
  bumpAccess(numberOfKeys: number, ...args: (string | number)[]): Promise<number>;
  scopedEdges(numberOfKeys: number, ...args: (string | number)[]): Promise<string[][]>;
};

export interface GraphStoreOptions {
  /** An entity's incoming edges read per expansion at most, newest first (see SCOPED_EDGES_LUA). */
  hubEdgeCap: number;
}

export const DEFAULT_GRAPH_STORE: GraphStoreOptions = { hubEdgeCap: 100 };

const SUMMARIZES = 'SUMMARIZES|';

/** The context graph on Redis: a hash per node, out/in edge hashes per node, sorted-set indexes. */
export class RedisGraphStore implements GraphStore {
  private readonly redis: GraphRedis;

  constructor(redis: Redis, private readonly keys: KeySpace, private readonly options: GraphStoreOptions = DEFAULT_GRAPH_STORE) {
    redis.defineCommand('projectEventNode', { numberOfKeys: 1, lua: PROJECT_EVENT_LUA });
    redis.defineCommand('bumpAccess', { lua: BUMP_ACCESS_LUA });
    redis.defineCommand('scopedEdges', { lua: SCOPED_EDGES_LUA });
    this.redis = redis as GraphRedis;
  }

  async projectEvent(scope: PartitionRef, node: ProjectedEventNode, sessionOrderKey: string): Promise<boolean> {
    const k = this.keys.of(scope);
    const added = await this.redis.projectEventNode(
      k.node(node.id), k.base, node.id, sessionOrderKey, node.occurred_ms, node.session_id, node.agent_id,
      node.parent_event_id ?? '', Date.parse(node.ingested_at), ...encodeNodeFields({ ...node, access_count: 0 }),
    );
    return added === 1;
  }

  async sessionNodeIds(scope: PartitionRef, sessionId: string): Promise<string[]> {
    const members = await this.redis.zrange(this.keys.of(scope).graphSession(sessionId), 0, -1);
    return members.map(eventIdOfOrderKey);
  }

  /** Event nodes only: a Summary id among `ids` is left out, like a missing one. */
  async eventNodes(scope: PartitionRef, ids: string[]): Promise<EventNode[]> {
    const k = this.keys.of(scope);
    const pipeline = this.redis.pipeline();
    for (const id of ids) pipeline.hgetall(k.node(id));
    const replies = (await pipeline.exec()) ?? [];
    const nodes: EventNode[] = [];
    for (const [error, fields] of replies) {
      if (error) throw error;
      const node = decodeEventNode(fields as Record<string, string>);
      if (node) nodes.push(node);
    }
    return nodes;
  }

  /** Event and Summary nodes (a summary with its enrichment), in id order; missing ids and entity ids left out. */
  async nodes(scope: PartitionRef, ids: string[]): Promise<GraphNode[]> {
    if (!ids.length) return [];
    const k = this.keys.of(scope);
    const pipeline = this.redis.pipeline();
    for (const id of ids) pipeline.hgetall(k.node(id));
    const nodes: GraphNode[] = [];
    for (const [error, fields] of (await pipeline.exec()) ?? []) {
      if (error) throw error;
      const node = decodeGraphNode(fields as Record<string, string>);
      if (node) nodes.push(node);
    }
    return nodes;
  }

  /** The SUMMARIZES edges entering the given nodes (summary → node), read from their in-edge hashes. */
  async summarizersOf(scope: PartitionRef, ids: string[]): Promise<GraphEdge[]> {
    if (!ids.length) return [];
    const k = this.keys.of(scope);
    const pipeline = this.redis.pipeline();
    for (const id of ids) pipeline.hgetall(k.edgesIn(id));
    const replies = (await pipeline.exec()) ?? [];
    const edges: GraphEdge[] = [];
    ids.forEach((id, i) => {
      const [error, incoming] = replies[i];
      if (error) throw error;
      for (const [field, props] of Object.entries(incoming as Record<string, string>)) {
        if (field.startsWith(SUMMARIZES)) edges.push({ source: field.slice(SUMMARIZES.length), target: id, edge_type: 'SUMMARIZES', properties: JSON.parse(props) });
      }
    });
    return edges;
  }

  async edgesOf(scope: PartitionRef, ids: string[]): Promise<GraphEdge[]> {
    const k = this.keys.of(scope);
    const pipeline = this.redis.pipeline();
    for (const id of ids) pipeline.hgetall(k.edgesOut(id)).hgetall(k.edgesIn(id));
    return parseEdges(ids, (await pipeline.exec()) ?? []);
  }

  /**
   * Edges of any nodes of one agent scope — events and entities alike (an `entity:` id resolves under
   * the scope), for walks that cross from events to entities and back. An entity with more incoming
   * edges than `hubEdgeCap` gives its newest REFERENCES only (its other incoming edges are not read).
   */
  async scopedEdgesOf(scope: AgentScope, ids: string[]): Promise<GraphEdge[]> {
    if (!ids.length) return [];
    const k = this.keys.of(scope);
    const keys = ids.flatMap((id) => {
      const node = k.nodeKeys(scope.agentId, id);
      return [node.out, node.in, isEntityId(id) ? k.entityReferences(scope.agentId, id) : node.in];
    });
    const replies = await this.redis.scopedEdges(keys.length, ...keys, this.options.hubEdgeCap);
    return parseEdges(ids, replies.map((flat) => [null, Object.fromEntries(pairs(flat))]));
  }

  async bumpAccess(scope: PartitionRef, ids: string[], now: number, minIntervalMs: number): Promise<void> {
    if (!ids.length) return;
    const k = this.keys.of(scope);
    await this.redis.bumpAccess(ids.length, ...ids.map((id) => k.node(id)), now, minIntervalMs);
  }
}

/** Edges from the replies of `hgetall(out), hgetall(in)` per id, in id order. */
function parseEdges(ids: string[], replies: [Error | null, unknown][]): GraphEdge[] {
  const edges: GraphEdge[] = [];
  ids.forEach((id, i) => {
    const [outError, out] = replies[2 * i];
    const [inError, incoming] = replies[2 * i + 1];
    if (outError || inError) throw outError ?? inError;
    for (const [field, props] of Object.entries(out as Record<string, string>)) {
      const [type, target] = splitEdgeField(field);
      edges.push({ source: id, target, edge_type: type, properties: JSON.parse(props) });
    }
    for (const [field, props] of Object.entries(incoming as Record<string, string>)) {
      const [type, source] = splitEdgeField(field);
      edges.push({ source, target: id, edge_type: type, properties: JSON.parse(props) });
    }
  });
  return edges;
}

function splitEdgeField(field: string): [EdgeType, string] {
  const at = field.indexOf('|');
  return [field.slice(0, at) as EdgeType, field.slice(at + 1)];
}

function pairs(flat: string[]): [string, string][] {
  const result: [string, string][] = [];
  for (let i = 0; i < flat.length; i += 2) result.push([flat[i], flat[i + 1]]);
  return result;
}
