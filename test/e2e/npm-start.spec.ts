import { spawn } from 'node:child_process';
import path from 'node:path';
import { takenPort } from '@cg/platform';
import { testRedisUrl, uniqueTestPrefix } from '@cg/redis';

const ROOT = path.resolve(__dirname, '../..');
const PORT_VARIABLES = ['API_PORT', 'PROJECTION_PORT', 'ENRICHMENT_PORT', 'CONSOLIDATION_PORT'];
const GIVE_UP_MS = 15_000;

/**
 * `node scripts/start.mjs` in its own process group, so that whatever it starts when the check it
 * should fail does not (the unmodified script) is stopped with it, on a key prefix of its own.
 */
async function npmStart(env: Record<string, string>): Promise<{ code: number | null; output: string[]; ms: number }> {
  const started = Date.now();
  const child = spawn(process.execPath, ['scripts/start.mjs'], {
    cwd: ROOT, env: { PATH: process.env.PATH, REDIS_URL: testRedisUrl(), KEY_PREFIX: uniqueTestPrefix(), ...env }, detached: true,
  });
  const output: string[] = [];
  for (const stream of [child.stdout, child.stderr]) stream.on('data', (chunk) => output.push(String(chunk)));
  const timer = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), GIVE_UP_MS);
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  clearTimeout(timer);
  return { code, output: output.join('').split('\n').filter(Boolean), ms: Date.now() - started };
}

// Issue 9, item 9: a taken port made `npm start` die with a raw EADDRINUSE stack trace, after
// building and starting everything else. It now checks every port first and names the variable.
describe('npm start with a port already taken', () => {
  it.each(PORT_VARIABLES)('exits 1 at once with one line naming %s, before building or starting anything', async (variable) => {
    const taken = await takenPort();
    try {
      const others = Object.fromEntries(PORT_VARIABLES.filter((v) => v !== variable).map((v) => [v, '0']));
      const { code, output, ms } = await npmStart({ ...others, [variable]: String(taken.port) });
      expect(code).toBe(1);
      expect(output).toEqual([`[start] port ${taken.port} (${variable}) is in use: set ${variable} to a free port`]);
      expect(ms).toBeLessThan(5_000);
    } finally {
      await taken.release();
    }
  });

  it('names the variable when two apps are given the same port', async () => {
    const { code, output } = await npmStart({ API_PORT: '0', PROJECTION_PORT: '0', ENRICHMENT_PORT: '18090', CONSOLIDATION_PORT: '18090' });
    expect(code).toBe(1);
    expect(output).toEqual(['[start] port 18090 is set for both ENRICHMENT_PORT and CONSOLIDATION_PORT: set CONSOLIDATION_PORT to another port']);
  });
});
