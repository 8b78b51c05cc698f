import { AgentScope, PartitionRef } from '@cg/domain';
import { JsonLogger } from '@cg/platform';
import { PassOptions, PassResult, PassTrigger } from '../consolidate.use-case';
import { Reconsolidate } from './reconsolidate.server';

const logger = new JsonLogger('test', 'error');

/** A stand-in pass: records what it was asked, fails for agent "boom", reports the scope's sessions. */
function fakeUseCase() {
  const calls: [AgentScope, PassTrigger, PassOptions | undefined][] = [];
  return {
    calls,
    consolidate: async (scope: AgentScope, trigger: PassTrigger, options?: PassOptions): Promise<PassResult> => {
      calls.push([scope, trigger, options]);
      if (scope.agentId === 'boom') throw new Error('summarizer exploded');
      return { scope, outcome: scope.agentId === 'busy' ? 'locked' : 'done', sessions: 2, written: 1, unchanged: 3, extra: { pruned: 4 } } as PassResult;
    },
  };
}

const directory = (agents: Record<number, string[]>) => ({ agents: async (p: PartitionRef) => agents[p.partition] ?? [] });

it('consolidates the one agent scope asked for, every session re-planned, and passes the result through', async () => {
  const useCase = fakeUseCase();
  const reply = await new Reconsolidate(useCase, directory({ 2: ['a', 'b'] }), logger).execute({ tenant: 't', partitions: [2], agent_id: 'a' });
  expect(reply).toEqual({ scopes: [{ tenant: 't', partition: 2, agent_id: 'a', outcome: 'done', sessions: 2, written: 1, unchanged: 3, extra: { pruned: 4 } }] });
  expect(useCase.calls).toEqual([[{ tenant: 't', partition: 2, agentId: 'a' }, 'schedule', { everySession: true }]]);
});

it('without an agent, every known scope of every partition asked for, a failing or locked one reported beside the others', async () => {
  const useCase = fakeUseCase();
  const reply = await new Reconsolidate(useCase, directory({ 0: ['z', 'boom'], 1: ['busy'], 2: ['other-partition'] }), logger)
    .execute({ tenant: 't', partitions: [1, 0] });
  expect(reply.scopes.map((s) => [s.partition, s.agent_id, s.outcome, s.error])).toEqual([
    [0, 'boom', 'failed', 'summarizer exploded'], [0, 'z', 'done', undefined], [1, 'busy', 'locked', undefined],
  ]);
});

it('refuses a malformed request', async () => {
  const reconsolidate = new Reconsolidate(fakeUseCase(), directory({}), logger);
  await expect(reconsolidate.execute({ tenant: 't', partitions: 'all' } as never)).rejects.toThrow(/partitions/);
});
