import { ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { runMain, takenPort, waitFor } from '@cg/platform';
import { testRedisUrl, uniqueTestPrefix } from '@cg/redis';
import { cleanUp, testRedis } from './support/harness';

// src/main.ts as a real process (transpiled on the fly): start-up checks, the port log line, signals.
const APP_DIR = join(__dirname, '..');
const prefix = uniqueTestPrefix();
const children: ChildProcessWithoutNullStreams[] = [];

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  await cleanUp(await testRedis(), prefix);
});

function run(env: Record<string, string>) {
  const main = runMain(APP_DIR, { REDIS_URL: testRedisUrl(), KEY_PREFIX: prefix, API_PORT: '0', API_HOST: '127.0.0.1', ...env });
  children.push(main.proc);
  return main;
}

describe('api main (child process)', () => {
  it('exits 1 naming every bad variable', async () => {
    const { err, exit } = run({ API_PORT: 'eighty', MAX_BATCH_EVENTS: '5000' });
    expect(await exit).toBe(1);
    expect(err.join('')).toMatch(/API_PORT[\s\S]*MAX_BATCH_EVENTS/);
  });

  it('refuses to start open in production', async () => {
    const { err, exit } = run({ NODE_ENV: 'production' });
    expect(await exit).toBe(1);
    expect(err.join('')).toMatch(/API_KEYS must be set/);
  });

  it('exits 1 saying where Redis was expected when it cannot be reached', async () => {
    const { err, exit } = run({ REDIS_URL: 'redis://127.0.0.1:1' });
    expect(await exit).toBe(1);
    expect(err.join('')).toMatch(/Cannot reach Redis at redis:\/\/127\.0\.0\.1:1/);
  });

  it('exits 1 with one line naming API_PORT when its port is taken', async () => {
    const taken = await takenPort();
    try {
      const { err, exit } = run({ API_PORT: String(taken.port) });
      expect(await exit).toBe(1);
      expect(err.join('')).toContain(`api: port ${taken.port} (API_PORT) is in use on 127.0.0.1: set API_PORT to a free port\n`);
      expect(err.join('')).not.toMatch(/\n\s+at /);
    } finally {
      await taken.release();
    }
  });

  it('logs its port (even at LOG_LEVEL=warn), warns that it runs open, serves, and exits 0 on SIGTERM (sent twice, as a process group and npm start do)', async () => {
    const { proc, exit, logs } = run({ LOG_LEVEL: 'warn' });
    const listening = await waitFor(() => logs().find((l) => l.msg === 'api listening'));
    expect(typeof listening.port).toBe('number');
    expect(logs().some((l) => l.level === 'warn' && /RUNS OPEN/.test(String(l.msg)))).toBe(true);
    expect((await fetch(`http://127.0.0.1:${listening.port as number}/health/ready`)).status).toBe(200);

    proc.kill('SIGTERM');
    proc.kill('SIGTERM');
    expect(await exit).toBe(0);
  });

  it('logs each request as JSON with its request id, and never the API key', async () => {
    const { proc, exit, logs } = run({ API_KEYS: 'sekrit-key-123:tenant_1:admin', LOG_LEVEL: 'info' });
    const listening = await waitFor(() => logs().find((l) => l.msg === 'api listening'));
    const answer = await fetch(`http://127.0.0.1:${listening.port as number}/v1/admin/pipeline`, {
      headers: { authorization: 'Bearer sekrit-key-123', 'x-request-id': 'req-123' },
    });
    expect(answer.status).toBe(200);
    const line = await waitFor(() => logs().find((l) => l.msg === 'request' && l.request_id === 'req-123'));
    expect(line).toMatchObject({ method: 'GET', route: '/v1/admin/pipeline', status: 200, tenant: 'tenant_1' });
    expect(logs().some((l) => l.level === 'warn' && /RUNS OPEN/.test(String(l.msg)))).toBe(false);
    proc.kill('SIGINT');
    expect(await exit).toBe(0);
    expect(logs().some((l) => l.msg === 'shutting down' && l.signal === 'SIGINT')).toBe(true);
    expect(JSON.stringify(logs())).not.toContain('sekrit');
  });
});
