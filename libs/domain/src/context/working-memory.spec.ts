import { Clock } from '../clock';
import { EdgeType, EventNode, GraphEdge } from '../graph/model';
import { GraphNode, StoredSummary } from '../graph/nodes';
import { GraphStore } from '../graph/ports';
import { PartitionRef } from '../scoping/partition';
import { DEFAULT_SCORING } from '../scoring/score';
import { RankingSnapshot, SnapshotStore } from './ports';
import { workingMemory, WorkingMemoryDeps } from './working-memory';

const NOW = Date.parse('2026-11-26T12:00:00Z');
const SCOPE: PartitionRef = { tenant: 't', partition: 0 };
const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const edge = (source: string, edge_type: EdgeType, target: string): GraphEdge => ({ source, target, edge_type, properties: {} });

function event(n: number, session = 's-1', importance = 5): EventNode {
  const occurred = NOW - (100 - n) * 60_000;
  return {
    id: uuid(n), node_type: 'Event', event_type: 'user.message', session_id: session, agent_id: 'a', trace_id: 'tr',
    occurred_at: new Date(occurred).toISOString(), occurred_ms: occurred, global_position: `${occurred}-0`, ingested_at: '',
    payload_ref: 'inline', text: `event ${n}`, importance_score: importance, access_count: 0,
  };
}

function summary(id: string, level: StoredSummary['level'], covered: number[], session?: string): StoredSummary {
  const times = covered.map((n) => NOW - (100 - n) * 60_000);
  return {
    id, node_type: 'Summary', agent_id: 'a', ...(session ? { session_id: session } : {}), level, summary: `${level} summary`,
    method: 'extractive', model: 'test', derived_from: covered.map(uuid), occurred_ms: Math.max(...times), first_ms: Math.min(...times),
    importance_score: 9, sources_digest: 'd', source_count: covered.length, created_ms: NOW,
  };
}

/** An in-memory graph: one partition, session order by id. */
class MemoryGraph implements GraphStore {
  readonly stored = new Map<string, GraphNode>();
  readonly edges: GraphEdge[] = [];
  readonly bumped: string[] = [];

  add(...nodes: GraphNode[]): void {
    for (const node of nodes) this.stored.set(node.id, node);
  }
  async projectEvent(): Promise<boolean> {
    throw new Error('not used');
  }
  async sessionNodeIds(_scope: PartitionRef, sessionId: string): Promise<string[]> {
    return [...this.stored.values()].filter((n) => n.node_type === 'Event' && n.session_id === sessionId).map((n) => n.id).sort();
  }
  async eventNodes(_scope: PartitionRef, ids: string[]): Promise<EventNode[]> {
    return ids.map((id) => this.stored.get(id)).filter((n): n is EventNode => n?.node_type === 'Event');
  }
  async nodes(_scope: PartitionRef, ids: string[]): Promise<GraphNode[]> {
    return ids.map((id) => this.stored.get(id)).filter((n): n is GraphNode => n !== undefined);
  }
  async summarizersOf(_scope: PartitionRef, ids: string[]): Promise<GraphEdge[]> {
    return this.edges.filter((e) => e.edge_type === 'SUMMARIZES' && ids.includes(e.target));
  }
  async edgesOf(_scope: PartitionRef, ids: string[]): Promise<GraphEdge[]> {
    return this.edges.filter((e) => ids.includes(e.source) || ids.includes(e.target));
  }
  async bumpAccess(_scope: PartitionRef, ids: string[]): Promise<void> {
    this.bumped.push(...ids);
  }
}

class MemorySnapshots implements SnapshotStore {
  readonly saved = new Map<string, RankingSnapshot>();
  async save(_scope: PartitionRef, id: string, snapshot: RankingSnapshot): Promise<void> {
    this.saved.set(id, snapshot);
  }
  async load(_scope: PartitionRef, id: string): Promise<RankingSnapshot | null> {
    return this.saved.get(id) ?? null;
  }
}

const clock: Clock = { now: () => NOW };

