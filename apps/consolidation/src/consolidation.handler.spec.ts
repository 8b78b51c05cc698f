import { AgentScope, PartitionRef } from '@cg/domain';
import { JsonLogger, Registry } from '@cg/platform';
import { StreamEntry } from '@cg/redis';
import { ConsolidateUseCase, PassResult } from './consolidate.use-case';
import { ConsolidationHandler } from './consolidation.handler';
import { ConsolidationMetrics } from './consolidation.metrics';
import { ConsolidationScheduler } from './consolidation.scheduler';

const P0: PartitionRef = { tenant: 't', partition: 0 };
const entry = (id: string, eventId?: string): StreamEntry => ({ id, fields: eventId ? { event_id: eventId } : {} } as StreamEntry);
const done = (scope: AgentScope): PassResult => ({ scope, outcome: 'done', sessions: 1, written: 1, unchanged: 0 });

function fakeUseCase(due: AgentScope[], fail = false) {
  const passes: string[] = [];
  const useCase = {
    count: jest.fn(async () => ({ due, missing: [] })),
    consolidate: jest.fn(async (scope: AgentScope, trigger: string) => {
      passes.push(`${trigger}:${scope.agentId}`);
      if (fail) throw new Error('summarizer down');
      return done(scope);
    }),
  };
  return { useCase: useCase as unknown as ConsolidateUseCase, passes, mock: useCase };
}

const logger = new JsonLogger('consolidation-test', 'error');

describe('ConsolidationHandler', () => {
  it('counts the batch and consolidates each scope past the threshold at once', async () => {
    const { useCase, passes, mock } = fakeUseCase([{ ...P0, agentId: 'a' }, { ...P0, agentId: 'b' }]);
    await new ConsolidationHandler(useCase, logger, new ConsolidationMetrics(new Registry())).handle(P0, [entry('1-0', 'e1'), entry('2-0', 'e2')]);
    expect(mock.count).toHaveBeenCalledWith(P0, ['e1', 'e2']);
    expect(passes).toEqual(['reflection:a', 'reflection:b']);
  });

  it('a failed pass does not fail the batch (the counts are kept; the next batch or the schedule retries)', async () => {
    const { useCase, passes } = fakeUseCase([{ ...P0, agentId: 'a' }], true);
    await expect(new ConsolidationHandler(useCase, logger, new ConsolidationMetrics(new Registry())).handle(P0, [entry('1-0', 'e1')])).resolves.toBeUndefined();
    expect(passes).toEqual(['reflection:a']);
  });

  it('throws on an entry without event_id, so the consumer dead-letters it after its retries', async () => {
    const { useCase } = fakeUseCase([]);
    await expect(new ConsolidationHandler(useCase, logger, new ConsolidationMetrics(new Registry())).handle(P0, [entry('1-0')])).rejects.toThrow(/event_id/);
  });
});

describe('ConsolidationScheduler', () => {
  it('runs a full pass over every known agent scope of every partition; one failing scope does not stop the others', async () => {
    const { useCase, passes, mock } = fakeUseCase([]);
    mock.consolidate.mockImplementation(async (scope: AgentScope, trigger: string) => {
      passes.push(`${trigger}:${scope.partition}:${scope.agentId}`);
      if (scope.agentId === 'bad') throw new Error('boom');
      return done(scope);
    });
    const agents = { agents: async (p: PartitionRef) => (p.partition === 0 ? ['a', 'bad', 'b'] : ['c']) };
    const scheduler = new ConsolidationScheduler(useCase, agents, async () => [P0, { tenant: 't', partition: 1 }], 0, logger, new ConsolidationMetrics(new Registry()));
    await scheduler.runOnce();
    expect(passes).toEqual(['schedule:0:a', 'schedule:0:bad', 'schedule:0:b', 'schedule:1:c']);
  });

  it('runs every interval, never two runs at once, and stops with the app', async () => {
    const { useCase, mock } = fakeUseCase([]);
    let active = 0;
    let maxActive = 0;
    mock.consolidate.mockImplementation(async (scope: AgentScope) => {
      maxActive = Math.max(maxActive, ++active);
      await new Promise((r) => setTimeout(r, 60));
      active--;
      return done(scope);
    });
    const scheduler = new ConsolidationScheduler(useCase, { agents: async () => ['a'] }, async () => [P0], 20, logger, new ConsolidationMetrics(new Registry()));
    scheduler.onApplicationBootstrap();
    await new Promise((r) => setTimeout(r, 250));
    await scheduler.beforeApplicationShutdown();
    const calls = mock.consolidate.mock.calls.length;
    expect(calls).toBeGreaterThanOrEqual(2);
    expect(maxActive).toBe(1);
    await new Promise((r) => setTimeout(r, 100));
    expect(mock.consolidate.mock.calls.length).toBe(calls);
  });
});
