import { PartitionRef, STAGES, StageStatus } from '@cg/domain';
import { waitFor } from '@cg/platform';
import { KeySpace } from '@cg/redis';
import { conversation } from '../support/events';
import { request } from '../support/http';
import { PrivateRedis } from '../support/private-redis';
import { TestStack } from '../support/stack';

const SCOPE: PartitionRef = { tenant: 'default', partition: 0 };
const BATCH = 500;

// Issue 9, item 2: after Redis restarts from its append-only file, XINFO GROUPS reports a lag
// thousands too high (the AOF rewrite stored the groups' read counters, and the reads after it are
// replayed as XCLAIM … LASTID, which moves the position but not the counter). The pipeline status
// must count from stream positions instead: exact at every poll, and drained once the stages finish.
describe('pipeline status across a Redis kill -9 and restart from its append-only file', () => {
  let redis: PrivateRedis;
  let stack: TestStack;
  beforeAll(async () => {
    redis = await PrivateRedis.start();
    stack = new TestStack(redis.url);
  });
  afterAll(async () => {
    await stack.close();
    await redis.close();
  });

  const streamKey = (stage: { stream: string }) => new KeySpace(stack.prefix).of(SCOPE).stream(stage.stream);

  /** Entries after the group's last delivered id, counted by the test itself. */
  async function undelivered(stage: { stream: string }, lastDeliveredId: string): Promise<number> {
    return (await stack.redis.xrange(streamKey(stage), `(${lastDeliveredId}`, '+')).length;
  }

  async function lastDelivered(stage: { stream: string; group: string }): Promise<string> {
    const groups = (await stack.redis.xinfo('GROUPS', streamKey(stage))) as unknown[][];
    const group = groups.find((g) => g[g.indexOf('name') + 1] === stage.group) ?? [];
    return String(group[group.indexOf('last-delivered-id') + 1] ?? '0-0');
  }

  async function rewriteAppendOnlyFile(): Promise<void> {
    await stack.redis.bgrewriteaof();
    await waitFor(async () => /aof_rewrite_in_progress:0[\s\S]*aof_rewrite_scheduled:0/.test(await stack.redis.info('persistence')));
  }

  /**
   * One poll, checked against the streams: the lag of each row must be what the test counts after
   * the row's own last delivered id. Entries appended meanwhile (by the stage upstream) are the only
   * slack allowed, so a quiet stream must match exactly.
   */
  async function pollAndCheck(apiUrl: string): Promise<boolean> {
    const lengthsBefore = await Promise.all(STAGES.map((s) => stack.redis.xlen(streamKey(s))));
    const { status, body } = await request<{ drained: boolean; stages: StageStatus[] }>('GET', `${apiUrl}/v1/admin/pipeline`);
    if (status !== 200) return false; // the API is still reconnecting: 503, checked elsewhere
    for (const [i, stage] of STAGES.entries()) {
      const row = body.stages.find((r) => r.stage === stage.stage)!;
      const counted = await undelivered(stage, row.last_delivered_id);
      const appended = (await stack.redis.xlen(streamKey(stage))) - lengthsBefore[i];
      if (row.lag > counted || counted - row.lag > appended) {
        throw new Error(`${stage.stage}: lag ${row.lag} reported, ${counted} undelivered after ${row.last_delivered_id} (${appended} appended meanwhile)`);
      }
      if (row.lag === 0 && row.pending === 0) expect(row.seconds_behind).toBe(0);
    }
    return body.drained;
  }

  it('reports exactly what is undelivered at every poll and drains once the stages catch up', async () => {
    const events = conversation(10, 300); // 3,000 events
    const api = await stack.start('api');
    await Promise.all((['projection', 'enrichment', 'consolidation'] as const).map((name) => stack.start(name)));

    const post = async (from: number, to: number) => {
      for (let i = from; i < to; i += BATCH) {
        expect((await request('POST', `${api.url}/v1/events/batch`, { events: events.slice(i, i + BATCH) })).status).toBe(200);
      }
    };
    await post(0, 1_000);
    const [projection] = STAGES;
    await waitFor(async () => (await lastDelivered(projection)) !== '0-0');
    // Redis rewrites its append-only file by itself once it has doubled; here it happens on cue.
    await rewriteAppendOnlyFile();
    await post(1_000, events.length);
    const [[lastLedgerId]] = await stack.redis.xrevrange(streamKey(projection), '+', '-', 'COUNT', 1);
    await waitFor(async () => (await lastDelivered(projection)) === lastLedgerId);

    // Mid-pipeline: enrichment (the slow stage) still has work when Redis dies.
    const backlog = await Promise.all(STAGES.map(async (s) => undelivered(s, await lastDelivered(s))));
    await redis.kill9();
    expect(backlog.reduce((a, b) => a + b)).toBeGreaterThan(0);
    await redis.restart();

    let polls = 0;
    let drained = false;
    const deadline = Date.now() + 45_000;
    while (!drained && Date.now() < deadline) {
      drained = await pollAndCheck(api.url);
      polls++;
      if (!drained) await new Promise((r) => setTimeout(r, 200));
    }
    expect(drained).toBe(true);
    expect(polls).toBeGreaterThan(1);

    // At rest every figure is 0, stage by stage.
    const { body } = await request<{ stages: StageStatus[] }>('GET', `${api.url}/v1/admin/pipeline`);
    for (const row of body.stages) expect(row).toMatchObject({ lag: 0, pending: 0, seconds_behind: 0, dead_lettered: 0 });
  });
});
