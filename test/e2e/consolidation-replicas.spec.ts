import { randomUUID } from 'node:crypto';
import { KeySpace, PartitionKeys } from '@cg/redis';
import { ChatCompletionsServer, chatAnswer } from '@cg/llm';
import { AppProcess } from '../support/app-process';
import { request, waitForDrain } from '../support/http';
import { TestStack } from '../support/stack';

// Issue 5: two consolidation replicas summarizing through an LLM (a local server speaking the
// chat-completions protocol, slow on purpose). One scope is never consolidated by both at once, and
// killing the replica in the middle of a pass loses nothing: the other finishes the work.
describe('consolidation replicas with an LLM', () => {
  const stack = new TestStack();
  const llm = new ChatCompletionsServer();
  const run = randomUUID().slice(0, 8);
  const agent = `agent-replicas-${run}`;
  const k: PartitionKeys = new KeySpace(stack.prefix).of({ tenant: 'default', partition: 0 });
  const start = Date.now() - 3_600_000;
  const events = Array.from({ length: 30 }, (_, n) => ({
    event_id: randomUUID(), event_type: 'user.message', occurred_at: new Date(start + n * 60_000).toISOString(),
    session_id: `s-${n % 3}-${run}`, agent_id: agent, trace_id: `t-${n % 3}-${run}`, payload_ref: 'inline', importance_hint: 6,
    payload: { text: `Note ${n}: the Lisbon office renewal for contract ${n} is pending.` },
  }));
  let inFlight = 0;
  let maxInFlight = 0;
  const holders: string[] = [];
  let api: AppProcess;

  beforeAll(async () => {
    await llm.start();
    llm.respond = (req) => {
      holders.push(String(req.headers.authorization));
      maxInFlight = Math.max(maxInFlight, ++inFlight);
      return { ...chatAnswer(`Summary of ${req.body.messages.at(-1).content.length} characters of notes.`, 50), delayMs: 300 };
    };
    const original = llm.respond;
    llm.respond = (req, n) => {
      const reply = original(req, n);
      setTimeout(() => inFlight--, reply.delayMs);
      return reply;
    };
  });
  afterAll(async () => {
    await stack.close();
    await llm.stop();
  });

  const replica = (name: string) => stack.start('consolidation', {
    CONSUMER_NAME: `replica-${name}`, LLM_BASE_URL: llm.baseUrl, LLM_MODEL: 'served-model', LLM_API_KEY: `key-${name}`,
    LLM_TIMEOUT_MS: '5000', CONSOLIDATION_LOCK_TTL_MS: '1500', CONSOLIDATION_INTERVAL_MS: '1000',
  });

  it('never runs two passes over one scope at once, and a replica killed mid-pass loses nothing', async () => {
    let replicas: AppProcess[];
    [api, , , ...replicas] = await Promise.all([stack.start('api'), stack.start('projection'), stack.start('enrichment'), replica('a'), replica('b')]);
    expect((await request('POST', `${api.url}/v1/events/batch`, { events })).body.accepted).toBe(30);

    // Some pass is talking to the LLM: kill the replica that holds the scope, mid-pass.
    const deadline = Date.now() + 30_000;
    while (inFlight === 0) {
      if (Date.now() > deadline) throw new Error('no LLM request within 30 s');
      await new Promise((r) => setTimeout(r, 20));
    }
    const holder = holders.at(-1) === 'Bearer key-a' ? 0 : 1;
    await replicas[holder].kill9();
    const survivor = replicas[1 - holder];

    // The survivor takes the scope once the dead holder's lock expires and covers every event.
    const until = Date.now() + 60_000;
    for (;;) {
      const derived = await stack.redis.hget(k.node(`summary:agent:${agent}`), 'derived_from');
      if (derived && JSON.parse(derived).length === 30) break;
      if (Date.now() > until) throw new Error(`not every event summarized in 60 s (agent summary covers ${derived ? JSON.parse(derived).length : 0})`);
      await new Promise((r) => setTimeout(r, 200));
    }
    await waitForDrain(api.url, 30_000);
    expect(maxInFlight).toBe(1);
    expect(holders).toContain(`Bearer key-${holder === 0 ? 'b' : 'a'}`);
    expect(survivor.lines.some((l) => l.msg === 'scheduled pass' || l.msg === 'reflection pass')).toBe(true);

    const ids = await stack.redis.zrange(k.summaryIndex(agent), 0, -1);
    const nodes = await Promise.all(ids.map((id) => stack.redis.hgetall(k.node(id))));
    expect(nodes.length).toBeGreaterThanOrEqual(5); // ≥ 3 episodes, 3 sessions, the agent
    for (const node of nodes) expect(node).toMatchObject({ method: 'llm', model: 'served-model' });
    expect(await stack.redis.xlen(k.deadLetters('stream:enriched'))).toBe(0);
  }, 120_000);
});
