import { ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import Redis from 'ioredis';
import { runMain, waitFor } from '@cg/platform';
import { deleteKeysWithPrefix, testRedisUrl, uniqueTestPrefix } from '@cg/redis';

const APP_DIR = join(__dirname, '..');

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
}, 60_000);
afterAll(() => redis.quit());

function run(env: Record<string, string>) {
  const main = runMain(APP_DIR, { REDIS_URL: testRedisUrl(), KEY_PREFIX: prefix, CONSOLIDATION_PORT: '0', ...env });
  child = main.proc;
  return main;
}

describe('consolidation main (child process)', () => {
  it('exits 1 naming the bad variables when configuration is invalid', async () => {
    const { err, exit } = run({ CONSOLIDATION_INTERVAL_MS: 'hourly', LLM_MODEL: 'gpt-4o-mini' });
    expect(await exit).toBe(1);
    expect(err.join('')).toContain('CONSOLIDATION_INTERVAL_MS');
    expect(err.join('')).toContain('LLM_BASE_URL');
  });

  it('serves health (naming the summarizer) and metrics, and exits 0 on SIGTERM; the LLM key is never logged', async () => {
    const { proc, out, logs, exit } = run({
      CONSUMER_NAME: 'main-test', LLM_BASE_URL: 'http://127.0.0.1:9/v1', LLM_MODEL: 'tiny-model', LLM_API_KEY: 'sk-secret-value',
    });
    const listening = await waitFor(() => logs().find((l) => l.msg === 'ops server listening'));
    await waitFor(() => logs().some((l) => l.msg === 'consolidation started'));
    const base = `http://127.0.0.1:${listening.port as number}`;
    expect((await fetch(`${base}/health/live`)).status).toBe(200);
    const ready = await fetch(`${base}/health/ready`);
    expect(await ready.json()).toMatchObject({ status: 'ok', checks: { redis: 'ok', summarizer: 'llm:tiny-model' } });
    expect(await (await fetch(`${base}/metrics`)).text()).toContain('cg_consolidation_events_counted_total');

    proc.kill('SIGTERM');
    expect(await exit).toBe(0);
    expect(out.join('')).not.toContain('sk-secret-value');
    expect(logs().some((l) => l.msg === 'summaries by LLM, extractive as fallback' && l.llm_model === 'tiny-model')).toBe(true);
  });
});
