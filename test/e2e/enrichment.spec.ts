import { randomUUID } from 'node:crypto';
import { buildTinyModel } from '@cg/embedding';
import { AppProcess } from '../support/app-process';
import { request, UP_TO_ENRICHMENT, waitForDrain } from '../support/http';
import { TestStack } from '../support/stack';

function said(text: string, session: string, agent: string, minutesAgo: number) {
  return {
    event_id: randomUUID(), event_type: 'user.message', occurred_at: new Date(Date.now() - minutesAgo * 60_000).toISOString(),
    session_id: session, agent_id: agent, trace_id: `t-${session}`, payload_ref: 'inline', payload: { text },
  };
}

async function contextNodes(api: AppProcess, session: string): Promise<Record<string, any>> {
  const { body } = await request('GET', `${api.url}/v1/context/${session}?max_nodes=500`);
  return body.nodes;
}

// Issue 3 acceptance, with every app a real process and no model directory (the local embedder).
describe('enrichment', () => {
  const stack = new TestStack();
  let api: AppProcess;
  let enrichment: AppProcess;
  const run = randomUUID().slice(0, 8);

  beforeAll(async () => {
    [api, , enrichment] = await Promise.all([stack.start('api'), stack.start('projection'), stack.start('enrichment')]);
  });
  afterAll(() => stack.close());

  it('resolves "Maria Lopez", "maria lopez" and "Maria Lopez\'s" to one entity that each event references', async () => {
    const agent = `agent-entities-${run}`;
    const events = [
      said('Maria Lopez approved the budget for Acme Corp.', `s-ent-${run}`, agent, 30),
      said('Please send the contract to maria lopez by Friday.', `s-ent-${run}`, agent, 20),
      said("Maria Lopez's team shipped the release in Berlin.", `s-ent-${run}`, agent, 10),
    ];
    expect((await request('POST', `${api.url}/v1/events/batch`, { events })).body.accepted).toBe(3);
    await waitForDrain(api.url, 60_000, UP_TO_ENRICHMENT);

    const { status, body } = await request('GET', `${api.url}/v1/entities/entity:person:maria-lopez?agent_id=${agent}`);
    expect(status).toBe(200);
    const entity = body.nodes['entity:person:maria-lopez'];
    expect(entity).toMatchObject({ node_type: 'Entity', attributes: { entity_type: 'person' } });
    const referencing = Object.keys(body.nodes).filter((id) => body.nodes[id].node_type === 'Event').sort();
    expect(referencing).toEqual(events.map((e) => e.event_id).sort());
    const references = body.edges.filter((e: any) => e.edge_type === 'REFERENCES' && e.target === 'entity:person:maria-lopez');
    expect(references.map((e: any) => e.source).sort()).toEqual(referencing);

    const org = await request('GET', `${api.url}/v1/entities/entity:organization:acme-corp?agent_id=${agent}`);
    expect(org.status).toBe(200);
    const nodes = await contextNodes(api, `s-ent-${run}`);
    expect(nodes[events[0].event_id].attributes.entities).toEqual(expect.arrayContaining(['entity:person:maria-lopez', 'entity:organization:acme-corp']));
    expect(nodes[events[0].event_id].attributes.keywords.length).toBeGreaterThan(0);
  });

  it('links near-paraphrases with SIMILAR_TO inside an agent scope, never across scopes', async () => {
    const first = 'The deployment to production failed because the database migration timed out.';
    const second = 'Deployment to production failed since the database migration timed out';
    const a = [said(first, `s-sim-a-${run}`, `agent-a-${run}`, 50), said(second, `s-sim-a-${run}`, `agent-a-${run}`, 40)];
    const b = [said(first, `s-sim-b-${run}`, `agent-b-${run}`, 45), said('Lunch order: two pizzas for the team.', `s-sim-b-${run}`, `agent-b-${run}`, 35)];
    await request('POST', `${api.url}/v1/events/batch`, { events: [...a, ...b] });
    await waitForDrain(api.url, 60_000, UP_TO_ENRICHMENT);

    const { body } = await request('GET', `${api.url}/v1/context/s-sim-a-${run}?max_nodes=500`);
    const similar = body.edges.filter((e: any) => e.edge_type === 'SIMILAR_TO');
    expect(similar).toEqual([{ source: a[1].event_id, target: a[0].event_id, edge_type: 'SIMILAR_TO', properties: { score: expect.any(Number) } }]);
    expect(similar[0].properties.score).toBeGreaterThanOrEqual(0.85);

    const crossScope = await stack.redis.hgetall(`${stack.prefix}{default:0}:graph:out:${b[0].event_id}`);
    expect(Object.keys(crossScope).filter((f) => f.startsWith('SIMILAR_TO'))).toEqual([]);
    const aOut = await stack.redis.hgetall(`${stack.prefix}{default:0}:graph:out:${a[1].event_id}`);
    expect(Object.keys(aOut).filter((f) => f.startsWith('SIMILAR_TO'))).toEqual([`SIMILAR_TO|${a[0].event_id}`]);
  });

  it('names the local fallback embedder in /health/ready and on every node', async () => {
    const ready = await request('GET', `${enrichment.url}/health/ready`);
    expect(ready.status).toBe(200);
    expect(ready.body.checks).toMatchObject({ embedding_model: 'local-hash-384-v1', embedding_dimension: 384 });
    const nodes = await contextNodes(api, `s-ent-${run}`);
    for (const node of Object.values(nodes)) expect(node.attributes.embedding_model).toBe('local-hash-384-v1');
  });
});

describe('enrichment with a model directory', () => {
  const stack = new TestStack();
  afterAll(() => stack.close());

  it('embeds through fastembed with the tiny test model, and every node says which model', async () => {
    const model = await buildTinyModel();
    const [api, , enrichment] = await Promise.all([
      stack.start('api'), stack.start('projection'), stack.start('enrichment', { EMBEDDING_MODEL_DIR: model.dir }),
    ]);
    const ready = await request('GET', `${enrichment.url}/health/ready`);
    expect(ready.body.checks).toMatchObject({ embedding_model: model.model, embedding_dimension: model.dimension });
    const event = said('the cat sat on the mat', `s-tiny-${randomUUID()}`, 'agent-tiny', 5);
    await request('POST', `${api.url}/v1/events`, event);
    await waitForDrain(api.url, 60_000, UP_TO_ENRICHMENT);
    const nodes = await contextNodes(api, event.session_id);
    expect(nodes[event.event_id].attributes.embedding_model).toBe(model.model);
    const vector = await stack.redis.hgetBuffer(`${stack.prefix}{default:0}:vec:agent-tiny:${model.model}:vectors`, event.event_id);
    expect(vector?.length).toBe(model.dimension * 4); // float32: vectors of the tiny model's dimension
    await model.remove();
  }, 60_000);
});

