// Retrieval-quality benchmark (issue 4): a private stack (api, projection, enrichment as child
// processes on a unique key prefix, port 0), the generator's HELD-OUT seed ingested through the API,
// then every question asked of POST /v1/query/subgraph and of a plain BM25 baseline over the same
// texts, computed in this run. Prints recall@5/10/20 and MRR per question type.
//   npm run bench:retrieval                    held-out seed (the reported numbers)
//   node test/bench/retrieval/run.mjs --dev    development seed (for building; never report it)
// Env: RETRIEVAL_AGENTS, RETRIEVAL_SESSIONS (generator defaults 4 × 10), RETRIEVAL_TIMEOUT_MS (900000, whole run).
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Redis from 'ioredis';
import { BenchApps } from '../bench-apps.mjs';
import { postJson } from '../http-client.mjs';
import adapters from '@cg/redis';
import domain from '@cg/domain';
import { DEVELOPMENT_SEED, generate, HELD_OUT_SEED, QUESTION_TYPES } from './generator.mjs';
import { Bm25 } from './bm25.mjs';
import { KS, summarize } from './metrics.mjs';

const { deleteKeysWithPrefix, testRedisUrl } = adapters;
const dev = process.argv.includes('--dev');
const SEED = dev ? DEVELOPMENT_SEED : HELD_OUT_SEED;
const AGENTS = Number(process.env.RETRIEVAL_AGENTS ?? 4);
const SESSIONS = Number(process.env.RETRIEVAL_SESSIONS ?? 10);
const DEADLINE = Date.now() + Number(process.env.RETRIEVAL_TIMEOUT_MS ?? 900_000);
const MAX_NODES = 20;
const redisUrl = testRedisUrl();
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const prefix = `cgb-retr-${randomUUID().slice(0, 8)}:`;
const benchApps = new BenchApps(redisUrl);

function remaining(what) {
  const left = DEADLINE - Date.now();
  if (left <= 0) throw new Error(`benchmark deadline passed while ${what}`);
  return left;
}

/** Starts `apps/<name>/dist/main.js` on the private prefix and resolves with its port once it listens. */
function startApp(name) {
  return benchApps.start(name, prefix);
}

const post = postJson;

async function ingest(api, events) {
  const ordered = [...events].sort((a, b) => a.occurred_at.localeCompare(b.occurred_at));
  for (let i = 0; i < ordered.length; i += 500) {
    const batch = ordered.slice(i, i + 500);
    const { status, body } = await post(`${api}/v1/events/batch`, { events: batch });
    if (status !== 200 || body.accepted + body.duplicates !== batch.length) throw new Error(`batch refused: ${status} ${JSON.stringify(body).slice(0, 500)}`);
  }
}

/** Drained through enrichment: the consolidation app is not part of this benchmark, so its stage is not waited for. */
function upToEnrichmentDrained(body) {
  return body.stages.filter((s) => s.stage !== 'consolidation').every((s) => s.lag === 0 && s.pending === 0);
}

