import Redis from 'ioredis';
import { AgentScope, Clock, DEFAULT_FORGETTING, LedgerEvent, PartitionRef, PROJECTED_STREAM, projectEvent, STAGES, Summarizer, SummaryRequest, SummaryText } from '@cg/domain';
import {
  deleteKeysWithPrefix, keyContents, KeySpace, LedgerRetention, RedisEventLedger, RedisForgettingStore, RedisGraphStore, RedisLexicalIndex,
  RedisReflectionAccumulator, RedisScopeLock, RedisSummaryStore, RedisVectorIndex, StageStreamWriter, testRedisUrl, uniqueTestPrefix,
} from '@cg/redis';
import { ConsolidateUseCase, ConsolidationSettings } from './consolidate.use-case';

const PARTITION: PartitionRef = { tenant: 'default', partition: 0 };
const SCOPE: AgentScope = { ...PARTITION, agentId: 'agent-a' };
const BASE = Date.parse('2026-11-26T08:00:00Z');
const MIN = 60_000;
const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const DAY = 24 * 60 * MIN;
const SETTINGS: ConsolidationSettings = {
  reflectionThreshold: 150, episodeGapMs: 30 * MIN, lockTtlMs: 5_000, forgetting: DEFAULT_FORGETTING, streamRetentionMs: 7 * DAY, ledgerRetentionMs: 90 * DAY,
};

/** Test double: says which sources it saw; counts calls and how many run at once. */
class RecordingSummarizer implements Summarizer {
  calls: SummaryRequest[] = [];
  active = 0;
  maxActive = 0;
  constructor(private readonly delayMs = 0, private readonly shared?: { active: number; maxActive: number }) {}

  async summarize(request: SummaryRequest): Promise<SummaryText> {
    this.calls.push(request);
    const counter = this.shared ?? this;
    counter.active++;
    counter.maxActive = Math.max(counter.maxActive, counter.active);
    if (this.delayMs) await new Promise((r) => setTimeout(r, this.delayMs));
    counter.active--;
    return { text: `${request.level}: ${request.sources.map((s) => s.text).join(' | ')}`, method: 'extractive', model: 'test-double-v1' };
  }
}

const clock: Clock = { now: () => BASE + 24 * 60 * MIN };

/** Two sessions of agent-a: s-1 has two traces (two episodes) and a pause; s-2 one trace. Hint 8 each. */
function events(): LedgerEvent[] {
  const make = (n: number, session: string, minute: number, trace: string, parent?: number): LedgerEvent => ({
    event_id: id(n), event_type: n % 2 ? 'tool.execute' : 'user.message', occurred_at: new Date(BASE + minute * MIN).toISOString(),
    session_id: session, agent_id: 'agent-a', trace_id: trace, payload_ref: `ref-${n}`, payload: { text: `step ${n} of ${session}` },
    importance_hint: 8, ...(parent !== undefined ? { parent_event_id: id(parent) } : {}),
  });
  return [
    make(1, 's-1', 0, 't-1'), make(2, 's-1', 1, 't-1'), make(3, 's-1', 2, 't-1', 2),
    make(4, 's-1', 3, 't-2'), make(5, 's-1', 4, 't-2'), make(6, 's-1', 100, 't-2'),
    make(7, 's-2', 0, 't-9'), make(8, 's-2', 5, 't-9'), make(9, 's-2', 6, 't-9', 8), make(10, 's-2', 7, 't-9'),
  ];
}

