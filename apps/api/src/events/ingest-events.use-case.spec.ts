import { AppendResult, DomainError, EventLedger, LedgerEvent, partitionOf, PartitionRef } from '@cg/domain';
import { IngestEvents } from './ingest-events.use-case';

const event = (id: string, agent: string, session = 's'): LedgerEvent => ({
  event_id: id, event_type: 'a.b', occurred_at: '2026-01-01T00:00:00Z', session_id: session, agent_id: agent, trace_id: 't', payload_ref: 'r',
});

function setUp(results: AppendResult[], refuse?: Error) {
  const calls: string[] = [];
  const backpressure = {
    admit: jest.fn(async (scopes: PartitionRef[]) => {
      calls.push(`admit ${scopes.map((s) => `${s.tenant}:${s.partition}`).join(' ')}`);
      if (refuse) throw refuse;
    }),
  };
  const ledger = {
    append: jest.fn(async (tenant: string, events: LedgerEvent[], at: number) => {
      calls.push(`append ${tenant} ${events.length} @${at}`);
      return results;
    }),
  } as unknown as EventLedger;
  const registry = { register: jest.fn(async (scope: PartitionRef) => void calls.push(`register ${scope.tenant}:${scope.partition}`)) };
  const metrics = { recordIngest: jest.fn() };
  const ingest = new IngestEvents(ledger, registry, { now: () => 1234 }, metrics, { partitions: 4 }, backpressure);
  return { ingest, calls, metrics };
}

describe('IngestEvents', () => {
  it('registers each partition once, before appending', async () => {
    const events = [event('1', 'agent-a'), event('2', 'agent-a'), event('3', 'agent-b')];
    const results: AppendResult[] = events.map((e) => ({ event_id: e.event_id, global_position: '1-0', status: 'accepted' }));
    const { ingest, calls, metrics } = setUp(results);
    const outcome = await ingest.batch({ tenant: 't', events });
    const registrations = calls.filter((c) => c.startsWith('register'));
    expect(new Set(registrations).size).toBe(registrations.length);
    expect(calls[calls.length - 1]).toBe('append t 3 @1234');
    expect(outcome).toMatchObject({ accepted: 3, duplicates: 0, conflicts: 0 });
    expect(metrics.recordIngest).toHaveBeenCalledWith(results, expect.any(Number));
  });

  it('asks backpressure to admit every partition written to, first; refused, it writes and registers nothing', async () => {
    const events = [event('1', 'agent-a'), event('2', 'agent-b')];
    const { ingest, calls } = setUp([], new Error('503'));
    await expect(ingest.batch({ tenant: 't', events })).rejects.toThrow('503');
    const partitions = new Set(events.map((e) => `t:${partitionOf(e.agent_id, 4)}`));
    expect(calls).toEqual([`admit ${[...partitions].join(' ')}`]);
  });

  it('counts a batch\'s outcomes and keeps the conflict reason', async () => {
    const { ingest } = setUp([
      { event_id: '1', global_position: '1-0', status: 'accepted' },
      { event_id: '1', global_position: '1-0', status: 'duplicate' },
      { event_id: '2', global_position: null, status: 'conflict', conflict: 'session' },
    ]);
    const outcome = await ingest.batch({ tenant: 't', events: [event('1', 'a'), event('1', 'a'), event('2', 'b')] });
    expect(outcome).toEqual({
      results: [
        { event_id: '1', global_position: '1-0', status: 'accepted' },
        { event_id: '1', global_position: '1-0', status: 'duplicate' },
        { event_id: '2', global_position: null, status: 'conflict', conflict: 'session' },
      ],
      accepted: 1, duplicates: 1, conflicts: 1,
    });
  });

  it.each([
    ['content', 'event_id'],
    ['session', 'agent_id'],
  ] as const)('turns a single event\'s %s conflict into a conflict error naming %s', async (conflict, field) => {
    const { ingest } = setUp([{ event_id: '1', global_position: null, status: 'conflict', conflict }]);
    const error = await ingest.one('t', event('1', 'a')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('conflict');
    expect((error as DomainError).details.map((d) => d.field)).toEqual([field]);
  });
});
