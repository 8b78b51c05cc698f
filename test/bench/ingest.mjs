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
import adapters from '@cg/redis';
import { postJson, refusals } from './http-client.mjs';

const { KeySpace, APPEND_EVENT_LUA, appendEventArgs, deleteKeysWithPrefix, testRedisUrl } = adapters;

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

async function inBatches(items, send, size = BATCH) {
  const batches = [];
  for (let i = 0; i < items.length; i += size) batches.push(items.slice(i, i + size));
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next < batches.length) await send(batches[next++]);
  }));
  return Number(process.hrtime.bigint() - started) / 1e9;
}

/**
 * The baseline: a bare ioredis client calling the same ledger script for each event, pipelined in the
 * same batches — building each call's arguments (event JSON, content digest) as any caller must, but
 * with no HTTP, validation or framework. With `prebuilt`, the arguments are built before the clock
 * starts: Redis's own ceiling, printed for reference.
 */
async function rawRound(redis, events, { prebuilt = false } = {}) {
  const prefix = `cgb-raw-${randomUUID().slice(0, 8)}:`;
  const k = new KeySpace(prefix).of({ tenant: 'default', partition: 0 });
  const now = Date.now();
  const calls = prebuilt ? events.map((event) => appendEventArgs(k, event, now)) : events;
  const seconds = await inBatches(calls, async (batch) => {
    const pipeline = redis.pipeline();
    for (const call of batch) pipeline.benchAppend(...(prebuilt ? call : appendEventArgs(k, call, now)));
    await pipeline.exec();
  });
  await deleteKeysWithPrefix(redis, prefix);
  return EVENTS / seconds;
}

async function startApi(prefix) {
  const child = spawn(process.execPath, [path.join(root, 'apps/api/dist/main.js')], {
    // No stage runs here (this bench measures the ledger path), so backpressure is set past what it writes.
    env: { ...process.env, REDIS_URL: redisUrl, KEY_PREFIX: prefix, API_PORT: '0', LOG_LEVEL: 'warn', INGEST_BACKLOG_LIMIT: '10000000' },
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

/** The same events through HTTP; request bodies are serialized up front, as the raw arguments are. */
async function apiRound(api, events) {
  const bodies = [];
  for (let i = 0; i < events.length; i += BATCH) bodies.push(JSON.stringify({ events: events.slice(i, i + BATCH) }));
  const seconds = await inBatches(bodies, async ([body]) => {
    const { status, body: answer } = await postJson(`${api.url}/v1/events/batch`, body);
    if (status !== 200 || answer.accepted !== BATCH) throw new Error(`batch refused: ${status} ${JSON.stringify(answer).slice(0, 300)}`);
  }, 1);
  return EVENTS / seconds;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
  const redis = new Redis(redisUrl);
  redis.defineCommand('benchAppend', { numberOfKeys: 6, lua: APPEND_EVENT_LUA });
  const apiPrefix = `cgb-api-${randomUUID().slice(0, 8)}:`;
  const api = await startApi(apiPrefix);
  try {
    await apiRound(api, makeEvents()); // warm-up: JIT, script cache, connections
    await rawRound(redis, makeEvents());
    const raw = [];
    const ceiling = [];
    const viaApi = [];
    for (let round = 1; round <= ROUNDS; round++) {
      raw.push(await rawRound(redis, makeEvents()));
      ceiling.push(await rawRound(redis, makeEvents(), { prebuilt: true }));
      viaApi.push(await apiRound(api, makeEvents()));
      console.log(`round ${round}: raw ${raw.at(-1).toFixed(0)}, raw with prebuilt arguments ${ceiling.at(-1).toFixed(0)}, api ${viaApi.at(-1).toFixed(0)} events/s`);
    }
    const ratio = median(viaApi) / median(raw);
    console.log(`\ningest, ${EVENTS} events per round, batches of ${BATCH}, ${CONCURRENCY} in flight, median of ${ROUNDS} rounds (after a warm-up round each)`);
    console.log(`  raw: ledger script from a bare ioredis pipeline:      ${median(raw).toFixed(0)} events/s`);
    console.log(`  raw, arguments prebuilt (Redis ceiling, reference):    ${median(ceiling).toFixed(0)} events/s`);
    console.log(`  API POST /v1/events/batch:                             ${median(viaApi).toFixed(0)} events/s`);
    console.log(`  refused with 429/503 and retried after Retry-After: ${refusals.count}`);
    console.log(`  ratio API / raw: ${ratio.toFixed(2)} (target ≥ 0.50) ${ratio >= 0.5 ? 'OK' : 'BELOW TARGET'}; API / ceiling: ${(median(viaApi) / median(ceiling)).toFixed(2)}`);
  } finally {
    api.child.kill('SIGTERM');
    await new Promise((r) => api.child.once('exit', r));
    await deleteKeysWithPrefix(redis, apiPrefix);
    await redis.quit();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