describe('ConsolidateUseCase (real Redis, test-double summarizer)', () => {
  let redis: Redis;
  const root = uniqueTestPrefix();
  let n = 0;

  beforeAll(() => {
    redis = new Redis(testRedisUrl());
  });
  afterAll(async () => {
    await deleteKeysWithPrefix(redis, root);
    await redis.quit();
  }, 60_000);

  async function seeded(list = events()) {
    const prefix = `${root}${n++}:`;
    const keys = new KeySpace(prefix);
    const graph = new RedisGraphStore(redis, keys);
    await ingest(keys, graph, list);
    const summarizer = new RecordingSummarizer();
    const make = (s: Summarizer = summarizer, settings = SETTINGS, at: Clock = clock) => new ConsolidateUseCase({
      graph, summaries: new RedisSummaryStore(redis, keys), accumulator: new RedisReflectionAccumulator(redis, keys), lock: new RedisScopeLock(redis, keys),
      output: new StageStreamWriter(redis, keys), retention: new LedgerRetention(redis, keys),
      forgetting: new RedisForgettingStore(redis, keys, new RedisVectorIndex(redis, keys), new RedisLexicalIndex(redis, keys)),
    }, () => s, at, settings);
    return { prefix, keys, k: keys.of(PARTITION), graph, summarizer, useCase: make(), make };
  }

  async function ingest(keys: KeySpace, graph: RedisGraphStore, list: LedgerEvent[]) {
    const ledger = new RedisEventLedger(redis, keys, 1);
    await ledger.append('default', list, BASE);
    for (const stored of await ledger.storedEvents(PARTITION, list.map((e) => e.event_id))) {
      const { node, orderKey } = projectEvent(stored!);
      await graph.projectEvent(PARTITION, node, orderKey);
    }
  }

  /** Summary-related keys (nodes, edges, index), the prefix cut off; the lock is left out (it comes and goes). */
  async function graphDump(prefix: string) {
    const all = await keyContents(redis, prefix);
    return Object.fromEntries(Object.entries(all).filter(([key]) => /:graph:|:consolidation:/.test(key) && !key.endsWith(':lock')));
  }

  it('counts importance per agent scope, each id once, and says when the scope passes the threshold', async () => {
    const { useCase } = await seeded();
    const ids = events().map((e) => e.event_id);
    expect(await useCase.count(PARTITION, ids.slice(0, 10))).toEqual({ due: [], missing: [] }); // 10 × 8 = 80
    expect((await useCase.count(PARTITION, [...ids, id(99)])).missing).toEqual([id(99)]); // redelivered: still 80
    const low = await seeded();
    const due = low.make(low.summarizer, { ...SETTINGS, reflectionThreshold: 75 });
    expect((await due.count(PARTITION, ids)).due).toEqual([SCOPE]);
  });

  it('writes episode → session → agent summaries with SUMMARIZES edges and lineage down to the events', async () => {
    const { useCase, summarizer, k } = await seeded();
    await useCase.count(PARTITION, events().map((e) => e.event_id));
    expect(await useCase.consolidate(SCOPE, 'reflection')).toMatchObject({ outcome: 'done', sessions: 2, written: 6, unchanged: 0 });
    expect(await redis.exists(k.node('summary:agent:agent-a'))).toBe(0); // the scope-wide summary waits for the schedule
    expect(await useCase.consolidate(SCOPE, 'schedule')).toMatchObject({ outcome: 'done', sessions: 0, written: 1 });

    // s-1: trace t-1 (1–3), t-2 (4–5), then a 96-minute pause (6); s-2: one trace (7–10).
    const index = await redis.zrange(k.summaryIndex('agent-a'), 0, -1);
    expect(index.sort()).toEqual([
      `summary:episode:${id(1)}`, `summary:episode:${id(4)}`, `summary:episode:${id(6)}`, `summary:episode:${id(7)}`,
      'summary:session:s-1', 'summary:session:s-2', 'summary:agent:agent-a',
    ].sort());
    expect(summarizer.calls.map((c) => c.level)).toEqual(['episode', 'episode', 'episode', 'session', 'episode', 'session', 'agent']);

    const episode = await redis.hgetall(k.node(`summary:episode:${id(1)}`));
    expect(episode).toMatchObject({ node_type: 'Summary', level: 'episode', session_id: 's-1', agent_id: 'agent-a', method: 'extractive', model: 'test-double-v1' });
    expect(JSON.parse(episode.derived_from)).toEqual([id(1), id(2), id(3)]);
    expect(await redis.hgetall(k.edgesOut(`summary:episode:${id(1)}`))).toEqual(Object.fromEntries([1, 2, 3].map((i) => [`SUMMARIZES|${id(i)}`, '{"level":"episode"}'])));
    expect(Object.keys(await redis.hgetall(k.edgesOut('summary:session:s-1'))).sort())
      .toEqual([1, 4, 6].map((i) => `SUMMARIZES|summary:episode:${id(i)}`).sort());
    const agent = await redis.hgetall(k.node('summary:agent:agent-a'));
    expect(JSON.parse(agent.derived_from)).toEqual(events().map((e) => e.event_id).sort());
    expect(agent).toMatchObject({ level: 'agent', importance_score: '8', first_ms: String(BASE), occurred_ms: String(BASE + 100 * MIN), created_ms: String(clock.now()) });
    expect(agent.session_id).toBeUndefined();
    expect(Object.keys(await redis.hgetall(k.edgesOut('summary:agent:agent-a'))).sort()).toEqual(['SUMMARIZES|summary:session:s-1', 'SUMMARIZES|summary:session:s-2']);
    // The reflection is complete: the scope starts counting afresh, no session is left dirty.
    expect(await redis.hget(k.reflection('agent-a'), 'sum')).toBe('0');
    expect(await redis.hlen(k.dirtySessions('agent-a'))).toBe(0);
  });

  it('a pass over unchanged input changes no key and asks the summarizer nothing', async () => {
    const { useCase, summarizer, prefix } = await seeded();
    await useCase.count(PARTITION, events().map((e) => e.event_id));
    await useCase.consolidate(SCOPE, 'schedule');
    const before = await graphDump(prefix);
    const calls = summarizer.calls.length;

    // Re-planning every session, or the usual pass (nothing left uncovered): nothing written.
    expect(await useCase.consolidate(SCOPE, 'schedule', { everySession: true })).toMatchObject({ outcome: 'done', sessions: 2, written: 0, unchanged: 7 });
    expect(await useCase.consolidate(SCOPE, 'schedule')).toMatchObject({ outcome: 'done', sessions: 0, written: 0, unchanged: 1 });
    expect(summarizer.calls.length).toBe(calls);
    expect(await graphDump(prefix)).toEqual(before);
  });

  it('a new event rewrites only what covers it: its episode, its session, then (on schedule) the agent', async () => {
    const { useCase, summarizer, k, keys, graph } = await seeded();
    await useCase.count(PARTITION, events().map((e) => e.event_id));
    await useCase.consolidate(SCOPE, 'schedule');
    const s2Before = await redis.hgetall(k.node('summary:session:s-2'));

    const late: LedgerEvent = { ...events()[5], event_id: id(11), occurred_at: new Date(BASE + 101 * MIN).toISOString(), payload: { text: 'late news' } };
    await ingest(keys, graph, [late]);
    await useCase.count(PARTITION, [id(11)]);
    summarizer.calls = [];
    expect(await useCase.consolidate(SCOPE, 'reflection')).toMatchObject({ outcome: 'done', sessions: 1, written: 2 });
    expect(await useCase.consolidate(SCOPE, 'schedule')).toMatchObject({ outcome: 'done', sessions: 0, written: 1 });
    expect(summarizer.calls.map((c) => c.level)).toEqual(['episode', 'session', 'agent']);
    expect(JSON.parse((await redis.hgetall(k.node(`summary:episode:${id(6)}`))).derived_from)).toEqual([id(6), id(11)]);
    expect(await redis.hgetall(k.node('summary:session:s-2'))).toEqual(s2Before);
  });

  it('forgetting never loses lineage: a re-planned session keeps what its summaries covered of forgotten events', async () => {
    const { useCase, k, keys, graph } = await seeded();
    await useCase.count(PARTITION, events().map((e) => e.event_id));
    await useCase.consolidate(SCOPE, 'reflection');
    const episode4 = await redis.hgetall(k.node(`summary:episode:${id(4)}`));
    // Forgetting prunes e1 (the first event of an episode) and e5 from the graph (as its prune script does: node and session order).
    for (const gone of [1, 5]) {
      const member = (await redis.zrange(k.graphSession('s-1'), 0, -1)).find((m) => m.endsWith(id(gone)))!;
      await redis.zrem(k.graphSession('s-1'), member);
      await redis.del(k.node(id(gone)));
    }
    const late: LedgerEvent = { ...events()[5], event_id: id(12), occurred_at: new Date(BASE + 200 * MIN).toISOString(), payload: { text: 'much later' } };
    await ingest(keys, graph, [late]);
    await useCase.count(PARTITION, [id(12)]);
    await useCase.consolidate(SCOPE, 'schedule');

    // e1's and e4's episodes lost events to forgetting: sealed as they are, their other events covered, not summarized twice.
    expect(await redis.hgetall(k.node(`summary:episode:${id(4)}`))).toEqual(episode4);
    expect(JSON.parse((await redis.hgetall(k.node(`summary:episode:${id(1)}`))).derived_from)).toEqual([id(1), id(2), id(3)]);
    expect(await redis.exists(k.node(`summary:episode:${id(2)}`))).toBe(0);
    expect(JSON.parse((await redis.hgetall(k.node(`summary:episode:${id(12)}`))).derived_from)).toEqual([id(12)]);
    const session = JSON.parse((await redis.hgetall(k.node('summary:session:s-1'))).derived_from);
    expect(session).toEqual([1, 2, 3, 4, 5, 6, 12].map(id));
    const agent = JSON.parse((await redis.hgetall(k.node('summary:agent:agent-a'))).derived_from);
    expect(agent).toEqual(expect.arrayContaining([id(1), id(5), id(12)]));
  });

  it('hands every summary it writes to enrichment through the projected stream', async () => {
    const { useCase, k } = await seeded();
    await useCase.count(PARTITION, events().map((e) => e.event_id));
    await useCase.consolidate(SCOPE, 'schedule');
    const fed = (await redis.xrange(k.stream(PROJECTED_STREAM), '-', '+')).map(([, fields]) => fields[1]);
    expect(fed.sort()).toEqual((await redis.zrange(k.summaryIndex('agent-a'), 0, -1)).sort());
    await useCase.consolidate(SCOPE, 'schedule', { everySession: true });
    expect(await redis.xlen(k.stream(PROJECTED_STREAM))).toBe(fed.length); // nothing rewritten, nothing fed again
  });

  it('a scheduled pass 40 days on forgets summarized detail but the causes of other events, and the next pass keeps every summary', async () => {
    const { useCase, make, summarizer, graph, k } = await seeded();
    await useCase.count(PARTITION, events().map((e) => e.event_id));
    await useCase.consolidate(SCOPE, 'reflection');
    const later = make(summarizer, SETTINGS, { now: () => BASE + 40 * DAY });

    const pass = await later.consolidate(SCOPE, 'schedule');
    expect(pass.forgotten).toEqual({ pruned: { cold: 0, archive: 8 }, similarDropped: 0, awaitingSummary: 0, protectedByCausalChain: 2 });
    const left = [...await graph.sessionNodeIds(PARTITION, 's-1'), ...await graph.sessionNodeIds(PARTITION, 's-2')];
    expect(left.sort()).toEqual([id(2), id(8)].sort()); // the causes of 3 and 9
    const before = JSON.parse((await redis.hget(k.node('summary:agent:agent-a'), 'derived_from'))!);
    expect(before).toEqual(events().map((e) => e.event_id).sort());

    expect(await later.consolidate(SCOPE, 'schedule', { everySession: true })).toMatchObject({ written: 0 });
    expect(JSON.parse((await redis.hget(k.node('summary:agent:agent-a'), 'derived_from'))!)).toEqual(before);
    expect(JSON.parse((await redis.hget(k.node(`summary:episode:${id(4)}`), 'derived_from'))!)).toEqual([id(4), id(5)]);
  });

  it('retention expires documents past the ceiling, and trims no stream a reader group still needs', async () => {
    const { make, summarizer, k } = await seeded();
    const early = make(summarizer, SETTINGS, { now: () => BASE + 30 * DAY });
    expect(await early.retain(PARTITION, STAGES)).toEqual({
      documentsExpired: 0, streams: [{ stream: 'ledger', trimmed: 0, heldBy: 'graph-projection' }, expect.any(Object), expect.any(Object)],
    });
    expect(await redis.exists(k.event(id(1)))).toBe(1);
    const late = make(summarizer, SETTINGS, { now: () => BASE + 91 * DAY });
    expect((await late.retain(PARTITION, STAGES, 4)).documentsExpired).toBe(10);
    expect(await redis.exists(k.event(id(1)), k.dedup)).toBe(0);
  });

  it('two replicas never consolidate one scope at once: the second finds it locked', async () => {
    const { make, prefix } = await seeded();
    const shared = { active: 0, maxActive: 0 };
    const a = new RecordingSummarizer(30, shared);
    const b = new RecordingSummarizer(30, shared);
    const [first, second] = [make(a), make(b)];
    await first.count(PARTITION, events().map((e) => e.event_id));
    const results = await Promise.all([first.consolidate(SCOPE, 'schedule'), second.consolidate(SCOPE, 'schedule', { everySession: true })]);
    expect(results.map((r) => r.outcome).sort()).toEqual(['done', 'locked']);
    expect(shared.maxActive).toBe(1);
    expect(a.calls.length + b.calls.length).toBe(7);
    // Once released, the other replica's pass runs and finds nothing to change.
    const before = await graphDump(prefix);
    expect((await second.consolidate(SCOPE, 'schedule', { everySession: true }))).toMatchObject({ outcome: 'done', written: 0 });
    expect(await graphDump(prefix)).toEqual(before);
  });

  it('a pass whose lease ran out stops writing (another replica may hold the scope now)', async () => {
    const { make, k } = await seeded();
    const slow = new RecordingSummarizer(0);
    const thief: Summarizer = {
      summarize: async (request) => {
        // The lease expires mid-pass and another replica takes the scope.
        await redis.set(k.consolidationLock('agent-a'), 'someone-else');
        return slow.summarize(request);
      },
    };
    const useCase = make(thief);
    await useCase.count(PARTITION, events().map((e) => e.event_id));
    const result = await useCase.consolidate(SCOPE, 'reflection');
    expect(result).toMatchObject({ outcome: 'lock-lost', written: 0 });
    expect(await redis.zcard(k.summaryIndex('agent-a'))).toBe(0);
    expect(await redis.hget(k.reflection('agent-a'), 'sum')).toBe('80');
    expect(await redis.get(k.consolidationLock('agent-a'))).toBe('someone-else');
  });
});
