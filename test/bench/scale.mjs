// Scale benchmark (issues 4 and 5): with N events in ONE agent scope, built once per size,
//   latency: p50/p95 of POST /v1/query/subgraph next to a brute-force scan of the same scope
//     measured in the same run (scale/latency.mjs);
//   memory: bytes per event in Redis (ledger, graph, vector and lexical indexes, stage streams,
//     consolidation state, other) after ingest, and again after a consolidation pass with the clock
//     moved 31 days, side by side with their ratio (scale/memory.mjs, scale/consolidation.mjs).
// Per size: a private stack (api, projection, enrichment × R as child processes on a unique key
// prefix, port 0), N seeded synthetic events (many sessions, short texts from a vocabulary, causal
// parent links in tool episodes) ingested through POST /v1/events/batch, the pipeline drained
// (GET /v1/admin/pipeline; scale/synthetic-scope.mjs), then Q subgraph queries of varied text, one
// at a time, timed by the client and by `meta.query_ms`, and the brute-force baselines; then every
// key of the prefix measured (MEMORY USAGE … SAMPLES 0); then the consolidation app started with
// CLOCK_OFFSET_MS = 31 d and a 2 s schedule until one full pass over the scope has completed,
// stopped, and the keys measured again. Forgetting and retention within that pass are whatever the
// consolidation app does at the time; summaries are extractive (no LLM_* reaches the apps).
//   npm run bench:scale
//   BENCH_SCALE_SIZES=10000 BENCH_SCALE_QUERIES=200 node test/bench/scale.mjs
// Env: BENCH_SCALE_SIZES (10000,100000), BENCH_SCALE_QUERIES (200), BENCH_SCALE_SCAN_QUERIES (20:
// redis-scan baseline queries, also stopped after 120 s), BENCH_SCALE_ENRICHMENT_REPLICAS (1 up to
// 20k events, else 2), BENCH_SCALE_PIPELINE_BUDGET_MS (2400000: a size whose ingest + drain is
// projected to take longer is skipped with a note), BENCH_SCALE_CLOCK_OFFSET_DAYS (31: consolidation's
// clock), BENCH_SCALE_CONSOLIDATION_TIMEOUT_MS (1800000: no full pass by then → the after-pass
// column is left empty with a note), BENCH_SCALE_TIMEOUT_MS (7200000, whole run).
import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import adapters from '@cg/redis';
import embedding from '@cg/embedding';
import { BenchApps } from './bench-apps.mjs';
import { Deadline, ms, quantile, SkipSize } from './scale/common.mjs';
import { ConsolidationIncomplete, runConsolidationPass } from './scale/consolidation.mjs';
import { measureLatency, MAX_NODES, reportLatency, summarizeLatency, WARMUP } from './scale/latency.mjs';
import { measureMemory, reportMemory, usedMemory } from './scale/memory.mjs';
import { AGENT, buildScope, EVENTS_PER_SESSION, makeEvents, makeQueries } from './scale/synthetic-scope.mjs';

const { KeySpace, deleteKeysWithPrefix, scanKeys, testRedisUrl } = adapters;

const SIZES = (process.env.BENCH_SCALE_SIZES ?? '10000,100000').split(',').map(Number).filter((n) => n > 0);
const QUERIES = Number(process.env.BENCH_SCALE_QUERIES ?? 200);
const SCAN_QUERIES = Number(process.env.BENCH_SCALE_SCAN_QUERIES ?? 20);
const PIPELINE_BUDGET_MS = Number(process.env.BENCH_SCALE_PIPELINE_BUDGET_MS ?? 2_400_000);
const CLOCK_OFFSET_DAYS = Number(process.env.BENCH_SCALE_CLOCK_OFFSET_DAYS ?? 31);
const CONSOLIDATION_TIMEOUT_MS = Number(process.env.BENCH_SCALE_CONSOLIDATION_TIMEOUT_MS ?? 1_800_000);
const CONSOLIDATION_INTERVAL_MS = 2000;
const deadline = new Deadline(Number(process.env.BENCH_SCALE_TIMEOUT_MS ?? 7_200_000));
const redisUrl = testRedisUrl();

const benchApps = new BenchApps(redisUrl);
let currentPrefix = null;

async function cleanup() {
  await benchApps.stop();
  if (!currentPrefix) return;
  const redis = new Redis(redisUrl);
  try {
    await deleteKeysWithPrefix(redis, currentPrefix);
    const left = (await scanKeys(redis, `${currentPrefix}*`)).length;
    console.log(`  cleanup: deleted the keys of prefix ${currentPrefix}${left ? ` — ${left} still there (written after the scan?)` : ' (none left)'}`);
  } finally {
    currentPrefix = null;
    await redis.quit();
  }
}

