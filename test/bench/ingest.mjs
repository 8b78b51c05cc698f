// Ingest benchmark: batch ingest through the API (a real child process, HTTP + validation + the
// ledger script) against the same ledger script driven from a bare ioredis pipeline, measured in
// the same run and alternated round by round, because this machine is shared and noisy.
// Target (issue 2): API ≥ 0.5 × raw.   BENCH_EVENTS=20000 BENCH_ROUNDS=3 npm run bench:ingest
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import Redis from 'ioredis';
import domain from '@cg/domain';
import adapters from '@cg/redis';

const { contentFingerprint, isoAt, occurredOrderPrefix, parseInstant, LEDGER_STREAM } = domain;
const { KeySpace, APPEND_EVENT_LUA, deleteKeysWithPrefix, testRedisUrl } = adapters;

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const EVENTS = Number(process.env.BENCH_EVENTS ?? 20000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const BATCH = 500;
const CONCURRENCY = 4;
const redisUrl = testRedisUrl();

function makeEvents() {
  const start = Date.now() - 3_600_000;
  return Array.from({ length: EVENTS }, (_, n) => ({
    event_id: randomUUID(),
    event_type: n % 3 ? 'tool.execute' : 'user.message',
    occurred_at: new Date(start + n).toISOString(),
    session_id: `bench-session-${n % 50}`,
    agent_id: 'bench-agent',
    trace_id: `trace-${n % 200}`,
    payload_ref: `blob://bench/${n}`,
    payload: { text: `benchmark event number ${n} with a short sentence of text` },
    tool_name: n % 3 ? 'search' : undefined,
  }));
}

async function inBatches(items, send) {
  const batches = [];
  for (let i = 0; i < items.length; i += BATCH) batches.push(items.slice(i, i + BATCH));
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next < batches.length) await send(batches[next++]);
  }));
  return Number(process.hrtime.bigint() - started) / 1e9;
}

/** The ledger script alone: arguments prepared up front, only the pipelined script calls timed. */
async function rawRound(redis, events) {
  const prefix = `cgb-raw-${randomUUID().slice(0, 8)}:`;
  const k = new KeySpace(prefix).of({ tenant: 'default', partition: 0 });
  const now = Date.now();
  const calls = events.map((e) => [
    k.event(e.event_id), k.stream(LEDGER_STREAM), k.sessionStream(e.session_id), k.sessionOrder(e.session_id), k.dedup, k.sessionAgents,
    e.event_id, e.session_id, e.agent_id, JSON.stringify(e), contentFingerprint(e), String(now), isoAt(now), occurredOrderPrefix(parseInstant(e.occurred_at)),
  ]);
  const seconds = await inBatches(calls, async (batch) => {
    const pipeline = redis.pipeline();
    for (const args of batch) pipeline.benchAppend(...args);
    await pipeline.exec();
  });
  await deleteKeysWithPrefix(redis, prefix);
  return EVENTS / seconds;
}

async function startApi(prefix) {
  const child = spawn(process.execPath, [path.join(root, 'apps/api/dist/main.js')], {
    env: { ...process.env, REDIS_URL: redisUrl, KEY_PREFIX: prefix, API_PORT: '0', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`api exited with ${code}`)));
    readline.createInterface({ input: child.stdout }).on('line', (line) => {
      try {
        const entry = JSON.parse(line);
        if (typeof entry.port === 'number') resolve(entry.port);
      } catch { /* not a log line */ }
    });
  });
  return { child, url: `http://127.0.0.1:${port}` };
}

async function apiRound(redis, events) {
  const prefix = `cgb-api-${randomUUID().slice(0, 8)}:`;
  const api = await startApi(prefix);
  const post = async (batch) => {
    const response = await fetch(`${api.url}/v1/events/batch`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ events: batch }),
    });
    const body = await response.json();
    if (response.status !== 200 || body.accepted !== batch.length) throw new Error(`batch refused: ${response.status} ${JSON.stringify(body).slice(0, 300)}`);
  };
  await post(makeEvents().slice(0, BATCH)); // warm-up: JIT, script cache, connections
  const seconds = await inBatches(events, post);
  api.child.kill('SIGTERM');
  await new Promise((r) => api.child.once('exit', r));
  await deleteKeysWithPrefix(redis, prefix);
  return EVENTS / seconds;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
  const redis = new Redis(redisUrl);
  redis.defineCommand('benchAppend', { numberOfKeys: 6, lua: APPEND_EVENT_LUA });
  const raw = [];
  const api = [];
  for (let round = 1; round <= ROUNDS; round++) {
    raw.push(await rawRound(redis, makeEvents()));
    api.push(await apiRound(redis, makeEvents()));
    console.log(`round ${round}: raw ${raw.at(-1).toFixed(0)} events/s, api ${api.at(-1).toFixed(0)} events/s`);
  }
  await redis.quit();
  const ratio = median(api) / median(raw);
  console.log(`\ningest, ${EVENTS} events per round, batches of ${BATCH}, ${CONCURRENCY} in flight, median of ${ROUNDS} rounds`);
  console.log(`  raw ledger script (bare ioredis pipeline): ${median(raw).toFixed(0)} events/s`);
  console.log(`  API POST /v1/events/batch:                 ${median(api).toFixed(0)} events/s`);
  console.log(`  ratio API / raw: ${ratio.toFixed(2)} (target ≥ 0.50) ${ratio >= 0.5 ? 'OK' : 'BELOW TARGET'}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
