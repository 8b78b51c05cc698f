import Redis from 'ioredis';
import {
  GraphStore, LedgerEvent, PartitionRef, PROJECTED_STREAM, ProjectedEventNode, StageOutput, StoredEvent, StoredEventReader,
} from '@cg/domain';
import { deleteKeysWithPrefix, KeySpace, RedisEventLedger, RedisGraphStore, StageStreamWriter, testRedisUrl, uniqueTestPrefix } from '@cg/redis';
import { ProjectEventsUseCase } from './project-events.use-case';

const SCOPE: PartitionRef = { tenant: 'default', partition: 0 };
const BASE = Date.parse('2026-11-26T12:00:00Z');
const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

function event(n: number, overrides: Partial<LedgerEvent> = {}): LedgerEvent {
  return {
    event_id: id(n), event_type: 'tool.execute', occurred_at: new Date(BASE + n * 1000).toISOString(),
    session_id: 's-1', agent_id: 'agent-a', trace_id: 't-1', payload_ref: `ref-${n}`, payload: { text: `step ${n}` },
    ...overrides,
  };
}

describe('ProjectEventsUseCase (ports faked)', () => {
  it('skips ids whose document is gone and hands on only what it projected', async () => {
    const stored: StoredEvent = { ...event(1), global_position: '1-0', ingested_at: new Date(BASE).toISOString() };
    const events: StoredEventReader = { storedEvents: async (_s, ids) => ids.map((i) => (i === id(1) ? stored : null)) };
    const nodes: ProjectedEventNode[] = [];
    const graph = { projectEvent: async (_s: PartitionRef, node: ProjectedEventNode) => (nodes.push(node), true) } as unknown as GraphStore;
    const appended: [string, string[]][] = [];
    const output: StageOutput = { append: async (_s, stream, ids) => void appended.push([stream, ids]) };

    const result = await new ProjectEventsUseCase(events, graph, output).execute(SCOPE, [id(1), id(2), id(1)]);
    expect(result).toEqual({ projected: [id(1)], created: 1, missing: [id(2)] });
    expect(nodes.map((n) => [n.id, n.text])).toEqual([[id(1), 'step 1']]);
    expect(appended).toEqual([[PROJECTED_STREAM, [id(1)]]]);
  });
});

describe('ProjectEventsUseCase (Redis adapters)', () => {
  let redis: Redis;
  let prefix: string;
  let keys: KeySpace;
  let ledger: RedisEventLedger;
  let graph: RedisGraphStore;
  let useCase: ProjectEventsUseCase;

  beforeAll(() => {
    redis = new Redis(testRedisUrl());
  });
  beforeEach(() => {
    prefix = uniqueTestPrefix();
    keys = new KeySpace(prefix);
    ledger = new RedisEventLedger(redis, keys, 1);
    graph = new RedisGraphStore(redis, keys);
    useCase = new ProjectEventsUseCase(ledger, graph, new StageStreamWriter(redis, keys));
  });
  afterEach(() => deleteKeysWithPrefix(redis, prefix));
  afterAll(() => redis.quit());

  const projectedIds = async () => (await redis.xrange(keys.of(SCOPE).stream(PROJECTED_STREAM), '-', '+')).map(([, f]) => f[1]);

  it('projects stored events into nodes, FOLLOWS and CAUSED_BY edges, child before parent, and hands the ids on', async () => {
    // Ingested out of order: the child (3, caused by 2) and a late event (1) come first.
    const ingested = [event(3, { parent_event_id: id(2) }), event(1), event(2)];
    await ledger.append('default', ingested, BASE);
    const ids = ingested.map((e) => e.event_id);

    const first = await useCase.execute(SCOPE, [ids[0]]);
    const rest = await useCase.execute(SCOPE, ids.slice(1));
    expect(first).toEqual({ projected: [id(3)], created: 1, missing: [] });
    expect(rest).toEqual({ projected: [id(1), id(2)], created: 2, missing: [] });

    expect(await graph.sessionNodeIds(SCOPE, 's-1')).toEqual([id(1), id(2), id(3)]);
    const edges = (await graph.edgesOf(SCOPE, [id(1), id(2), id(3)])).map((e) => `${e.edge_type} ${e.source.slice(-1)}->${e.target.slice(-1)}`);
    expect([...new Set(edges)].sort()).toEqual(['CAUSED_BY 3->2', 'FOLLOWS 2->1', 'FOLLOWS 3->2']);
    const [node] = await graph.eventNodes(SCOPE, [id(3)]);
    expect(node).toMatchObject({ id: id(3), text: 'step 3', parent_event_id: id(2), session_id: 's-1' });
    expect(await projectedIds()).toEqual(ids);
  });

  it('is idempotent: projecting again adds nothing to the graph but still hands the ids on', async () => {
    await ledger.append('default', [event(1), event(2)], BASE);
    await useCase.execute(SCOPE, [id(1), id(2)]);
    const edgesBefore = await graph.edgesOf(SCOPE, [id(1), id(2)]);

    const again = await useCase.execute(SCOPE, [id(2), id(1)]);
    expect(again).toEqual({ projected: [id(2), id(1)], created: 0, missing: [] });
    expect(await graph.edgesOf(SCOPE, [id(1), id(2)])).toEqual(edgesBefore);
    expect(await projectedIds()).toEqual([id(1), id(2), id(2), id(1)]);
  });

  it('skips an id whose document is gone, without failing the others', async () => {
    await ledger.append('default', [event(1)], BASE);
    const result = await useCase.execute(SCOPE, [id(9), id(1)]);
    expect(result).toEqual({ projected: [id(1)], created: 1, missing: [id(9)] });
    expect(await projectedIds()).toEqual([id(1)]);
  });
});
