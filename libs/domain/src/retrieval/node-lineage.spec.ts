import { Clock } from '../clock';
import { decodeCursor } from '../context/cursor';
import { RankingSnapshot, SnapshotStore } from '../context/ports';
import { AgentScope } from '../enrichment/ports';
import { StoredEntity } from '../graph/entities';
import { EdgeType, EventNode, GraphEdge } from '../graph/model';
import { GraphNode, StoredSummary } from '../graph/nodes';
import { partitionOf, PartitionRef } from '../scoping/partition';
import { DEFAULT_SCORING } from '../scoring/score';
import { LineageDeps, LineagePorts, LineageRequest, nodeLineage } from './node-lineage';

const NOW = Date.parse('2024-06-01T12:00:00Z');
const PARTITIONS = 4;
const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const edge = (source: string, edge_type: EdgeType, target: string): GraphEdge => ({ source, target, edge_type, properties: {} });

function eventNode(n: number, agent: string, tenant = 't1'): EventNode & { tenant: string } {
  const occurred = NOW - (100 - n) * 60_000;
  return {
    id: uuid(n), node_type: 'Event', event_type: 'tool.execute', session_id: `s-${agent}`, agent_id: agent, trace_id: 'tr',
    occurred_at: new Date(occurred).toISOString(), occurred_ms: occurred, global_position: `${occurred}-0`, ingested_at: '',
    payload_ref: 'inline', text: `event ${n}`, importance_score: 5, access_count: 0, tenant,
  };
}

/** An in-memory graph: event nodes keyed by tenant and partition (by their agent), edges shared. */
class MemoryGraph implements LineagePorts {
  readonly stored: (GraphNode & { tenant: string })[] = [];
  readonly edges: GraphEdge[] = [];
  readonly entities = new Map<string, StoredEntity>();

  async nodes(scope: PartitionRef, ids: string[]): Promise<GraphNode[]> {
    return this.stored.filter((n) => n.tenant === scope.tenant && partitionOf(n.agent_id, PARTITIONS) === scope.partition && ids.includes(n.id));
  }

  async edgesOf(_scope: AgentScope, ids: string[]): Promise<GraphEdge[]> {
    return this.edges.filter((e) => ids.includes(e.source) || ids.includes(e.target));
  }

  async entity(scope: AgentScope, id: string): Promise<StoredEntity | null> {
    return this.entities.get(`${scope.tenant}/${scope.agentId}/${id}`) ?? null;
  }
}

class MemorySnapshots implements SnapshotStore {
  readonly saved = new Map<string, RankingSnapshot>();
  async save(scope: PartitionRef, id: string, snapshot: RankingSnapshot): Promise<void> {
    this.saved.set(`${scope.tenant}:${scope.partition}:${id}`, snapshot);
  }
  async load(scope: PartitionRef, id: string): Promise<RankingSnapshot | null> {
    return this.saved.get(`${scope.tenant}:${scope.partition}:${id}`) ?? null;
  }
}

const clock: Clock = { now: () => NOW };

function setup() {
  const graph = new MemoryGraph();
  const snapshots = new MemorySnapshots();
  let next = 0;
  const deps: LineageDeps = {
    ports: graph, snapshots, clock, scoring: DEFAULT_SCORING, partitions: PARTITIONS, snapshotTtlMs: 300_000, newId: () => `id-${++next}`,
    accessBumpIntervalMs: 3_600_000, onBackgroundError: () => undefined,
  };
  // Agent a: 1 ← 2 ← 3 ← 4 (CAUSED_BY chain), 5 FOLLOWS 4; agent b's event 9 is the causal parent of 1.
  for (const n of [1, 2, 3, 4, 5]) graph.stored.push(eventNode(n, 'a'));
  graph.stored.push(eventNode(9, 'b'));
  graph.edges.push(
    edge(uuid(2), 'CAUSED_BY', uuid(1)), edge(uuid(3), 'CAUSED_BY', uuid(2)), edge(uuid(4), 'CAUSED_BY', uuid(3)),
    edge(uuid(5), 'FOLLOWS', uuid(4)), edge(uuid(1), 'CAUSED_BY', uuid(9)),
    edge(uuid(4), 'REFERENCES', 'entity:topic:billing'),
  );
  graph.entities.set('t1/a/entity:topic:billing', { id: 'entity:topic:billing', node_type: 'Entity', entity_type: 'topic', name: 'billing', agent_id: 'a', aliases: [] } as unknown as StoredEntity);
  const lineage = (request: Partial<LineageRequest> & { nodeId: string }, tenant = 't1') =>
    nodeLineage(deps, tenant, { intent: 'why', maxDepth: 3, maxNodes: 100, ...request });
  return { graph, snapshots, lineage };
}

