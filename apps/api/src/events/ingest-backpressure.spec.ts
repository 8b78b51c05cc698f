import { ServiceUnavailableException } from '@nestjs/common';
import { PartitionRef, StageDefinition, StageStatus } from '@cg/domain';
import { IngestBackpressure } from './ingest-backpressure';

const P0: PartitionRef = { tenant: 't', partition: 0 };
const P1: PartitionRef = { tenant: 't', partition: 1 };

function setUp(limit: number) {
  let now = 0;
  const backlog = new Map<number, number>(); // partition → projection lag
  const reads: string[] = [];
  let failing = false;
  const readStage = jest.fn(async (scope: PartitionRef, stage: StageDefinition): Promise<StageStatus> => {
    reads.push(`${scope.partition}/${stage.stage}`);
    if (failing) throw new Error('Connection is closed.');
    const lag = stage.stage === 'projection' ? backlog.get(scope.partition) ?? 0 : 0;
    return { stage: stage.stage, stream: stage.stream, group: stage.group, lag, pending: 0, dead_lettered: 0, last_delivered_id: '0-0', seconds_behind: 0 };
  });
  const metrics = { recordBacklog: jest.fn(), recordBackpressure: jest.fn() };
  const gate = new IngestBackpressure(readStage, { now: () => now }, metrics, { ingestBacklogLimit: limit });
  return {
    gate, backlog, metrics, readStage,
    partitionReads: () => reads.filter((r) => r.endsWith('/projection')),
    advance: (ms: number) => { now += ms; },
    fail: (value: boolean) => { failing = value; },
  };
}

describe('IngestBackpressure', () => {
  it('admits up to the limit and refuses past it, naming the stage and partition', async () => {
    const { gate, backlog, metrics, readStage } = setUp(1000);
    backlog.set(0, 1000);
    await expect(gate.admit([P0])).resolves.toBeUndefined();
    expect(metrics.recordBacklog).toHaveBeenCalledWith(P0, 1000);
    expect(readStage).toHaveBeenCalledWith(P0, expect.anything(), { countUpTo: 1001 }); // counts no further than it must

    const fresh = setUp(1000);
    fresh.backlog.set(1, 1001);
    const refusal = await fresh.gate.admit([P0, P1]).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(ServiceUnavailableException);
    expect((refusal as Error).message).toBe('ingest is paused: the projection stage of partition 1 has 1001 entries waiting (limit 1000); retry shortly');
    expect(fresh.metrics.recordBackpressure).toHaveBeenCalledWith('t', 'projection');
  });

  it('reads each partition at most once a second, however many requests come, and never acts on an older figure', async () => {
    const { gate, backlog, partitionReads, advance } = setUp(10);
    await Promise.all([gate.admit([P0]), gate.admit([P0]), gate.admit([P0, P1])]);
    expect(partitionReads()).toEqual(['0/projection', '1/projection']);
    backlog.set(0, 11);
    advance(999);
    await gate.admit([P0]); // the reading of 999 ms ago still stands
    advance(1);
    await expect(gate.admit([P0])).rejects.toThrow(ServiceUnavailableException);
    expect(partitionReads()).toEqual(['0/projection', '1/projection', '0/projection']);
  });

  it('does not keep a reading that failed: the next request reads again', async () => {
    const { gate, partitionReads, fail } = setUp(10);
    fail(true);
    await expect(gate.admit([P0])).rejects.toThrow('Connection is closed.');
    fail(false);
    await gate.admit([P0]);
    expect(partitionReads()).toEqual(['0/projection', '0/projection']);
  });
});