async function runSize(total, embedder) {
  const prefix = `cgb-scale-${randomUUID().slice(0, 8)}:`;
  currentPrefix = prefix;
  const replicas = Number(process.env.BENCH_SCALE_ENRICHMENT_REPLICAS ?? (total > 20_000 ? 2 : 1));
  const sessions = Math.ceil(total / EVENTS_PER_SESSION);
  console.log(`\n=== ${total} events, one agent scope (${AGENT}), ${sessions} sessions; enrichment replicas: ${replicas}; prefix ${prefix}`);
  const events = makeEvents(total);
  const queries = makeQueries(QUERIES + WARMUP, sessions);
  const redis = new Redis(redisUrl);
  try {
    const baseline = await usedMemory(redis);
    const [apiPort] = await Promise.all([
      benchApps.start('api', prefix), benchApps.start('projection', prefix),
      ...Array.from({ length: replicas }, (_, i) => benchApps.start('enrichment', prefix, `enrichment-${i + 1}`)),
    ]);
    const api = `http://127.0.0.1:${apiPort}`;
    const k = new KeySpace(prefix).of({ tenant: 'default', partition: 0 });
    const built = await buildScope({ api, redis, k, events, budgetMs: PIPELINE_BUDGET_MS, deadline });
    const [agentKey] = await scanKeys(redis, `${prefix}*:graph:agent:${AGENT}`);
    if (!agentKey?.startsWith(k.graphAgent(AGENT))) throw new Error(`unexpected key layout: ${agentKey ?? 'no agent index'}`);

    const latency = { total, replicas, ...built, ...(await measureLatency({ api, redis, k, embedder, queries, scanQueries: SCAN_QUERIES, deadline })) };
    reportLatency(latency);

    console.log('\n  memory: reading every key of the prefix after ingest…');
    const afterIngest = await measureMemory(redis, prefix, baseline);
    let afterPass;
    let pass;
    const notes = [];
    try {
      pass = await runConsolidationPass({
        benchApps, prefix, api, redis, k, deadline,
        offsetMs: CLOCK_OFFSET_DAYS * 86_400_000, intervalMs: CONSOLIDATION_INTERVAL_MS, timeoutMs: CONSOLIDATION_TIMEOUT_MS,
      });
      afterPass = await measureMemory(redis, prefix, baseline);
    } catch (error) {
      if (!(error instanceof ConsolidationIncomplete)) throw error;
      notes.push(`after pass: not measured — ${error.message}`);
    }
    notes.push(`after pass = the consolidation app's full scheduled pass with CLOCK_OFFSET_MS = +${CLOCK_OFFSET_DAYS} d${pass ? ` (${pass.seconds.toFixed(0)} s, ${pass.summaries} Summary nodes)` : ''}; `
      + 'forgetting and retention within it are whatever that app does at the time; summaries are extractive (no LLM).');
    reportMemory(total, afterIngest, afterPass, CLOCK_OFFSET_DAYS, notes);
    return { ...latency, afterIngest, afterPass };
  } finally {
    await redis.quit();
    await cleanup();
  }
}

async function main() {
  const embedder = await embedding.createEmbedder({ modelDir: process.env.EMBEDDING_MODEL_DIR, cacheDir: process.env.EMBEDDING_CACHE_DIR });
  console.log(`scale benchmark — sizes ${SIZES.join(', ')}; subgraph latency: ${QUERIES} queries each (+${WARMUP} warm-up), max_nodes ${MAX_NODES}; `
    + `embedder ${embedder.model}; then Redis bytes per event after ingest and after a consolidation pass at +${CLOCK_OFFSET_DAYS} d`);
  const reports = [];
  for (const size of SIZES) {
    try {
      reports.push(await runSize(size, embedder));
    } catch (error) {
      if (!(error instanceof SkipSize)) throw error;
      console.log(`  ${size}: ${error.message}`);
    }
  }
  if (reports.length > 1) {
    summarizeLatency(reports);
    console.log(`\nmemory summary (bytes per event, every key of the prefix: after ingest → after the pass at +${CLOCK_OFFSET_DAYS} d):`);
    for (const r of reports) {
      const after = r.afterPass ? `${(r.afterPass.bytes / r.total).toFixed(0)} B (${(r.afterPass.bytes / r.afterIngest.bytes).toFixed(2)}×)` : 'not measured';
      console.log(`  ${String(r.total).padStart(7)} events: ${(r.afterIngest.bytes / r.total).toFixed(0)} B → ${after}; subgraph p95 ${ms(quantile(r.client, 0.95))}`);
    }
  }
}

let interrupted = false;
process.once('SIGINT', () => {
  interrupted = true;
  console.log('\ninterrupted: stopping the stack and deleting the benchmark keys…');
  cleanup().finally(() => process.exit(130));
});
main().then(
  () => cleanup(),
  async (error) => {
    if (!interrupted) console.error(error);
    await cleanup();
    process.exitCode = 1;
  },
);
