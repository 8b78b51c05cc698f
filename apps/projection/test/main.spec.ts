import { ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import Redis from 'ioredis';
import { isDrained, PartitionRef, PROJECTION_STAGE } from '@cg/domain';
import { runMain, takenPort, waitFor } from '@cg/platform';
import { deleteKeysWithPrefix, KeySpace, PartitionRegistry, readStageStatus, RedisEventLedger, testRedisUrl, uniqueTestPrefix } from '@cg/redis';

const APP_DIR = join(__dirname, '..');
const SCOPE: PartitionRef = { tenant: 'default', partition: 0 };

let redis: Redis;
let prefix: string;
let child: ChildProcessWithoutNullStreams | undefined;

beforeAll(() => {
  redis = new Redis(testRedisUrl());
});
beforeEach(() => {
  prefix = uniqueTestPrefix();
});
afterEach(async () => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  child = undefined;
  await deleteKeysWithPrefix(redis, prefix);
});
afterAll(() => redis.quit());

function run(env: Record<string, string>) {
  const main = runMain(APP_DIR, { REDIS_URL: testRedisUrl(), KEY_PREFIX: prefix, PROJECTION_PORT: '0', ...env });
  child = main.proc;
  return main;
}

describe('projection main (child process)', () => {
  it('exits 1 naming the bad variable when configuration is invalid', async () => {
    const { err, exit } = run({ PROJECTION_PORT: 'eighty', PROJECTION_MAX_RETRIES: '0' });
    expect(await exit).toBe(1);
    expect(err.join('')).toMatch(/PROJECTION_PORT[\s\S]*PROJECTION_MAX_RETRIES/);
  });

  it('exits 1 with one line naming PROJECTION_PORT when its port is taken, before connecting to anything', async () => {
    const taken = await takenPort();
    try {
      const { err, out, exit } = run({ PROJECTION_PORT: String(taken.port), REDIS_URL: 'redis://127.0.0.1:1' });
      expect(await exit).toBe(1);
      expect(err.join('')).toBe(`projection: port ${taken.port} (PROJECTION_PORT) is in use on 127.0.0.1: set PROJECTION_PORT to a free port\n`);
      expect(out.join('')).toBe('');
    } finally {
      await taken.release();
    }
  });

  it('serves health and metrics on the logged port, projects, and exits 0 on SIGTERM', async () => {
    const { proc, logs, exit } = run({ PROJECTION_BLOCK_MS: '100', PROJECTION_PARTITION_POLL_MS: '100', CONSUMER_NAME: 'main-test' });
    const listening = await waitFor(() => logs().find((l) => l.msg === 'ops server listening'));
    await waitFor(() => logs().some((l) => l.msg === 'projection started'));
    const base = `http://127.0.0.1:${listening.port as number}`;

    expect((await fetch(`${base}/health/live`)).status).toBe(200);
    const ready = await fetch(`${base}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ok', checks: { redis: 'ok' } });

    const keys = new KeySpace(prefix);
    await new PartitionRegistry(redis, keys).register(SCOPE);
    await new RedisEventLedger(redis, keys, 1).append('default', [{
      event_id: '00000000-0000-4000-8000-000000000001', event_type: 'agent.step', occurred_at: new Date().toISOString(),
      session_id: 's', agent_id: 'agent-a', trace_id: 't', payload_ref: 'r',
    }], Date.now());
    await waitFor(async () => {
      const s = await readStageStatus(redis, keys, SCOPE, PROJECTION_STAGE);
      return isDrained([s]) && s.last_delivered_id !== '0-0';
    });
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toContain('cg_projection_events_total{outcome="created",app="projection"} 1');
    expect(metrics).toContain('cg_stage_batch_duration_seconds_bucket');

    proc.kill('SIGTERM');
    expect(await exit).toBe(0);
    expect(logs().some((l) => l.msg === 'shutting down' && l.signal === 'SIGTERM')).toBe(true);
  });
});