async function waitForDrain(api) {
  let last;
  while (remaining(`waiting for the pipeline to drain (last: ${JSON.stringify(last)})`)) {
    const response = await fetch(`${api}/v1/admin/pipeline`);
    last = await response.json();
    if (response.status === 200 && upToEnrichmentDrained(last)) return;
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Event node ids of a subgraph answer by `rank`; `null` when the endpoint does not exist (404). */
async function subgraph(api, q) {
  const { status, body } = await post(`${api}/v1/query/subgraph`, { query: q.query, session_id: q.session_id, agent_id: q.agent_id, max_nodes: MAX_NODES });
  if (status === 404) return { missing: true, status, body };
  if (status !== 200) return { error: `${status} ${JSON.stringify(body).slice(0, 300)}` };
  const events = Object.entries(body.nodes ?? {}).filter(([, node]) => node.node_type === 'Event');
  return { ranked: events.sort(([, a], [, b]) => a.rank - b.rank).map(([id, node]) => node.provenance?.event_id ?? id) };
}

const fmt = (x) => (Number.isFinite(x) ? x.toFixed(3) : '  n/a');

function printTable(bm25, graph) {
  const cols = [...KS.map((k) => `recall@${k}`), 'mrr'];
  const head = (label) => cols.map((c) => `${label} ${c.replace('recall', 'R')}`.padStart(13)).join(' ');
  console.log(`${'type'.padEnd(8)} ${'n'.padStart(4)}  ${head('subgraph')}  |  ${head('bm25')}`);
  const row = (label, b, g) => console.log(`${label.padEnd(8)} ${String(b.n).padStart(4)}  ${cols.map((c) => fmt(g?.[c]).padStart(13)).join(' ')}  |  ${cols.map((c) => fmt(b[c]).padStart(13)).join(' ')}`);
  for (const type of QUESTION_TYPES) if (bm25.byType[type]) row(type, bm25.byType[type], graph?.byType[type]);
  row('overall', bm25.overall, graph?.overall);
}

async function main() {
  const { events, questions } = generate({ seed: SEED, agents: AGENTS, sessionsPerAgent: SESSIONS, now: Date.now() - 60_000 });
  console.log(`retrieval benchmark — ${dev ? 'DEVELOPMENT' : 'HELD-OUT'} seed ${SEED}: ${AGENTS} agents × ${SESSIONS} sessions, ${events.length} events, ${questions.length} questions`);

  // Baseline: BM25 over each agent scope's event texts, the text the service indexes (eventEmbeddingText).
  const byAgent = new Map();
  for (const e of events) byAgent.set(e.agent_id, [...(byAgent.get(e.agent_id) ?? []), { id: e.event_id, text: domain.eventEmbeddingText(e) }]);
  const indexes = new Map([...byAgent].map(([agent, docs]) => [agent, new Bm25(docs)]));
  const bm25 = summarize(questions.map((q) => ({ type: q.type, gold: q.gold, ranked: indexes.get(q.agent_id).search(q.query, MAX_NODES) })));

  const [apiPort] = await Promise.all(['api', 'projection', 'enrichment'].map(startApp));
  const api = `http://127.0.0.1:${apiPort}`;
  let started = Date.now();
  await ingest(api, events);
  console.log(`ingested in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  started = Date.now();
  await waitForDrain(api);
  console.log(`pipeline drained in ${((Date.now() - started) / 1000).toFixed(1)} s`);

  const results = [];
  const failures = [];
  let missing = null;
  started = Date.now();
  for (const q of questions) {
    remaining('querying');
    const answer = await subgraph(api, q);
    if (answer.missing) {
      missing = answer;
      break;
    }
    if (answer.error) failures.push(`${q.id}: ${answer.error}`);
    results.push({ type: q.type, gold: q.gold, ranked: answer.ranked ?? [], query: q.query });
  }
  const graph = missing ? null : summarize(results);
  if (!missing) console.log(`${questions.length} subgraph queries in ${((Date.now() - started) / 1000).toFixed(1)} s`);

  console.log(`\nrecall@k = fraction of gold events in the top k; MRR = 1 / rank of the first gold event (max_nodes ${MAX_NODES})\n`);
  printTable(bm25, graph);
  if (missing) {
    console.log(`\nsubgraph: NOT AVAILABLE — POST /v1/query/subgraph answered ${missing.status} (${JSON.stringify(missing.body).slice(0, 160)}); the endpoint is not built yet. BM25 column only.`);
  } else if (failures.length) {
    console.log(`\nsubgraph: ${failures.length} of ${questions.length} queries FAILED and count as empty answers (first: ${failures[0]})`);
  }
  const texts = new Map(events.map((e) => [e.event_id, domain.eventEmbeddingText(e)]));
  const out = path.join(root, '.bench', `retrieval-${SEED}.json`);
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify(results.map((r) => ({ ...r, gold: r.gold.map((id) => texts.get(id)), ranked: r.ranked.map((id) => (r.gold.includes(id) ? '* ' : '  ') + texts.get(id)) })), null, 1));
  console.log(`per-question rankings: ${path.relative(process.cwd(), out)}`);
  console.log(`\nseed: ${SEED} (${dev ? 'development — do not report' : 'held-out — measured only, never tuned on'})`);
}

async function cleanup() {
  await benchApps.stop();
  const redis = new Redis(redisUrl);
  await deleteKeysWithPrefix(redis, prefix);
  await redis.quit();
}

process.once('SIGINT', () => cleanup().finally(() => process.exit(130)));
main()
  .then(cleanup, async (error) => {
    console.error(error);
    await cleanup();
    process.exitCode = 1;
  });
