import Redis from 'ioredis';
import {
  AgentScope, FEEDBACK_EVENT_TYPE, FeedbackDelta, GraphStore, ImportanceFeedback, LedgerEvent, PartitionRef, PROJECTED_STREAM,
  ProjectedEventNode, StageOutput, StoredEvent, StoredEventReader,
} from '@cg/domain';
import {
  deleteKeysWithPrefix, KeySpace, RedisEventLedger, RedisGraphStore, RedisImportanceFeedback, StageStreamWriter, testRedisUrl, uniqueTestPrefix,
} from '@cg/redis';
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

/** A `system.feedback` event as the API records it (see RecordFeedback), on events of agent-a's session s-1. */
function feedbackEvent(n: number, helpful: string[], irrelevant: string[] = []): LedgerEvent {
  return event(n, {
    event_type: FEEDBACK_EVENT_TYPE, payload_ref: `feedback:q-${n}`,
    payload: { query_id: `q-${n}`, helpful_node_ids: helpful, irrelevant_node_ids: irrelevant },
  });
}

const noFeedback: ImportanceFeedback = { apply: async () => new Map() };

describe('ProjectEventsUseCase (ports faked)', () => {
  it('skips ids whose document is gone and hands on only what it projected', async () => {
    const stored: StoredEvent = { ...event(1), global_position: '1-0', ingested_at: new Date(BASE).toISOString() };
    const events: StoredEventReader = { storedEvents: async (_s, ids) => ids.map((i) => (i === id(1) ? stored : null)) };
    const nodes: ProjectedEventNode[] = [];
    const graph = { projectEvent: async (_s: PartitionRef, node: ProjectedEventNode) => (nodes.push(node), true) } as unknown as GraphStore;
    const appended: [string, string[]][] = [];
    const output: StageOutput = { append: async (_s, stream, ids) => void appended.push([stream, ids]) };

    const result = await new ProjectEventsUseCase(events, graph, output, noFeedback).execute(SCOPE, [id(1), id(2), id(1)]);
    expect(result).toEqual({ projected: [id(1)], created: 1, missing: [id(2)] });
    expect(nodes.map((n) => [n.id, n.text])).toEqual([[id(1), 'step 1']]);
    expect(appended).toEqual([[PROJECTED_STREAM, [id(1)]]]);
  });

  it('applies a system.feedback event in its agent scope under its own id, after the batch\'s nodes are in the graph', async () => {
    const judged: StoredEvent = { ...event(1), global_position: '1-0', ingested_at: new Date(BASE).toISOString() };
    const recorded: StoredEvent = {
      ...feedbackEvent(2, [id(1), 'entity:person:x'], [id(7)]), agent_id: 'agent-b', global_position: '2-0', ingested_at: new Date(BASE).toISOString(),
    };
    const events: StoredEventReader = { storedEvents: async (_s, ids) => ids.map((i) => [recorded, judged].find((e) => e.event_id === i) ?? null) };
    const calls: string[] = [];
    const graph = { projectEvent: async (_s: PartitionRef, node: ProjectedEventNode) => (calls.push(`project ${node.id}`), true) } as unknown as GraphStore;
    const applied: [AgentScope, string, [string, FeedbackDelta][]][] = [];
    const importance: ImportanceFeedback = {
      apply: async (scope, feedbackId, deltas) => (calls.push('feedback'), applied.push([scope, feedbackId, [...deltas]]), new Map()),
    };
    const output: StageOutput = { append: async () => undefined };

    const result = await new ProjectEventsUseCase(events, graph, output, importance).execute(SCOPE, [id(2), id(1)]);
    expect(result).toEqual({ projected: [id(2), id(1)], created: 2, missing: [] });
    expect(calls).toEqual([`project ${id(2)}`, `project ${id(1)}`, 'feedback']);
    expect(applied).toEqual([[{ ...SCOPE, agentId: 'agent-b' }, id(2), [[id(1), 1], [id(7), -1]]]]);
  });
});

describe('ProjectEventsUseCase (Redis adapters)', () => {
  let redis: Redis;
  let prefix: string;
  let keys: KeySpace;
  let ledger: RedisEventLedger;
  let graph: RedisGraphStore;
  let importance: RedisImportanceFeedback;
  let useCase: ProjectEventsUseCase;

  beforeAll(() => {
    redis = new Redis(testRedisUrl());
  });
  beforeEach(() => {
    prefix = uniqueTestPrefix();
    keys = new KeySpace(prefix);
    ledger = new RedisEventLedger(redis, keys, 1);
    graph = new RedisGraphStore(redis, keys);
    importance = new RedisImportanceFeedback(redis, keys);
    useCase = new ProjectEventsUseCase(ledger, graph, new StageStreamWriter(redis, keys), importance);
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

  describe('system.feedback events', () => {
    const A: AgentScope = { ...SCOPE, agentId: 'agent-a' };
    const importanceOf = async (ids: string[]) => (await graph.eventNodes(SCOPE, ids)).map((n) => n.importance_score);

    it('adjusts importance of existing Event nodes once, however often the feedback event is projected', async () => {
      await ledger.append('default', [event(1), event(2, { importance_hint: 8 }), event(3)], BASE);
      await useCase.execute(SCOPE, [id(1), id(2), id(3)]);
      await ledger.append('default', [feedbackEvent(4, [id(1), id(2)], [id(3), id(9)])], BASE);

      const result = await useCase.execute(SCOPE, [id(4)]);
      expect(result).toEqual({ projected: [id(4)], created: 1, missing: [] });
      expect(await importanceOf([id(1), id(2), id(3)])).toEqual([6, 9, 4]);
      // The feedback event itself is an ordinary Event node of the session; the unknown id is skipped.
      expect(await graph.sessionNodeIds(SCOPE, 's-1')).toEqual([id(1), id(2), id(3), id(4)]);
      expect(await redis.exists(keys.of(SCOPE).node(id(9)))).toBe(0);

      await useCase.execute(SCOPE, [id(4)]);
      await useCase.execute(SCOPE, [id(4), id(1)]);
      expect(await importanceOf([id(1), id(2), id(3)])).toEqual([6, 9, 4]);
    });

    it('applies judged nodes projected in the same batch, and another feedback event on the same nodes as well', async () => {
      await ledger.append('default', [event(1), feedbackEvent(2, [id(1)]), feedbackEvent(3, [id(1)])], BASE);
      await useCase.execute(SCOPE, [id(1), id(2)]);
      expect(await importanceOf([id(1)])).toEqual([6]);
      await useCase.execute(SCOPE, [id(3), id(2)]);
      expect(await importanceOf([id(1)])).toEqual([7]);
    });

    it('does not apply again what the API already applied under the same feedback event id', async () => {
      await ledger.append('default', [event(1), event(2)], BASE);
      await useCase.execute(SCOPE, [id(1), id(2)]);
      // The API path: ledger write, then the idempotent apply under the recorded event's id.
      await ledger.append('default', [feedbackEvent(3, [id(1)], [id(2)])], BASE);
      expect(Object.fromEntries(await importance.apply(A, id(3), new Map([[id(1), 1], [id(2), -1]] as const)))).toEqual({ [id(1)]: 6, [id(2)]: 4 });

      await useCase.execute(SCOPE, [id(3)]);
      expect(await importanceOf([id(1), id(2)])).toEqual([6, 4]);
    });
  });
});
