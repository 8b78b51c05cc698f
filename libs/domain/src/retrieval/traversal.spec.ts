import { Clock } from '../clock';
import { EdgeType, GraphEdge } from '../graph/model';
import { INTENT_EDGE_WEIGHTS } from './intents';
import { DEFAULT_TRAVERSAL_DECAY, traverse, TraversalBounds, TraversalPort, TraversalResult } from './traversal';

const edge = (source: string, edge_type: EdgeType, target: string): GraphEdge => ({ source, target, edge_type, properties: {} });

/** An in-memory graph that records every edgesOf call (ids and the clock time it was made at). */
class FakeGraph implements TraversalPort {
  readonly calls: { ids: string[]; at: number }[] = [];

  constructor(
    private readonly edges: GraphEdge[],
    private readonly clock: Clock = new FakeClock(),
    private readonly reversed = false,
  ) {}

  async edgesOf(ids: string[]): Promise<GraphEdge[]> {
    this.calls.push({ ids: [...ids], at: this.clock.now() });
    const wanted = new Set(ids);
    const found = this.edges.filter((e) => wanted.has(e.source) || wanted.has(e.target));
    return this.reversed ? found.reverse() : found;
  }
}

class FakeClock implements Clock {
  constructor(public ms = 1_000_000) {}
  now(): number {
    return this.ms;
  }
}

const WHY = INTENT_EDGE_WEIGHTS.why;
const WHEN = INTENT_EDGE_WEIGHTS.when;
const GENERAL = INTENT_EDGE_WEIGHTS.general;
const OPEN: TraversalBounds = { maxNodes: 100, maxDepth: 10, deadline: Number.MAX_SAFE_INTEGER };

const ids = (result: TraversalResult) => result.nodes.map((n) => n.id);
const byId = (result: TraversalResult) => new Map(result.nodes.map((n) => [n.id, n]));

/**
 * A failure F with a causal chain F → c1 → c2 → c3 (CAUSED_BY points from effect to cause) and
 * temporal neighbours p2 ← p1 ← F ← n1 (FOLLOWS points from an event to the one before it).
 */
const INCIDENT = [
  edge('F', 'CAUSED_BY', 'c1'),
  edge('c1', 'CAUSED_BY', 'c2'),
  edge('c2', 'CAUSED_BY', 'c3'),
  edge('F', 'FOLLOWS', 'p1'),
  edge('p1', 'FOLLOWS', 'p2'),
  edge('n1', 'FOLLOWS', 'F'),
];

/** A path a0 — a1 — … — a(n-1) of FOLLOWS edges. */
const chain = (n: number, prefix = 'a') => Array.from({ length: n - 1 }, (_, i) => edge(`${prefix}${i + 1}`, 'FOLLOWS', `${prefix}${i}`));

