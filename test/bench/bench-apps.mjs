// The apps a benchmark runs, as real child processes on a private key prefix and port 0 — started,
// and stopped (SIGTERM, then SIGKILL after 10 s), the same way by every bench.
import { spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export class BenchApps {
  apps = [];

  constructor(redisUrl) {
    this.redisUrl = redisUrl;
  }

  /**
   * Starts `apps/<name>/dist/main.js` and resolves with its port once it listens and runs. `env` adds or
   * overrides variables (e.g. `CLOCK_OFFSET_MS`); `onLine` receives every JSON log line of its stdout.
   */
  start(name, prefix, label = name, { env = {}, onLine } = {}) {
    const child = spawn(process.execPath, [path.join(root, 'apps', name, 'dist/main.js')], {
      cwd: root,
      env: { // a clean environment like the e2e tests', keeping only an embedding model choice
        ...Object.fromEntries(Object.entries(process.env).filter(([k]) => k === 'PATH' || k.startsWith('EMBEDDING_'))),
        NODE_ENV: 'test', LOG_LEVEL: 'info', REDIS_URL: this.redisUrl, KEY_PREFIX: prefix,
        API_PORT: '0', PROJECTION_PORT: '0', ENRICHMENT_PORT: '0', CONSOLIDATION_PORT: '0',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const app = { name: label, child, stderr: [], exited: new Promise((r) => child.once('exit', r)) };
    this.apps.push(app);
    readline.createInterface({ input: child.stderr }).on('line', (line) => app.stderr.push(line) > 50 && app.stderr.shift());
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${label} did not start in 30 s:\n${app.stderr.join('\n')}`)), 30_000);
      child.once('exit', (code) => reject(new Error(`${label} exited with ${code}:\n${app.stderr.join('\n')}`)));
      readline.createInterface({ input: child.stdout }).on('line', (line) => {
        let entry;
        try {
          entry = JSON.parse(line);
        } catch {
          return; // not a JSON log line
        }
        if (!app.port && typeof entry.port === 'number' && /listening/.test(entry.msg)) app.port = entry.port;
        // A worker opens its ops port first and logs `<name> started` once its stage runs.
        if (app.port && (name === 'api' || entry.msg === `${name} started`)) {
          clearTimeout(timer);
          resolve(app.port);
        }
        onLine?.(entry);
      });
    });
  }

  /** Stops the apps started under `label`, or every app when no label is given. */
  async stop(label) {
    const running = (app) => app.child.exitCode === null && app.child.signalCode === null;
    const apps = this.apps.filter((app) => label === undefined || app.name === label);
    for (const app of apps) if (running(app)) app.child.kill('SIGTERM');
    await Promise.all(apps.map((app) => Promise.race([app.exited, new Promise((r) => setTimeout(r, 10_000))])));
    for (const app of apps) if (running(app)) app.child.kill('SIGKILL');
    this.apps = this.apps.filter((app) => !apps.includes(app));
  }
}

/**
 * The Redis a benchmark uses: `REDIS_URL` (or the default 127.0.0.1:6379) when it answers; otherwise a
 * private `redis-server` on a free port, stopped by `stop()` — so a bench is one command on a fresh clone.
 */
export async function benchRedis() {
  const url = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
  if (await answers(url)) return { url, stop: async () => {} };
  if (process.env.REDIS_URL) throw new Error(`REDIS_URL=${url} does not answer`);
  const port = await new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port: free } = server.address();
      server.close(() => resolve(free));
    });
  });
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  child.once('error', (error) => console.error(`cannot start redis-server (${error.message}); install it or set REDIS_URL`));
  const own = `redis://127.0.0.1:${port}`;
  for (let i = 0; i < 100 && !(await answers(own)); i++) await new Promise((r) => setTimeout(r, 100));
  console.log(`started a private redis-server on port ${port}`);
  return { url: own, stop: async () => { child.kill('SIGTERM'); await new Promise((r) => child.once('exit', r)); } };
}

function answers(url) {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(port || 6379) }, () => socket.write('PING\r\n'));
    socket.once('data', (data) => { socket.destroy(); resolve(/^\+PONG|^-NOAUTH/.test(data.toString())); });
    socket.once('error', () => resolve(false));
    socket.setTimeout(1000, () => { socket.destroy(); resolve(false); });
  });
}