const ranked = (nodes: Record<string, { rank: number }>) => Object.entries(nodes).sort((a, b) => a[1].rank - b[1].rank).map(([id]) => id);

describe('nodeLineage', () => {
  it('walks a failure back along CAUSED_BY, the start node first and direct, with the edges among the result', async () => {
    const { lineage } = setup();
    const answer = await lineage({ nodeId: uuid(4).toUpperCase() });
    const ids = ranked(answer.nodes);
    expect(ids[0]).toBe(uuid(4));
    expect(answer.nodes[uuid(4)]).toMatchObject({ rank: 1, retrieval_reason: 'direct' });
    expect(ids).toEqual(expect.arrayContaining([uuid(3), uuid(2), uuid(1), uuid(5), 'entity:topic:billing']));
    expect(answer.nodes[uuid(3)].retrieval_reason).toBe('proactive');
    // The nearest cause outranks the farther one: the walk score decays per hop.
    expect(answer.nodes[uuid(3)].rank).toBeLessThan(answer.nodes[uuid(1)].rank);
    expect(answer.edges).toEqual(expect.arrayContaining([edge(uuid(4), 'CAUSED_BY', uuid(3)), edge(uuid(2), 'CAUSED_BY', uuid(1))]));
    expect(answer.nodes['entity:topic:billing'].provenance.derived_from).toEqual([uuid(4)]);
    expect(answer.meta).toMatchObject({ intent: 'why', nodes_returned: 6, truncated: false, capacity: { max_nodes: 100, used_nodes: 6, max_depth: 3 } });
  });

  it('never returns or walks through another agent\'s node, even one linked by an edge', async () => {
    const { lineage } = setup();
    const answer = await lineage({ nodeId: uuid(1), maxDepth: 10 });
    expect(Object.keys(answer.nodes)).not.toContain(uuid(9));
    expect(answer.edges.some((e) => e.source === uuid(9) || e.target === uuid(9))).toBe(false);
    for (const node of Object.values(answer.nodes)) expect(node.provenance.agent_id).toBe('a');
  });

  it('honours max_depth and reports the cut', async () => {
    const { lineage } = setup();
    const answer = await lineage({ nodeId: uuid(4), maxDepth: 1 });
    expect(Object.keys(answer.nodes).sort()).toEqual([uuid(3), uuid(4), uuid(5), 'entity:topic:billing'].sort());
    expect(answer.meta.truncated).toBe(true);
  });

  it('pages through a snapshot with max_nodes, every node once, ranks continuing; a lost snapshot is cursor_expired', async () => {
    const { lineage, snapshots } = setup();
    const seen: string[] = [];
    const ranks: number[] = [];
    let cursor: string | undefined;
    do {
      const page = await lineage({ nodeId: uuid(4), maxNodes: 2, cursor });
      expect(Object.keys(page.nodes).length).toBeLessThanOrEqual(2);
      seen.push(...ranked(page.nodes));
      ranks.push(...ranked(page.nodes).map((id) => page.nodes[id].rank));
      cursor = page.pagination.cursor ?? undefined;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toHaveLength(6);
    expect(ranks).toEqual([1, 2, 3, 4, 5, 6]);

    const first = await lineage({ nodeId: uuid(4), maxNodes: 2 });
    snapshots.saved.clear();
    expect(decodeCursor(first.pagination.cursor as string)).not.toBeNull();
    await expect(lineage({ nodeId: uuid(4), maxNodes: 2, cursor: first.pagination.cursor as string })).rejects.toMatchObject({ code: 'cursor_expired' });
    await expect(lineage({ nodeId: uuid(4), cursor: 'not-a-cursor' })).rejects.toMatchObject({ code: 'invalid_cursor' });
  });

  it('is not_found for an unknown id, another tenant\'s event, or an event of another agent than the one named', async () => {
    const { lineage } = setup();
    await expect(lineage({ nodeId: uuid(77) })).rejects.toMatchObject({ code: 'not_found' });
    await expect(lineage({ nodeId: uuid(4) }, 't2')).rejects.toMatchObject({ code: 'not_found' });
    await expect(lineage({ nodeId: uuid(4), agentId: 'b' })).rejects.toMatchObject({ code: 'not_found' });
    await expect((await lineage({ nodeId: uuid(4), agentId: 'a' })).nodes[uuid(4)].rank).toBe(1);
  });

  it('starts from an entity of the named agent scope, and requires the agent for one', async () => {
    const { lineage } = setup();
    await expect(lineage({ nodeId: 'entity:topic:billing' })).rejects.toMatchObject({ code: 'validation_failed', details: [{ field: 'agent_id' }] });
    await expect(lineage({ nodeId: 'entity:topic:billing', agentId: 'b' })).rejects.toMatchObject({ code: 'not_found' });
    const answer = await lineage({ nodeId: 'entity:topic:billing', agentId: 'a', intent: 'what', maxDepth: 1 });
    expect(ranked(answer.nodes)).toEqual(['entity:topic:billing', uuid(4)]);
    expect(answer.nodes['entity:topic:billing']).toMatchObject({ node_type: 'Entity', rank: 1, retrieval_reason: 'direct' });
  });

  it('follows SUMMARIZES from an event up to the summary covering it and renders it, with provenance', async () => {
    const { lineage, graph } = setup();
    graph.stored.push(summaryNode('summary:session:s-a', 'a', [1, 5]));
    graph.edges.push(edge('summary:session:s-a', 'SUMMARIZES', uuid(5)), edge('summary:session:s-a', 'SUMMARIZES', uuid(1)));
    const answer = await lineage({ nodeId: uuid(5), intent: 'when', maxDepth: 2 });
    expect(Object.keys(answer.nodes)).toEqual(expect.arrayContaining([uuid(1), 'summary:session:s-a']));
    expect(answer.nodes['summary:session:s-a']).toMatchObject({
      node_type: 'Summary', retrieval_reason: 'proactive',
      attributes: { summary: 'what agent a did', level: 'session' },
      provenance: { agent_id: 'a', session_id: 's-a', derived_from: [uuid(1), uuid(5)] },
    });
    expect(answer.edges).toContainEqual(edge('summary:session:s-a', 'SUMMARIZES', uuid(5)));
  });

  it('starts from a summary id (case kept) and reaches the events it covers through SUMMARIZES, lower summaries in between', async () => {
    const { lineage, graph } = setup();
    graph.stored.push(summaryNode('summary:episode:' + uuid(1), 'a', [1, 2]), summaryNode('summary:session:S-A', 'a', [1, 2, 5]));
    graph.edges.push(
      edge('summary:session:S-A', 'SUMMARIZES', 'summary:episode:' + uuid(1)), edge('summary:session:S-A', 'SUMMARIZES', uuid(5)),
      edge('summary:episode:' + uuid(1), 'SUMMARIZES', uuid(1)), edge('summary:episode:' + uuid(1), 'SUMMARIZES', uuid(2)),
    );
    const answer = await lineage({ nodeId: 'summary:session:S-A' });
    const ids = ranked(answer.nodes);
    expect(ids[0]).toBe('summary:session:S-A');
    expect(answer.nodes['summary:session:S-A']).toMatchObject({ node_type: 'Summary', rank: 1, retrieval_reason: 'direct' });
    expect(ids).toEqual(expect.arrayContaining(['summary:episode:' + uuid(1), uuid(1), uuid(2), uuid(5)]));
    expect(answer.meta.start_node).toBe('summary:session:S-A');
    await expect(lineage({ nodeId: 'summary:session:s-a' })).rejects.toMatchObject({ code: 'not_found' });
    await expect(lineage({ nodeId: 'summary:session:S-A', agentId: 'b' })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('never walks through another agent\'s summary, nor through a SUMMARIZES edge whose summary is not stored', async () => {
    const { lineage, graph } = setup();
    graph.stored.push(summaryNode('summary:session:s-b', 'b', [1, 5]));
    graph.edges.push(edge('summary:session:s-b', 'SUMMARIZES', uuid(5)), edge('summary:session:s-b', 'SUMMARIZES', uuid(1)));
    graph.edges.push(edge('summary:session:gone', 'SUMMARIZES', uuid(5)), edge('summary:session:gone', 'SUMMARIZES', uuid(1)));
    const answer = await lineage({ nodeId: uuid(5), intent: 'when', maxDepth: 2 });
    expect(Object.keys(answer.nodes)).not.toContain('summary:session:s-b');
    expect(Object.keys(answer.nodes)).not.toContain(uuid(1));
  });
});

function summaryNode(id: string, agent: string, covered: number[], tenant = 't1'): StoredSummary & { tenant: string } {
  const times = covered.map((n) => NOW - (100 - n) * 60_000);
  return {
    id, node_type: 'Summary', agent_id: agent, session_id: id.startsWith('summary:session:') ? id.slice('summary:session:'.length) : `s-${agent}`,
    level: id.startsWith('summary:episode:') ? 'episode' : 'session', summary: `what agent ${agent} did`, method: 'extractive', model: 'test',
    derived_from: covered.map(uuid), occurred_ms: Math.max(...times), first_ms: Math.min(...times), importance_score: 6,
    sources_digest: 'd', source_count: covered.length, created_ms: NOW, tenant,
  };
}