describe('traverse: order and scores', () => {
  it('a why-weighted walk reaches the CAUSED_BY chain before the FOLLOWS neighbours', async () => {
    const result = await traverse([{ id: 'F', score: 1 }], new FakeGraph(INCIDENT), WHY, OPEN, new FakeClock());
    expect(ids(result)).toEqual(['F', 'c1', 'c2', 'c3', 'n1', 'p1', 'p2']);
    const tight = await traverse([{ id: 'F', score: 1 }], new FakeGraph(INCIDENT), WHY, { ...OPEN, maxNodes: 4 }, new FakeClock());
    expect(ids(tight)).toEqual(['F', 'c1', 'c2', 'c3']);
  });

  it('a when-weighted walk over the same graph favours the temporal chain', async () => {
    const tight = await traverse([{ id: 'F', score: 1 }], new FakeGraph(INCIDENT), WHEN, { ...OPEN, maxNodes: 4 }, new FakeClock());
    expect(ids(tight)).toEqual(['F', 'n1', 'p1', 'p2']);
  });

  it('scores each node parentScore × weight / maxWeight × decay along its best path', async () => {
    const result = byId(await traverse([{ id: 'F', score: 0.8 }], new FakeGraph(INCIDENT), WHY, OPEN, new FakeClock(), { decay: 0.5 }));
    // why: CAUSED_BY 5, FOLLOWS 1, max 5 (CAUSED_BY, SAME_AS).
    expect(result.get('F')).toEqual({ id: 'F', depth: 0, score: 0.8, seed: true });
    expect(result.get('c1')!.score).toBeCloseTo(0.8 * 1 * 0.5, 12);
    expect(result.get('c3')!.score).toBeCloseTo(0.8 * 0.5 ** 3, 12);
    expect(result.get('p1')!.score).toBeCloseTo(0.8 * 0.2 * 0.5, 12);
    expect(result.get('p2')!.score).toBeCloseTo(0.8 * 0.2 * 0.5 * 0.2 * 0.5, 12);
    expect(result.get('c2')).toEqual({ id: 'c2', depth: 2, score: expect.any(Number), seed: false, via: edge('c1', 'CAUSED_BY', 'c2') });
    expect(result.get('n1')).toMatchObject({ depth: 1, seed: false, via: edge('n1', 'FOLLOWS', 'F') });
  });

  it('passes on only the share passOn gives a node, so a hub lends its many neighbours little', async () => {
    // hub references a, b, c; F references hub. Under why, REFERENCES is 2 of 5.
    const graph = new FakeGraph([edge('F', 'REFERENCES', 'hub'), edge('a', 'REFERENCES', 'hub'), edge('b', 'REFERENCES', 'hub'), edge('c', 'REFERENCES', 'hub')]);
    const seen: [string, number][] = [];
    const passOn = (id: string, edges: readonly GraphEdge[]) => {
      seen.push([id, edges.length]);
      return id === 'hub' ? 0.25 : 1;
    };
    const result = byId(await traverse([{ id: 'F', score: 1 }], graph, WHY, OPEN, new FakeClock(), { decay: 0.5, passOn }));
    expect(result.get('hub')!.score).toBeCloseTo(0.4 * 0.5, 12);
    expect(result.get('a')!.score).toBeCloseTo(0.4 * 0.5 * 0.4 * 0.5 * 0.25, 12);
    expect(seen).toContainEqual(['hub', 4]); // it is given the edges touching that node only
  });

  it('gives a weak seed the score of a strong one it is linked to, batched or not, and what hangs off it too', async () => {
    // The investigation (weak match) was CAUSED_BY the failure (strong match); the cause it found hangs off it.
    const graph = [edge('logs', 'CAUSED_BY', 'failure'), edge('cause', 'CAUSED_BY', 'logs')];
    for (const expandBatch of [1, 8]) {
      const result = byId(await traverse([{ id: 'failure', score: 0.9 }, { id: 'logs', score: 0.3 }], new FakeGraph(graph), WHY, OPEN, new FakeClock(), { expandBatch, undecayed: ['CAUSED_BY'] }));
      expect([result.get('logs')!.score, result.get('cause')!.score]).toEqual([0.9, 0.9]);
      expect(result.get('logs')).toMatchObject({ seed: true, depth: 1, via: edge('logs', 'CAUSED_BY', 'failure') });
    }
  });

  it('follows the undecayed edge types without the per-hop decay, their weight still applied', async () => {
    const result = byId(await traverse([{ id: 'F', score: 1 }], new FakeGraph(INCIDENT), WHY, OPEN, new FakeClock(), { decay: 0.5, undecayed: ['CAUSED_BY'] }));
    expect(result.get('c3')!.score).toBeCloseTo(1, 12);
    expect(result.get('p1')!.score).toBeCloseTo(0.2 * 0.5, 12);
  });

  it('decays by 0.7 per hop by default', async () => {
    expect(DEFAULT_TRAVERSAL_DECAY).toBe(0.7);
    const result = byId(await traverse([{ id: 'F', score: 1 }], new FakeGraph(INCIDENT), WHY, OPEN, new FakeClock()));
    expect(result.get('c2')!.score).toBeCloseTo(0.49, 12);
  });

  it('keeps the best path when a later expansion finds a better one', async () => {
    // x is first found from A over a weak FOLLOWS edge (1 × 1/5 × 0.7 = 0.14), then from B over CAUSED_BY (0.9 × 0.7 = 0.63).
    const graph = new FakeGraph([edge('A', 'FOLLOWS', 'x'), edge('B', 'CAUSED_BY', 'x'), edge('x', 'CAUSED_BY', 'y')]);
    const result = byId(await traverse([{ id: 'A', score: 1 }, { id: 'B', score: 0.9 }], graph, WHY, OPEN, new FakeClock()));
    expect(result.get('x')).toMatchObject({ depth: 1, via: edge('B', 'CAUSED_BY', 'x') });
    expect(result.get('x')!.score).toBeCloseTo(0.63, 12);
    expect(result.get('y')!.score).toBeCloseTo(0.63 * 0.7, 12);
  });

  it('follows edges both ways and never follows a weight-0 edge', async () => {
    const graph = new FakeGraph([edge('s', 'REFERENCES', 'entity'), edge('later', 'FOLLOWS', 's'), edge('s', 'SIMILAR_TO', 'twin')]);
    const weights = { ...GENERAL, REFERENCES: 0, SIMILAR_TO: -1 };
    const result = await traverse([{ id: 's', score: 1 }], graph, weights, OPEN, new FakeClock());
    expect(ids(result)).toEqual(['s', 'later']);
    expect(result.edges).toEqual([edge('later', 'FOLLOWS', 's')]);
    expect(result.truncated).toBe(false);
  });

  it('follows nothing when every weight is 0', async () => {
    const zero = Object.fromEntries(Object.keys(GENERAL).map((type) => [type, 0])) as Record<EdgeType, number>;
    const result = await traverse([{ id: 'F', score: 1 }], new FakeGraph(INCIDENT), zero, OPEN, new FakeClock());
    expect(ids(result)).toEqual(['F']);
    expect(result.cutBy).toBeNull();
  });

  it('keeps seeds as seeds at depth 0 with their best score, best first, even when linked to each other', async () => {
    const graph = new FakeGraph([edge('a', 'CAUSED_BY', 'b'), edge('b', 'CAUSED_BY', 'c')]);
    const result = await traverse([{ id: 'b', score: 0.2 }, { id: 'a', score: 0.5 }, { id: 'b', score: 0.4 }], graph, WHY, OPEN, new FakeClock());
    expect(result.nodes.slice(0, 2)).toEqual([
      { id: 'a', depth: 0, score: 0.5, seed: true },
      { id: 'b', depth: 0, score: 0.4, seed: true },
    ]);
    expect(result.nodes[2]).toMatchObject({ id: 'c', seed: false, depth: 1 });
  });
});

