// `npm start`: checks that every app's port is free, builds what changed, starts a local Redis unless
// REDIS_URL names one, then runs every app in the foreground with its logs prefixed. Every child stays in this process group (nothing is
// detached or daemonized), so Ctrl-C — or stopping this process — stops them all.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// The workers' health/metrics ports have no auth: loopback unless OPS_HOST says otherwise.
const OPS_HOST = process.env.OPS_HOST || '127.0.0.1';
const APPS = [
  { name: 'api', dir: 'apps/api', port: ['API_PORT', 8080], host: process.env.API_HOST || '0.0.0.0' },
  { name: 'projection', dir: 'apps/projection', port: ['PROJECTION_PORT', 8081], host: OPS_HOST },
  { name: 'enrichment', dir: 'apps/enrichment', port: ['ENRICHMENT_PORT', 8082], host: OPS_HOST },
  { name: 'consolidation', dir: 'apps/consolidation', port: ['CONSOLIDATION_PORT', 8083], host: OPS_HOST },
];
const children = [];
let stopping = false;

function log(msg) {
  console.log(`[start] ${msg}`);
}

function run(name, command, args, env) {
  const child = spawn(command, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  for (const stream of [child.stdout, child.stderr]) {
    readline.createInterface({ input: stream }).on('line', (line) => console.log(`[${name}] ${line}`));
  }
  child.on('exit', (code, signal) => {
    log(`${name} exited (${signal ?? code})`);
    if (!stopping) stop(1);
  });
  children.push(child);
  return child;
}

function stop(code) {
  if (stopping) return;
  stopping = true;
  // Apps first, so they finish their batch against a live Redis; Redis last.
  const apps = children.filter((c) => c.spawnargs[0] !== 'redis-server');
  const redis = children.find((c) => c.spawnargs[0] === 'redis-server');
  for (const child of apps) if (child.exitCode === null) child.kill('SIGTERM');
  const done = () => {
    if (redis && redis.exitCode === null) redis.kill('SIGTERM');
    setTimeout(() => process.exit(code), 200).unref();
  };
  Promise.all(apps.map((c) => (c.exitCode === null ? new Promise((r) => c.on('exit', r)) : null))).then(done);
  setTimeout(() => { for (const c of children) if (c.exitCode === null) c.kill('SIGKILL'); process.exit(code); }, 15000).unref();
}

function portFree(port, host = '127.0.0.1') {
  return new Promise((resolve) => {
    const server = net.createServer().once('error', () => resolve(false)).listen(port, host, () => server.close(() => resolve(true)));
  });
}

/**
 * Every app's port, on the host it binds, before anything is built or started: a taken port would
 * otherwise surface minutes later as one app's crash. Exits 1 with one line naming the variable.
 */
async function checkPorts() {
  const wanted = [];
  for (const { port: [variable, fallback], host } of APPS) {
    const raw = process.env[variable] || String(fallback);
    const port = Number(raw);
    if (!/^\d+$/.test(raw) || port > 65535) fail(`${variable}=${JSON.stringify(raw)} must be a port number (0 to 65535)`);
    if (port === 0) continue; // the app picks a free one
    const twin = wanted.find((w) => w.port === port);
    if (twin) fail(`port ${port} is set for both ${twin.variable} and ${variable}: set ${variable} to another port`);
    wanted.push({ variable, port, host });
  }
  for (const { variable, port, host } of wanted) {
    if (!(await portFree(port, host))) fail(`port ${port} (${variable}) is in use: set ${variable} to a free port`);
  }
}

function fail(message) {
  console.error(`[start] ${message}`);
  process.exit(1);
}

function freePort() {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function redisAnswers(port) {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port }, () => socket.write('PING\r\n'));
    socket.once('data', (data) => { socket.destroy(); resolve(data.toString().startsWith('+PONG')); });
    socket.once('error', () => resolve(false));
  });
}

async function startRedis() {
  const found = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
  if (found.error) {
    console.error([
      'npm start needs Redis ≥ 7 and found no `redis-server` on PATH. Either:',
      '  - install it: `sudo apt-get install redis-server` (Debian/Ubuntu) or `brew install redis` (macOS), then run `npm start` again;',
      '  - or point REDIS_URL at a running Redis: `REDIS_URL=redis://host:6379 npm start`.',
    ].join('\n'));
    process.exit(1);
  }
  const port = (await portFree(6379)) ? 6379 : await freePort();
  const dir = path.join(root, '.data', 'redis');
  mkdirSync(dir, { recursive: true });
  run('redis', 'redis-server', [
    '--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--daemonize', 'no',
    '--appendonly', 'yes', '--appendfsync', 'everysec', '--maxmemory-policy', 'noeviction', '--save', '',
  ]);
  for (let i = 0; i < 100 && !(await redisAnswers(port)); i++) await new Promise((r) => setTimeout(r, 100));
  log(`local Redis on 127.0.0.1:${port}, data in ${path.relative(root, dir)}`);
  return `redis://127.0.0.1:${port}`;
}

async function main() {
  process.on('SIGINT', () => stop(0));
  process.on('SIGTERM', () => stop(0));
  await checkPorts();
  log('building (cached when nothing changed)…');
  const build = spawnSync('npx', ['turbo', 'run', 'build', ...APPS.map((a) => `--filter=@cg/${a.name}`), '--output-logs=errors-only'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
  const redisUrl = process.env.REDIS_URL || (await startRedis());
  for (const app of APPS) {
    const [variable, fallback] = app.port;
    run(app.name, process.execPath, [path.join(app.dir, 'dist/main.js')], {
      REDIS_URL: redisUrl, OPS_HOST, [variable]: process.env[variable] || String(fallback),
    });
  }
  log(`API on http://localhost:${process.env.API_PORT ?? 8080} (docs at /docs). Ctrl-C stops everything.`);
}

main();