function setup() {
  const graph = new MemoryGraph();
  let next = 0;
  const deps: WorkingMemoryDeps = {
    graph, snapshots: new MemorySnapshots(), clock, scoring: DEFAULT_SCORING, snapshotTtlMs: 300_000, accessBumpIntervalMs: 3_600_000,
    newId: () => `id-${++next}`, onBackgroundError: () => undefined,
  };
  // Session s-1: events 1–4, two episodes (1–2, 3–4) under the session summary; the agent summary over it all.
  graph.add(...[1, 2, 3, 4].map((n) => event(n)), event(5, 's-2'));
  const episode1 = summary(`summary:episode:${uuid(1)}`, 'episode', [1, 2], 's-1');
  const episode2 = summary(`summary:episode:${uuid(3)}`, 'episode', [3, 4], 's-1');
  const session = summary('summary:session:s-1', 'session', [1, 2, 3, 4], 's-1');
  const agent = summary('summary:agent:a', 'agent', [1, 2, 3, 4, 5]);
  graph.add(episode1, episode2, session, agent, summary(`summary:episode:${uuid(5)}`, 'episode', [5], 's-2'));
  graph.edges.push(
    edge(uuid(2), 'FOLLOWS', uuid(1)), edge(uuid(3), 'FOLLOWS', uuid(2)), edge(uuid(4), 'FOLLOWS', uuid(3)),
    edge(episode1.id, 'SUMMARIZES', uuid(1)), edge(episode1.id, 'SUMMARIZES', uuid(2)),
    edge(episode2.id, 'SUMMARIZES', uuid(3)), edge(episode2.id, 'SUMMARIZES', uuid(4)),
    edge(session.id, 'SUMMARIZES', episode1.id), edge(session.id, 'SUMMARIZES', episode2.id),
    edge(agent.id, 'SUMMARIZES', session.id), edge(`summary:episode:${uuid(5)}`, 'SUMMARIZES', uuid(5)),
  );
  const read = (sessionId: string, more: { maxNodes?: number; maxDepth?: number; cursor?: string } = {}) =>
    workingMemory(deps, SCOPE, { sessionId, maxNodes: 100, maxDepth: 3, ...more });
  return { graph, read, episode1, episode2, session };
}

const ranked = (nodes: Record<string, { rank: number }>) => Object.entries(nodes).sort((a, b) => a[1].rank - b[1].rank).map(([id]) => id);

describe('workingMemory with summaries', () => {
  it('includes the session\'s episode and session summaries, ranked with its events, with provenance and SUMMARIZES edges', async () => {
    const { read, episode1, episode2, session } = setup();
    const answer = await read('s-1');
    const ids = ranked(answer.nodes);
    expect([...ids].sort()).toEqual([uuid(1), uuid(2), uuid(3), uuid(4), episode1.id, episode2.id, session.id].sort());
    // Not the agent summary (it covers more than this session), nor another session's.
    expect(answer.nodes['summary:agent:a']).toBeUndefined();
    expect(answer.nodes[session.id]).toMatchObject({
      node_type: 'Summary', retrieval_reason: 'direct',
      attributes: { summary: 'session summary', level: 'session', source_count: 4 },
      provenance: { agent_id: 'a', session_id: 's-1', derived_from: [1, 2, 3, 4].map(uuid) },
      scores: { importance_score: 9 },
    });
    // Same composite score as events: importance 9 and the newest covered event's recency put the
    // summaries of the last episode first (equal scores and times: id ascending).
    expect(ids.slice(0, 2)).toEqual([episode2.id, session.id]);
    const scores = Object.values(answer.nodes).sort((a, b) => a.rank - b.rank).map((n) => n.scores.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(answer.edges).toEqual(expect.arrayContaining([
      edge(session.id, 'SUMMARIZES', episode1.id), edge(episode1.id, 'SUMMARIZES', uuid(1)), edge(uuid(2), 'FOLLOWS', uuid(1)),
    ]));
    expect(answer.edges.some((e) => e.source === 'summary:agent:a')).toBe(false);
    expect(answer.meta).toMatchObject({ nodes_returned: 7, total_nodes: 7 });
  });

  it('takes max_depth as the SUMMARIZES levels above the events: 1 keeps the episodes only', async () => {
    const { read, session, episode1 } = setup();
    const ids = ranked((await read('s-1', { maxDepth: 1 })).nodes);
    expect(ids).toContain(episode1.id);
    expect(ids).not.toContain(session.id);
    expect(ids).toHaveLength(6);
  });

  it('finds the session summary and its episodes by id when forgetting pruned the session\'s events', async () => {
    const { read, graph, session, episode1, episode2 } = setup();
    for (const n of [1, 2, 3, 4]) graph.stored.delete(uuid(n));
    const ids = ranked((await read('s-1')).nodes);
    expect(ids.sort()).toEqual([episode1.id, episode2.id, session.id].sort());
  });

  it('pages summaries and events through one snapshot, each once', async () => {
    const { read } = setup();
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await read('s-1', { maxNodes: 3, cursor });
      seen.push(...ranked(page.nodes));
      cursor = page.pagination.cursor ?? undefined;
    } while (cursor);
    expect(seen).toHaveLength(7);
    expect(new Set(seen).size).toBe(7);
  });

  it('leaves a session without summaries as it was: its events only', async () => {
    const { read, graph } = setup();
    graph.add(event(7, 's-3'), event(8, 's-3'));
    const answer = await read('s-3');
    expect(ranked(answer.nodes).sort()).toEqual([uuid(7), uuid(8)]);
    expect(Object.values(answer.nodes).every((n) => n.node_type === 'Event')).toBe(true);
  });
});
