import { Clock } from '../clock';
import { RankingSnapshot, SnapshotStore } from '../context/ports';
import { AgentScope, LexicalIndex, ScoredId } from '../enrichment/ports';
import { lexicalTerms } from '../enrichment/lexical-terms';
import { EdgeType, EventNode, GraphEdge } from '../graph/model';
import { GraphNode, StoredSummary } from '../graph/nodes';
import { PartitionRef } from '../scoping/partition';
import { DEFAULT_SCORING } from '../scoring/score';
import { querySubgraph, SubgraphDeps, SubgraphPorts } from './query-subgraph';

const NOW = Date.parse('2026-11-26T12:00:00Z');
const A: AgentScope = { tenant: 't', partition: 0, agentId: 'a' };
const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const edge = (source: string, edge_type: EdgeType, target: string): GraphEdge => ({ source, target, edge_type, properties: {} });

function event(n: number, text: string, agent = 'a'): EventNode {
  const occurred = NOW - (100 - n) * 60_000;
  return {
    id: uuid(n), node_type: 'Event', event_type: 'tool.execute', session_id: `s-${agent}`, agent_id: agent, trace_id: 'tr',
    occurred_at: new Date(occurred).toISOString(), occurred_ms: occurred, global_position: `${occurred}-0`, ingested_at: '',
    payload_ref: 'inline', text, importance_score: 5, access_count: 0,
  };
}

function summary(id: string, text: string, covered: number[], agent = 'a'): StoredSummary {
  return {
    id, node_type: 'Summary', agent_id: agent, session_id: `s-${agent}`, level: 'session', summary: text, method: 'extractive',
    model: 'test', derived_from: covered.map(uuid), occurred_ms: NOW - 10 * 60_000, first_ms: NOW - 99 * 60_000, importance_score: 7,
    sources_digest: 'd', source_count: covered.length, created_ms: NOW, keywords: ['quarterly'],
  };
}

/** A term index over the stored nodes' texts that (wrongly) ignores the agent scope: retrieval must filter. */
class LeakyLexical implements LexicalIndex {
  constructor(private readonly texts: Map<string, string>) {}
  async add(): Promise<void> {}
  async remove(): Promise<void> {}
  async search(_scope: AgentScope, terms: string[]): Promise<ScoredId[]> {
    return [...this.texts].map(([id, text]) => ({ id, score: lexicalTerms(text).filter((t) => terms.includes(t)).length }))
      .filter((h) => h.score > 0).sort((x, y) => y.score - x.score || (x.id < y.id ? -1 : 1));
  }
}

function setup() {
  const stored = new Map<string, GraphNode>();
  const add = (...nodes: GraphNode[]) => nodes.forEach((n) => stored.set(n.id, n));
  add(
    event(1, 'Ran the migration for billing'), event(2, 'Deployment of billing failed'), event(3, 'Lunch menu: soup'),
    summary('summary:session:s-a', 'The quarterly reconciliation stalled: a migration timed out and the billing deploy failed.', [1, 2]),
    summary('summary:session:s-b', 'Quarterly reconciliation of agent b', [9], 'b'),
  );
  const edges = [
    edge(uuid(2), 'FOLLOWS', uuid(1)), edge(uuid(3), 'FOLLOWS', uuid(2)),
    edge('summary:session:s-a', 'SUMMARIZES', uuid(1)), edge('summary:session:s-a', 'SUMMARIZES', uuid(2)),
  ];
  const texts = new Map([...stored.values()].map((n) => [n.id, n.node_type === 'Summary' ? n.summary : n.text ?? '']));
  const bumped: string[] = [];
  const ports: SubgraphPorts = {
    analyzer: { analyze: () => ({ entities: [], keywords: [] }), terms: lexicalTerms },
    entityByAlias: async () => null,
    referenceCounts: async (_scope, ids) => ({ references: ids.map(() => 1), events: stored.size }),
    embedQuery: async () => { throw new Error('no embedder'); },
    nearest: async () => [],
    vectorsOf: async () => new Map(),
    lexical: new LeakyLexical(texts),
    bumpAccess: async (_scope, ids) => { bumped.push(...ids); },
    nodes: async (_scope: PartitionRef, ids) => ids.map((id) => stored.get(id)).filter((n): n is GraphNode => n !== undefined),
    entity: async () => null,
    edgesOf: async (_scope, ids) => edges.filter((e) => ids.includes(e.source) || ids.includes(e.target)),
  };
  const saved = new Map<string, RankingSnapshot>();
  const snapshots: SnapshotStore = { save: async (_s, id, snap) => { saved.set(id, snap); }, load: async (_s, id) => saved.get(id) ?? null };
  const clock: Clock = { now: () => NOW };
  let next = 0;
  const deps: SubgraphDeps = {
    ports, snapshots, clock, scoring: DEFAULT_SCORING, snapshotTtlMs: 300_000, accessBumpIntervalMs: 3_600_000,
    newId: () => `id-${++next}`, onBackgroundError: () => undefined,
  };
  const query = (text: string) => querySubgraph(deps, A, { query: text, sessionId: 's-a', maxNodes: 20, maxDepth: 2, timeoutMs: 5_000 });
  return { query, bumped };
}

const ranked = (nodes: Record<string, { rank: number }>) => Object.entries(nodes).sort((a, b) => a[1].rank - b[1].rank).map(([id]) => id);

describe('querySubgraph with summaries', () => {
  it('returns a summary only its text matches as a direct seed with provenance, the events it covers beside it', async () => {
    const { query, bumped } = setup();
    const answer = await query('quarterly reconciliation');
    const ids = ranked(answer.nodes);
    expect(ids[0]).toBe('summary:session:s-a');
    expect(answer.nodes['summary:session:s-a']).toMatchObject({
      node_type: 'Summary', rank: 1, retrieval_reason: 'direct',
      attributes: { summary: expect.stringContaining('quarterly reconciliation'), level: 'session', keywords: ['quarterly'] },
      provenance: { agent_id: 'a', session_id: 's-a', derived_from: [uuid(1), uuid(2)] },
    });
    // The walk follows SUMMARIZES down to the covered events: proactive, with the edges among them.
    expect(ids).toEqual(expect.arrayContaining([uuid(1), uuid(2)]));
    expect(answer.nodes[uuid(1)].retrieval_reason).toBe('proactive');
    expect(answer.edges).toEqual(expect.arrayContaining([edge('summary:session:s-a', 'SUMMARIZES', uuid(1))]));
    expect(answer.meta.seed_nodes).toContain('summary:session:s-a');
    // Never another agent scope's summary, even one a channel named.
    expect(ids).not.toContain('summary:session:s-b');
    expect(bumped).toContain('summary:session:s-a');
  });

  it('ranks summaries and events in the same tiers: a strong event match beside a weaker summary match', async () => {
    const { query } = setup();
    const ids = ranked((await query('billing deployment failed')).nodes);
    expect(ids[0]).toBe(uuid(2));
    expect(ids).toContain('summary:session:s-a');
  });
});