describe('traverse: bounds', () => {
  it('never returns more than maxNodes nodes, keeps the best, and reports the cut', async () => {
    // A star: the hub's leaves are worth 0.7 (CAUSED_BY) or 0.14 (FOLLOWS) under why.
    const star = [
      ...['l1', 'l2', 'l3'].map((leaf) => edge('hub', 'CAUSED_BY', leaf)),
      ...['m1', 'm2', 'm3', 'm4'].map((leaf) => edge('hub', 'FOLLOWS', leaf)),
    ];
    for (const maxNodes of [1, 2, 4, 5, 7]) {
      const result = await traverse([{ id: 'hub', score: 1 }], new FakeGraph(star), WHY, { ...OPEN, maxNodes }, new FakeClock());
      expect(ids(result)).toEqual(['hub', 'l1', 'l2', 'l3', 'm1', 'm2', 'm3'].slice(0, maxNodes));
      expect(result).toMatchObject({ truncated: true, cutBy: 'nodes' });
    }
    const all = await traverse([{ id: 'hub', score: 1 }], new FakeGraph(star), WHY, { ...OPEN, maxNodes: 8 }, new FakeClock());
    expect(all.nodes).toHaveLength(8);
    expect(all).toMatchObject({ truncated: false, cutBy: null });
  });

  it('counts seeds against maxNodes: the best seeds are kept and nothing is expanded', async () => {
    const graph = new FakeGraph(INCIDENT);
    const seeds = [{ id: 'p1', score: 0.1 }, { id: 'F', score: 0.9 }, { id: 'c1', score: 0.5 }];
    const result = await traverse(seeds, graph, WHY, { ...OPEN, maxNodes: 2 }, new FakeClock());
    expect(ids(result)).toEqual(['F', 'c1']);
    expect(result).toMatchObject({ truncated: true, cutBy: 'nodes' });
    expect(graph.calls).toEqual([]);
  });

  it('never goes deeper than maxDepth, and says when the depth bound hid nodes', async () => {
    for (const maxDepth of [0, 1, 2, 3]) {
      const result = await traverse([{ id: 'a0', score: 1 }], new FakeGraph(chain(10)), GENERAL, { ...OPEN, maxDepth }, new FakeClock());
      expect(ids(result)).toEqual(['a0', 'a1', 'a2', 'a3'].slice(0, maxDepth + 1));
      expect(Math.max(...result.nodes.map((n) => n.depth))).toBe(maxDepth);
      expect(result).toMatchObject({ truncated: true, cutBy: 'depth' });
    }
  });

  it('is not truncated when the graph ends exactly at maxDepth or at maxNodes', async () => {
    const atDepth = await traverse([{ id: 'a0', score: 1 }], new FakeGraph(chain(4)), GENERAL, { ...OPEN, maxDepth: 3 }, new FakeClock());
    expect(ids(atDepth)).toEqual(['a0', 'a1', 'a2', 'a3']);
    expect(atDepth).toMatchObject({ truncated: false, cutBy: null });
    const atNodes = await traverse([{ id: 'a0', score: 1 }], new FakeGraph(chain(4)), GENERAL, { ...OPEN, maxNodes: 4 }, new FakeClock());
    expect(atNodes).toMatchObject({ truncated: false, cutBy: null });
    expect(atNodes.nodes).toHaveLength(4);
  });

  it('bounds depth on every path, also when a better path is longer', async () => {
    // d is 1 hop from s over FOLLOWS (0.14) but 2 hops over CAUSED_BY (0.49): the better path wins, within maxDepth.
    const graph = new FakeGraph([edge('s', 'FOLLOWS', 'd'), edge('s', 'CAUSED_BY', 'm'), edge('m', 'CAUSED_BY', 'd'), edge('d', 'CAUSED_BY', 'beyond')]);
    const result = byId(await traverse([{ id: 's', score: 1 }], graph, WHY, { ...OPEN, maxDepth: 2 }, new FakeClock()));
    expect(result.get('d')).toMatchObject({ depth: 2, via: edge('m', 'CAUSED_BY', 'd') });
    expect(result.has('beyond')).toBe(false);
  });

  it('stops at the deadline, makes no edgesOf call after it, and returns what it has', async () => {
    const clock = new FakeClock(0);
    const graph = new FakeGraph(chain(20), clock);
    // Each expansion "takes" 10 ms; with a 25 ms budget, expansions start at 10 and 20, the third would start at 30.
    const beforeExpand = async () => {
      clock.ms += 10;
    };
    const result = await traverse([{ id: 'a0', score: 1 }], graph, GENERAL, { ...OPEN, deadline: 25 }, clock, { beforeExpand });
    expect(graph.calls.map((c) => c.at)).toEqual([10, 20]);
    expect(ids(result)).toEqual(['a0', 'a1', 'a2']);
    expect(result).toMatchObject({ truncated: true, cutBy: 'time' });
    expect(result.edges).toEqual([edge('a1', 'FOLLOWS', 'a0'), edge('a2', 'FOLLOWS', 'a1')]);
  });

  it('returns the seeds alone when the deadline has already passed', async () => {
    const clock = new FakeClock(500);
    const graph = new FakeGraph(INCIDENT, clock);
    const result = await traverse([{ id: 'F', score: 1 }, { id: 'n1', score: 0.5 }], graph, WHY, { ...OPEN, deadline: 500 }, clock);
    expect(ids(result)).toEqual(['F', 'n1']);
    expect(result).toMatchObject({ truncated: true, cutBy: 'time', edges: [] });
    expect(graph.calls).toEqual([]);
  });

  it('checks the deadline before the final depth check too', async () => {
    const clock = new FakeClock(0);
    const graph = new FakeGraph(chain(5), clock);
    const beforeExpand = async () => {
      clock.ms += 10;
    };
    // Two expansions (at 10 and 20) reach depth 2; the look past it would start at 30.
    const result = await traverse([{ id: 'a0', score: 1 }], graph, GENERAL, { ...OPEN, maxDepth: 2, deadline: 25 }, clock, { beforeExpand });
    expect(ids(result)).toEqual(['a0', 'a1', 'a2']);
    expect(result.cutBy).toBe('time');
    expect(graph.calls).toHaveLength(2);
  });

  it('awaits beforeExpand before every edgesOf call', async () => {
    const events: string[] = [];
    const port: TraversalPort = {
      edgesOf: async (nodeIds) => {
        events.push(`edgesOf ${nodeIds.join(',')}`);
        return INCIDENT.filter((e) => nodeIds.includes(e.source) || nodeIds.includes(e.target));
      },
    };
    const beforeExpand = async () => {
      await Promise.resolve();
      events.push('before');
    };
    await traverse([{ id: 'F', score: 1 }], port, WHY, { ...OPEN, maxDepth: 1 }, new FakeClock(), { beforeExpand });
    // Expand F, then one batched look past depth 1 at c1, n1, p1.
    expect(events).toEqual(['before', 'edgesOf F', 'before', 'edgesOf c1,n1,p1']);
  });

  it('refuses a decay outside (0, 1], which would break best-first order', async () => {
    for (const decay of [0, -0.5, 1.5, NaN]) {
      await expect(traverse([{ id: 'F', score: 1 }], new FakeGraph(INCIDENT), WHY, OPEN, new FakeClock(), { decay })).rejects.toThrow(RangeError);
    }
  });
});

