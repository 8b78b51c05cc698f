// Retrieval on real conversations (issue 10): every conversation of a LoCoMo-format file ingested
// through the API of a private stack (api, projection, enrichment, consolidation as child processes on
// a unique key prefix — what `npm start` runs), the pipeline left to drain, then every scored question
// asked of POST /v1/query/subgraph (max_nodes 20) and of the specified BM25 baseline over the same
// turns. Prints recall@5/10/20 and MRR per category and overall, query latency, and leaves a JSON file
// of per-question rankings (`.bench/conversations-<time>.json`) to study losses.
//   npm run bench:conversations
// Env: CONVERSATIONS_FILE (default ../shared/data/locomo-dev/locomo-dev.json), REDIS_URL (else one is
// started), CONVERSATIONS_TIMEOUT_MS (1800000, whole run).
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Redis from 'ioredis';
import adapters from '@cg/redis';
import { BenchApps, benchRedis } from '../bench-apps.mjs';
import { postJson } from '../http-client.mjs';
import { KS, summarize } from '../retrieval/metrics.mjs';
import { baselineIndex } from './baseline.mjs';
import { CATEGORIES, readSample } from './locomo.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const FILE = process.env.CONVERSATIONS_FILE ?? path.resolve(root, '../shared/data/locomo-dev/locomo-dev.json');
const DEADLINE = Date.now() + Number(process.env.CONVERSATIONS_TIMEOUT_MS ?? 1_800_000);
const MAX_NODES = 20;
const BATCH = 200;
const runTag = randomUUID().slice(0, 8);
const prefix = `cgb-conv-${runTag}:`;

function remaining(what) {
  if (Date.now() > DEADLINE) throw new Error(`benchmark deadline passed while ${what}`);
}

async function ingest(api, events) {
  for (let i = 0; i < events.length; i += BATCH) {
    const batch = events.slice(i, i + BATCH);
    const { status, body } = await postJson(`${api}/v1/events/batch`, { events: batch });
    if (status !== 200 || body.accepted + body.duplicates !== batch.length) throw new Error(`batch refused: ${status} ${JSON.stringify(body).slice(0, 500)}`);
  }
}

async function waitForDrain(api) {
  for (;;) {
    remaining('waiting for the pipeline to drain');
    const response = await fetch(`${api}/v1/admin/pipeline`);
    const body = await response.json();
    if (response.status === 200 && body.drained) return;
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** The Event nodes of one answer as turn ids, in rank order, with what else took the slots. */
async function ask(api, question, n, turnOf) {
  const started = performance.now();
  const { status, body } = await postJson(`${api}/v1/query/subgraph`, { query: question.query, session_id: `q-${runTag}-${n}`, agent_id: question.agent, max_nodes: MAX_NODES });
  const ms = performance.now() - started;
  if (status !== 200) return { error: `${status} ${JSON.stringify(body).slice(0, 300)}`, ranked: [], ms };
  const nodes = Object.entries(body.nodes ?? {}).sort(([, a], [, b]) => a.rank - b.rank);
  const ranked = nodes.filter(([, node]) => node.node_type === 'Event').map(([id, node]) => turnOf.get(node.provenance?.event_id ?? id) ?? id);
  const others = nodes.length - ranked.length;
  return { ranked, others, ms, serverMs: body.meta?.query_ms, intents: body.meta?.inferred_intents, channels: body.meta?.retrieval_channels };
}

const quantile = (xs, q) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))];
const fmt = (x) => (Number.isFinite(x) ? x.toFixed(3) : '  n/a');

function printTable(base, graph) {
  const cols = [...KS.map((k) => `recall@${k}`), 'mrr'];
  const head = (label) => cols.map((c) => `${label} ${c.replace('recall', 'R')}`.padStart(13)).join(' ');
  console.log(`${'category'.padEnd(12)} ${'n'.padStart(4)}  ${head('subgraph')}  |  ${head('bm25')}  | R@10 ratio`);
  const row = (label, b, g) => console.log(`${label.padEnd(12)} ${String(b.n).padStart(4)}  ${cols.map((c) => fmt(g[c]).padStart(13)).join(' ')}  |  ${cols.map((c) => fmt(b[c]).padStart(13)).join(' ')}  | ${(g['recall@10'] / b['recall@10']).toFixed(2)}×`);
  for (const category of Object.values(CATEGORIES)) if (base.byType[category]) row(category, base.byType[category], graph.byType[category]);
  row('overall', base.overall, graph.overall);
}

