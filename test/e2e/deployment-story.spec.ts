import { randomUUID } from 'node:crypto';
import { AppProcess } from '../support/app-process';
import { request, UP_TO_ENRICHMENT, waitForDrain } from '../support/http';
import { TestStack } from '../support/stack';

/**
 * Issue 10's deployment story, as an agent would live it: a deploy fails twice, the agent reads the
 * logs, finds the root cause (a missing secret), says so, fixes it and deploys again — among other
 * sessions full of the same words ("deployment", "fail") that explain nothing. Asked "why did the
 * deployment fail?", the cause and the diagnosis must be at the top, not keyword matches.
 */
describe('the deployment story', () => {
  const stack = new TestStack();
  const run = randomUUID().slice(0, 8);
  const agent = `ops-agent-${run}`;
  const start = Date.now() - 6 * 3_600_000;
  let minute = 0;
  const event = (session: string, type: string, text: string, extra: Record<string, unknown> = {}) => ({
    event_id: randomUUID(), event_type: type, occurred_at: new Date(start + 60_000 * minute++).toISOString(), session_id: `${session}-${run}`,
    agent_id: agent, trace_id: `${session}-${run}`, payload_ref: 'inline', payload: { text }, ...extra,
  });

  // Noise first: other deployments and chatter that share the question's words.
  const noise = [
    event('standup', 'user.message', 'The deployment checklist for this quarter is in the wiki.'),
    event('standup', 'user.message', 'Reminder: the failover drill for the database is on Friday.'),
    event('standup', 'agent.message', 'Noted. I will not schedule any deployment during the failover drill.'),
    event('billing', 'user.message', 'Deploy the billing service to staging, please.'),
    event('billing', 'agent.invoke', 'Calling deploy_service for billing in staging.', { tool_name: 'deploy_service' }),
    event('billing', 'tool.execute', 'deploy_service completed: billing is running in staging.', { tool_name: 'deploy_service', status: 'completed' }),
    event('builds', 'user.message', 'Why do the Windows builds fail now and then?'),
    event('builds', 'agent.message', 'Flaky tests fail the Windows builds; a rerun usually passes.'),
    event('search', 'agent.message', 'The search deployment finished without a failure.'),
  ];
  const ask = event('checkout', 'user.message', 'Please deploy the checkout service to production.');
  const invoke = event('checkout', 'agent.invoke', 'Calling deploy_service for checkout in prod.', { tool_name: 'deploy_service', parent_event_id: ask.event_id });
  const failed = event('checkout', 'tool.execute', 'deploy_service failed: checkout-api is in CrashLoopBackOff in namespace prod.',
    { tool_name: 'deploy_service', status: 'failed', parent_event_id: invoke.event_id });
  const retry = event('checkout', 'agent.invoke', 'Retrying deploy_service for checkout.', { tool_name: 'deploy_service', parent_event_id: failed.event_id });
  const failedAgain = event('checkout', 'tool.execute', 'deploy_service failed again: CrashLoopBackOff.', { tool_name: 'deploy_service', status: 'failed', parent_event_id: retry.event_id });
  const readLogs = event('checkout', 'agent.invoke', 'Reading the pod logs: kubectl logs checkout-api -n prod.', { tool_name: 'kubectl', parent_event_id: failedAgain.event_id });
  const rootCause = event('checkout', 'tool.execute', 'Error: STRIPE_API_KEY is not set; secret checkout-secrets not found in namespace prod.',
    { tool_name: 'kubectl', status: 'completed', parent_event_id: readLogs.event_id });
  const diagnosis = event('checkout', 'agent.message', 'Root cause: the checkout-secrets secret is missing in prod, so the service cannot read STRIPE_API_KEY at start-up.',
    { parent_event_id: rootCause.event_id });
  const fix = [
    event('checkout', 'user.message', 'Thanks. Create the secret from the staging one.'),
    event('checkout', 'tool.execute', 'kubectl create secret checkout-secrets -n prod: created.', { tool_name: 'kubectl', status: 'completed' }),
    event('checkout', 'tool.execute', 'deploy_service completed: checkout-api is running, 3 of 3 pods ready.', { tool_name: 'deploy_service', status: 'completed' }),
    event('checkout', 'agent.message', 'Fixed: the checkout service is live in production.'),
  ];
  const all = [...noise, ask, invoke, failed, retry, failedAgain, readLogs, rootCause, diagnosis, ...fix];
  let api: AppProcess;

  beforeAll(async () => {
    [api] = await Promise.all([stack.start('api'), stack.start('projection'), stack.start('enrichment')]);
    expect((await request('POST', `${api.url}/v1/events/batch`, { events: all })).body.accepted).toBe(all.length);
    await waitForDrain(api.url, 60_000, UP_TO_ENRICHMENT);
  }, 90_000);
  afterAll(() => stack.close());

  const rankedEvents = async (query: string) => {
    const answer = await request('POST', `${api.url}/v1/query/subgraph`, { query, session_id: `ask-${run}`, agent_id: agent, max_nodes: 20 });
    expect(answer.status).toBe(200);
    return Object.entries(answer.body.nodes as Record<string, { node_type: string; rank: number }>)
      .filter(([, node]) => node.node_type === 'Event').sort(([, a], [, b]) => a.rank - b.rank).map(([id]) => id);
  };

  it('puts the root cause in the top 5 and the diagnosis in the top 10 for "why did the deployment fail?"', async () => {
    const texts = (await rankedEvents('why did the deployment fail?')).map((id) => all.find((e) => e.event_id === id)?.payload.text);
    expect(texts.slice(0, 5)).toContain(rootCause.payload.text);
    expect(texts.slice(0, 10)).toContain(diagnosis.payload.text);
  });

  it('still answers a plain question by its words: the fix for "is checkout live in production now?"', async () => {
    const ranked = await rankedEvents('is checkout live in production now?');
    expect(ranked.slice(0, 3)).toContain(fix[3].event_id);
  });
});