describe('traverse: visits and determinism', () => {
  // A dense little graph with cycles, parallel edges of several types, a self-loop and both directions.
  const TANGLE = [
    edge('a', 'CAUSED_BY', 'b'), edge('b', 'CAUSED_BY', 'c'), edge('c', 'CAUSED_BY', 'a'),
    edge('a', 'FOLLOWS', 'b'), edge('b', 'FOLLOWS', 'a'), edge('c', 'SIMILAR_TO', 'd'),
    edge('d', 'REFERENCES', 'e'), edge('e', 'SAME_AS', 'f'), edge('f', 'RELATED_TO', 'a'),
    edge('d', 'SUMMARIZES', 'g'), edge('g', 'FOLLOWS', 'g'), edge('g', 'CAUSED_BY', 'b'),
  ];

  it('expands each node at most once and returns each node once', async () => {
    const graph = new FakeGraph(TANGLE);
    const result = await traverse([{ id: 'a', score: 1 }, { id: 'c', score: 0.5 }], graph, GENERAL, OPEN, new FakeClock());
    const expanded = graph.calls.map((c) => c.ids.join(','));
    expect(new Set(expanded).size).toBe(expanded.length);
    expect(new Set(ids(result)).size).toBe(result.nodes.length);
    expect(ids(result).sort()).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g']);
    expect(result.cutBy).toBeNull();
  });

  it('returns every walked edge between reached nodes once, and no self-loop', async () => {
    const result = await traverse([{ id: 'a', score: 1 }], new FakeGraph(TANGLE), GENERAL, OPEN, new FakeClock());
    const keys = result.edges.map((e) => `${e.edge_type}|${e.source}|${e.target}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.sort()).toEqual(TANGLE.filter((e) => e.source !== e.target).map((e) => `${e.edge_type}|${e.source}|${e.target}`).sort());
  });

  it('leaves out edges to nodes the bounds kept out', async () => {
    const result = await traverse([{ id: 'F', score: 1 }], new FakeGraph(INCIDENT), WHY, { ...OPEN, maxNodes: 3 }, new FakeClock());
    expect(ids(result)).toEqual(['F', 'c1', 'c2']);
    expect(result.edges).toEqual([edge('F', 'CAUSED_BY', 'c1'), edge('c1', 'CAUSED_BY', 'c2')]);
  });

  it('gives the same answer whatever order the port returns edges and the seeds come in', async () => {
    const seeds = [{ id: 'a', score: 0.5 }, { id: 'd', score: 0.5 }];
    const bounds = { ...OPEN, maxNodes: 5 };
    const first = await traverse(seeds, new FakeGraph(TANGLE), GENERAL, bounds, new FakeClock());
    const second = await traverse([...seeds].reverse(), new FakeGraph(TANGLE, new FakeClock(), true), GENERAL, bounds, new FakeClock());
    expect(second).toEqual(first);
    expect(JSON.stringify(second)).toBe(JSON.stringify(first));
  });

  it('breaks score ties by id', async () => {
    const fan = ['z', 'm', 'b', 'x'].map((leaf) => edge('hub', 'FOLLOWS', leaf));
    const result = await traverse([{ id: 'hub', score: 1 }], new FakeGraph(fan), GENERAL, { ...OPEN, maxNodes: 3 }, new FakeClock());
    expect(ids(result)).toEqual(['hub', 'b', 'm']);
  });

  it('holds every bound on random graphs, and each node hangs off a reached parent one level up', async () => {
    let seed = 42;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const types: EdgeType[] = ['FOLLOWS', 'CAUSED_BY', 'REFERENCES', 'SIMILAR_TO', 'SUMMARIZES', 'SAME_AS', 'RELATED_TO'];
    for (let round = 0; round < 30; round++) {
      const size = 5 + Math.floor(random() * 40);
      const edges = Array.from({ length: size * 2 }, () =>
        edge(`n${Math.floor(random() * size)}`, types[Math.floor(random() * types.length)], `n${Math.floor(random() * size)}`));
      const bounds = { maxNodes: 1 + Math.floor(random() * 15), maxDepth: 1 + Math.floor(random() * 4), deadline: Number.MAX_SAFE_INTEGER };
      const graph = new FakeGraph(edges);
      const result = await traverse([{ id: 'n0', score: 1 }, { id: 'n1', score: 0.6 }], graph, INTENT_EDGE_WEIGHTS.how_does, bounds, new FakeClock());
      const nodes = byId(result);
      expect(result.nodes.length).toBeLessThanOrEqual(bounds.maxNodes);
      expect(nodes.size).toBe(result.nodes.length);
      for (const node of result.nodes) {
        expect(node.depth).toBeLessThanOrEqual(bounds.maxDepth);
        if (node.seed) continue;
        const parentId = node.via!.source === node.id ? node.via!.target : node.via!.source;
        const parent = nodes.get(parentId)!;
        expect(parent.depth).toBe(node.depth - 1);
        expect(node.score).toBeLessThanOrEqual(parent.score);
      }
      const expanded = graph.calls.filter((c) => c.ids.length === 1).map((c) => c.ids[0]);
      expect(new Set(expanded).size).toBe(expanded.length);
      expect(result.truncated).toBe(result.cutBy !== null);
    }
  });
});

describe('traverse: batched expansion', () => {
  it('reaches the same nodes with the same scores in fewer edgesOf calls, bounds still held', async () => {
    const graph = [...INCIDENT, ...chain(12)];
    const seeds = [{ id: 'F', score: 1 }, { id: 'a0', score: 0.9 }];
    const exactPort = new FakeGraph(graph);
    const batchedPort = new FakeGraph(graph);
    const exact = await traverse(seeds, exactPort, GENERAL, OPEN, new FakeClock());
    const batched = await traverse(seeds, batchedPort, GENERAL, OPEN, new FakeClock(), { expandBatch: 4 });
    expect(new Map([...byId(batched)].map(([id, n]) => [id, n.score]))).toEqual(new Map([...byId(exact)].map(([id, n]) => [id, n.score])));
    expect(batchedPort.calls.length).toBeLessThan(exactPort.calls.length);
    expect(batchedPort.calls.every((call) => call.ids.length <= 4)).toBe(true);

    const bounded = await traverse(seeds, new FakeGraph(graph), GENERAL, { ...OPEN, maxNodes: 5, maxDepth: 2 }, new FakeClock(), { expandBatch: 4 });
    expect(bounded.nodes.length).toBeLessThanOrEqual(5);
    expect(Math.max(...bounded.nodes.map((n) => n.depth))).toBeLessThanOrEqual(2);
    expect(bounded.truncated).toBe(true);
  });
});