async function main() {
  const samples = JSON.parse(readFileSync(FILE, 'utf8')).map((sample) => readSample(sample, runTag));
  const questions = samples.flatMap((s) => s.questions);
  const turnOf = new Map(samples.flatMap((s) => [...s.turnOf]));
  console.log(`conversations benchmark — ${path.relative(process.cwd(), FILE)}: ${samples.length} conversations, `
    + `${samples.reduce((n, s) => n + s.events.length, 0)} turns, ${questions.length} scored questions`);

  const baselineRows = [];
  for (const sample of samples) {
    const index = baselineIndex(sample.events, sample.turnOf);
    for (const q of sample.questions) baselineRows.push({ id: q.id, type: q.category, gold: q.gold, ranked: index.search(q.query, MAX_NODES) });
  }

  const redis = await benchRedis();
  const apps = new BenchApps(redis.url);
  try {
    const [apiPort] = await Promise.all(['api', 'projection', 'enrichment', 'consolidation'].map((name) => apps.start(name, prefix)));
    const api = `http://127.0.0.1:${apiPort}`;
    let started = Date.now();
    for (const sample of samples) await ingest(api, sample.events);
    console.log(`ingested in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    started = Date.now();
    await waitForDrain(api);
    console.log(`pipeline drained in ${((Date.now() - started) / 1000).toFixed(1)} s`);

    const answers = [];
    for (const [n, q] of questions.entries()) {
      remaining('querying');
      answers.push({ question: q, ...(await ask(api, q, n, turnOf)) });
    }
    const graph = summarize(answers.map((a) => ({ type: a.question.category, gold: a.question.gold, ranked: a.ranked })));
    const base = summarize(baselineRows);
    const failed = answers.filter((a) => a.error);

    console.log(`\nrecall@k = share of a question's evidence turns among the first k Event nodes of the answer (max_nodes ${MAX_NODES}); MRR = 1 / rank of the first\n`);
    printTable(base, graph);
    const ms = answers.map((a) => a.ms);
    const serverMs = answers.map((a) => a.serverMs).filter(Number.isFinite);
    console.log(`\nlatency: client p50 ${quantile(ms, 0.5).toFixed(1)} ms, p95 ${quantile(ms, 0.95).toFixed(1)} ms; server meta.query_ms p50 ${quantile(serverMs, 0.5)} ms, p95 ${quantile(serverMs, 0.95)} ms`);
    console.log(`answers with fewer than 10 Event nodes: ${answers.filter((a) => a.ranked.length < 10).length} of ${answers.length}`);
    if (failed.length) console.log(`FAILED queries (count as empty answers): ${failed.length}, first: ${failed[0].error}`);

    const out = path.join(root, '.bench', `conversations-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
    mkdirSync(path.dirname(out), { recursive: true });
    const baselineById = new Map(baselineRows.map((r) => [r.id, r.ranked]));
    writeFileSync(out, JSON.stringify({
      file: FILE, max_nodes: MAX_NODES, summary: { subgraph: graph, bm25: base },
      questions: answers.map((a) => ({
        id: a.question.id, category: a.question.category, query: a.question.query, gold: a.question.gold,
        subgraph: a.ranked, bm25: baselineById.get(a.question.id), other_nodes: a.others, ms: a.ms, intents: a.intents, channels: a.channels, error: a.error,
      })),
    }, null, 1));
    console.log(`per-question rankings: ${path.relative(process.cwd(), out)}`);
  } finally {
    await apps.stop();
    const client = new Redis(redis.url);
    await adapters.deleteKeysWithPrefix(client, prefix);
    await client.quit();
    await redis.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
