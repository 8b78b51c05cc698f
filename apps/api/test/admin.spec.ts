import type Redis from 'ioredis';
import { INestMicroservice } from '@nestjs/common';
import { partitionOf } from '@cg/domain';
import {
  RECONSOLIDATE, RECONSOLIDATE_CHANNEL, ReconsolidateReply, ReconsolidateRequest, REPLAY, REPLAY_CHANNEL, ReplayReply, ReplayRequest, startRpcServer,
} from '@cg/platform';
import { KeySpace, uniqueTestPrefix } from '@cg/redis';
import { call, fieldsOf, post } from './support/http';
import { cleanUp, startApi, testRedis, TestApi } from './support/harness';

// POST /v1/admin/reconsolidate and /v1/admin/replay: validated here, then sent over the admin RPC
// streams; stand-in servers answer in this process (the real ones are tested end to end in test/e2e).
const prefix = uniqueTestPrefix();
const PARTITIONS = 3;
const A = { authorization: 'Bearer key-of-a' }; // tenant_a's admin key
const USER_OF_A = { authorization: 'Bearer user-key-of-a' };
let api: TestApi;
let redis: Redis;
const servers: INestMicroservice[] = [];

beforeAll(async () => {
  redis = await testRedis();
  api = await startApi(prefix, { API_KEYS: 'key-of-a:tenant_a:admin,user-key-of-a:tenant_a', PARTITIONS: String(PARTITIONS), ADMIN_RPC_TIMEOUT_MS: '300' });
});
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});
afterAll(async () => {
  await api.close();
  await cleanUp(redis, prefix);
});

async function serve<Req, Res>(channel: string, pattern: string, handle: (request: Req) => Promise<Res>): Promise<void> {
  servers.push(await startRpcServer({ redis, keys: new KeySpace(prefix), consumer: 'test', channel, pattern, handle, nestLogger: false, blockMs: 100 }));
}

const reconsolidate = (json?: unknown) => call('POST', `${api.url}/v1/admin/reconsolidate`, { json, headers: A });
const replay = () => call('POST', `${api.url}/v1/admin/replay`, { headers: A });

describe('admin keys', () => {
  it('refuses a tenant key on every admin route with a 403, before anything is asked of a stage', async () => {
    const answers = [
      await call('GET', `${api.url}/v1/admin/pipeline`, { headers: USER_OF_A }),
      await call('POST', `${api.url}/v1/admin/reconsolidate`, { json: { agent_id: 'agent-1' }, headers: USER_OF_A }),
      await call('POST', `${api.url}/v1/admin/replay`, { headers: USER_OF_A }),
    ];
    for (const answer of answers) {
      expect(answer.status).toBe(403);
      expect(answer.body).toEqual({ error: { code: 'forbidden', message: expect.stringMatching(/admin API key/), details: [] } });
    }
    expect(await redis.exists(new KeySpace(prefix).rpc(RECONSOLIDATE_CHANNEL), new KeySpace(prefix).rpc(REPLAY_CHANNEL))).toBe(0);
  });

  it('lets the admin key read the pipeline of its tenant, and the tenant key the rest of /v1', async () => {
    expect((await call('GET', `${api.url}/v1/admin/pipeline`, { headers: A })).status).toBe(200);
    expect((await call('GET', `${api.url}/v1/sessions/s-1/events`, { headers: USER_OF_A })).status).toBe(200);
  });
});

describe('POST /v1/admin/reconsolidate', () => {
  it.each([
    [{ agent_id: 7 }, ['agent_id']],
    [{ agent_id: '' }, ['agent_id']],
    [{ agent_id: 'has spaces' }, ['agent_id']],
    [{ agent_id: null }, ['agent_id']],
    [{ agent: 'a-1' }, ['agent']],
    [[], ['body']],
  ])('refuses %j with a 422 naming the field', async (body, fields) => {
    const answer = await reconsolidate(body);
    expect(answer.status).toBe(422);
    expect(answer.body.error.code).toBe('validation_failed');
    expect(fieldsOf(answer)).toEqual(fields);
  });

  it('needs an API key', async () => {
    expect((await post(`${api.url}/v1/admin/reconsolidate`, {})).status).toBe(401);
  });

  it('answers 503 in the one error shape when no consolidation replica answers in time', async () => {
    const started = Date.now();
    const answer = await reconsolidate({ agent_id: 'agent-1' });
    expect(answer.status).toBe(503);
    expect(answer.headers.get('retry-after')).toBe('1');
    expect(answer.body).toEqual({ error: { code: 'unavailable', message: expect.stringMatching(/no consolidation replica answered within 300 ms/), details: [] } });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('sends one agent scope in the partition its agent id maps to, or every partition of the tenant, and passes the answer through', async () => {
    const seen: ReconsolidateRequest[] = [];
    await serve<ReconsolidateRequest, ReconsolidateReply>(RECONSOLIDATE_CHANNEL, RECONSOLIDATE, async (request) => {
      seen.push(request);
      return { scopes: [{ tenant: request.tenant, partition: request.partitions[0], agent_id: request.agent_id ?? 'x', outcome: 'done', sessions: 2, written: 3, unchanged: 1, forgotten: { pruned: 0 } }] };
    });

    const one = await reconsolidate({ agent_id: 'agent-1' });
    expect(one.status).toBe(200);
    const partition = partitionOf('agent-1', PARTITIONS);
    expect(one.body).toEqual({ scopes: [{ tenant: 'tenant_a', partition, agent_id: 'agent-1', outcome: 'done', sessions: 2, written: 3, unchanged: 1, forgotten: { pruned: 0 } }] });
    const all = await call('POST', `${api.url}/v1/admin/reconsolidate`, { headers: A }); // no body at all: every scope
    expect(all.status).toBe(200);
    expect(seen).toEqual([{ tenant: 'tenant_a', partitions: [partition], agent_id: 'agent-1' }, { tenant: 'tenant_a', partitions: [0, 1, 2] }]);
  });
});

describe('POST /v1/admin/replay', () => {
  it('answers 503 when no projection replica answers in time', async () => {
    const answer = await replay();
    expect(answer.status).toBe(503);
    expect(answer.body.error).toMatchObject({ code: 'unavailable', message: expect.stringMatching(/no projection replica answered/) });
  });

  it('asks for every partition of the tenant and answers what the replay did; a replay already running is a 409', async () => {
    const seen: ReplayRequest[] = [];
    let busy = false;
    await serve<ReplayRequest, ReplayReply>(REPLAY_CHANNEL, REPLAY, async (request) => {
      seen.push(request);
      return busy ? { outcome: 'busy', partition: 1 } : { outcome: 'done', partitions: 3, events_replayed: 12, keys_deleted: 40, summaries_kept: 1 };
    });

    const done = await replay();
    expect(done).toMatchObject({ status: 200, body: { partitions: 3, events_replayed: 12, keys_deleted: 40, summaries_kept: 1 } });
    expect(seen).toEqual([{ tenant: 'tenant_a', partitions: [0, 1, 2] }]);
    busy = true;
    const conflict = await replay();
    expect(conflict.status).toBe(409);
    expect(conflict.body.error).toMatchObject({ code: 'conflict', message: expect.stringMatching(/already running/) });
  });
});
