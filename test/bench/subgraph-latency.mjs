// Subgraph latency benchmark (issue 4): p50/p95 of POST /v1/query/subgraph with N events in ONE agent
// scope, next to a brute-force scan of the same scope measured in the same run.
// Per size: a private stack (api, projection, enrichment × R as child processes on a unique key
// prefix, port 0), N seeded synthetic events (many sessions, short texts from a vocabulary, causal
// parent links in tool episodes) ingested through POST /v1/events/batch, the pipeline drained
// (GET /v1/admin/pipeline), then Q subgraph queries of varied text, one at a time, timed by the
// client and by `meta.query_ms`. Baselines on the same scope, same queries:
//   brute force, redis scan: per query read every Event node hash and every vector of the scope
//     from Redis, tokenize, score BM25 (service tokenizer) + cosine to the query vector, fuse (RRF),
//     top 20 — answering without any index;
//   brute force, in memory: the same scoring with texts tokenized and vectors loaded beforehand
//     (compute alone; a lower bound for any scan).
//   npm run bench:subgraph
//   BENCH_SUBGRAPH_SIZES=10000 BENCH_SUBGRAPH_QUERIES=200 node test/bench/subgraph-latency.mjs
// Env: BENCH_SUBGRAPH_SIZES (10000,100000), BENCH_SUBGRAPH_QUERIES (200), BENCH_SUBGRAPH_SCAN_QUERIES
// (20: redis-scan baseline queries, also stopped after 120 s), BENCH_SUBGRAPH_ENRICHMENT_REPLICAS
// (1 up to 20k events, else 2), BENCH_SUBGRAPH_PIPELINE_BUDGET_MS (900000: a size whose ingest +
// drain is projected to take longer is skipped with a note), BENCH_SUBGRAPH_TIMEOUT_MS (3600000, whole run).
import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { BenchApps } from './bench-apps.mjs';
import adapters from '@cg/redis';
import domain from '@cg/domain';
import embedding from '@cg/embedding';

const { KeySpace, deleteKeysWithPrefix, scanKeys, testRedisUrl } = adapters;
const { eventEmbeddingText, lexicalTerms } = domain;

const SIZES = (process.env.BENCH_SUBGRAPH_SIZES ?? '10000,100000').split(',').map(Number).filter((n) => n > 0);
const QUERIES = Number(process.env.BENCH_SUBGRAPH_QUERIES ?? 200);
const SCAN_QUERIES = Number(process.env.BENCH_SUBGRAPH_SCAN_QUERIES ?? 20);
const SCAN_BUDGET_MS = 120_000;
const PIPELINE_BUDGET_MS = Number(process.env.BENCH_SUBGRAPH_PIPELINE_BUDGET_MS ?? 900_000);
const DEADLINE = Date.now() + Number(process.env.BENCH_SUBGRAPH_TIMEOUT_MS ?? 3_600_000);
const TARGET_P95_MS = 50;
const TARGET_SIZE = 100_000;
const MAX_NODES = 20;
const WARMUP = 10;
const AGENT = 'bench-agent';
const EVENTS_PER_SESSION = 50;
const BATCH = 500;
const INGEST_CONCURRENCY = 2;
const redisUrl = testRedisUrl();

// ---------------------------------------------------------------- seeded data -------------------
let seed = 1234567;
function uniform() { // mulberry32
  seed = (seed + 0x6d2b79f5) >>> 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = (xs) => xs[Math.floor(uniform() * xs.length)];
/** Zipf-ish: low indexes far more often, so some terms have long postings and most are rare. */
const zipf = (xs) => xs[Math.min(xs.length - 1, Math.floor(xs.length * uniform() ** 2.2))];
const uuid = () => {
  const h = Array.from({ length: 32 }, () => Math.floor(uniform() * 16).toString(16)).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
};

const PEOPLE = ['Maria Lopez', 'John Smith', 'Aisha Khan', 'Kenji Tanaka', 'Sofia Rossi', 'Lukas Weber', 'Priya Patel', 'Omar Haddad',
  'Elena Novak', 'Tomas Berg', 'Hannah Costa', 'Diego Silva', 'Mei Chen', 'Noah Murphy', 'Fatima Okafor', 'Ivan Petrov'];
const ORGS = ['Acme Corp', 'Globex', 'Initech', 'Umbrella Logistics', 'Stark Industries', 'Hooli', 'Vandelay Imports', 'Cyberdyne Systems'];
const CITIES = ['Berlin', 'Lisbon', 'Madrid', 'Paris', 'Dublin', 'Warsaw', 'Prague', 'Vienna', 'Oslo', 'Toronto', 'Austin', 'Singapore'];
const SERVICES = ['checkout', 'billing', 'search', 'notifications', 'auth', 'reporting', 'inventory', 'payments', 'gateway', 'scheduler'];
const TOOLS = ['fetch_invoices', 'book_flight', 'query_crm', 'deploy_service', 'send_email', 'run_report', 'create_ticket', 'lookup_order'];
// Topic words, Zipf-picked: the lexical and vector channels see a realistic spread of term frequencies.
const WORDS = ('latency cache database migration schema index replica backup restore invoice payment refund contract renewal ' +
  'discount quota budget forecast revenue customer ticket outage incident alert dashboard metric threshold rollout rollback ' +
  'release version branch merge review approval deadline meeting agenda roadmap milestone sprint backlog estimate priority ' +
  'security audit compliance password token certificate firewall network bandwidth timeout retry queue worker cluster node ' +
  'container image registry pipeline build artifact coverage flaky test staging production region failover capacity storage ' +
  'bucket archive export import report spreadsheet chart summary analysis feedback survey onboarding training hiring interview ' +
  'vendor supplier shipment warehouse delivery order tracking address warranty support escalation priority severity runbook ' +
  'oncall pager handover postmortem root cause mitigation workaround patch upgrade deprecation license pricing tier seat plan ' +
  'trial churn upsell pipeline lead prospect demo proposal quote signature legal counsel policy privacy consent retention ' +
  'encryption key rotation secret vault scanner vulnerability dependency library framework compiler runtime memory leak cpu ' +
  'disk throughput benchmark profile trace span log sampling exporter collector gateway proxy balancer dns domain email ' +
  'newsletter campaign audience segment conversion funnel landing page banner translation locale currency tax invoice ledger')
  .split(' ');

const fill = (template) => template
  .replaceAll('{P}', pick(PEOPLE)).replaceAll('{O}', pick(ORGS)).replaceAll('{C}', pick(CITIES))
  .replaceAll('{S}', pick(SERVICES)).replaceAll('{W}', zipf(WORDS)).replaceAll('{X}', zipf(WORDS)).replaceAll('{N}', String(1 + Math.floor(uniform() * 99)));

const ASK = ['Can you check the {W} for {O}?', 'Please look into the {S} {W} issue.', 'What is the status of the {W} {X} for {P}?',
  'I need the {W} report from {O} before {C}.', 'Why is the {S} service slow on {W}?', 'Remind me what {P} said about the {W}.',
  'Set up a {W} review with {P} in {C}.', 'How does the {S} {W} work with the {X}?'];
const INVOKE = ['Calling {T} for {O} about {W}.', 'Running {T} on the {S} {W}.', 'Looking up the {W} {X} with {T}.'];
const OK = ['{T} returned {N} {W} records for {O}.', 'Found {N} {W} entries, {X} looks fine.', 'The {S} {W} is at {N} percent, no {X} problems.'];
const FAIL = ['{T} failed: {S} {W} timed out after {N} seconds.', 'Error from {S}: {W} {X} refused the connection.', '{T} failed with a {W} error on {S}.'];
const ANSWER = ['Done: {N} {W} items for {O}, the {X} is updated.', '{P} confirmed the {W} and the {X} in {C}.', 'The {S} {W} is fixed; {X} back to normal.',
  'Summary: {W} {X} for {O} is on track.', 'Noted the {W} for {P}; follow-up on the {X} next week.'];
const CHAT = ['Thanks, also note the {W} {X} for {P}.', 'Ok. The {W} in {C} moved to {N} {X}.', 'Let us talk about the {W} tomorrow.'];

/** N events of one agent scope in sessions of ~50: tool episodes with causal chains (failures, retries), chat in between. */
function makeEvents(total) {
  const start = Date.now() - total * 1000 - 600_000;
  const events = [];
  let clock = start;
  const sessions = Math.max(1, Math.ceil(total / EVENTS_PER_SESSION));
  for (let s = 0; events.length < total; s++) {
    const session = `bench-session-${s % sessions}`;
    const trace = `trace-${s}`;
    const emit = (eventType, text, extra = {}) => {
      clock += 1000;
      const event = { event_id: uuid(), event_type: eventType, occurred_at: new Date(clock).toISOString(), session_id: session,
        agent_id: AGENT, trace_id: trace, payload_ref: `bench://subgraph/${events.length}`, payload: { text }, ...extra };
      if (events.length < total) events.push(event);
      return event;
    };
    for (let n = 0; n < EVENTS_PER_SESSION && events.length < total;) {
      if (uniform() < 0.25) {
        emit(pick(['user.message', 'agent.message']), fill(pick(CHAT)));
        n++;
        continue;
      }
      const tool = pick(TOOLS);
      const withTool = (t) => fill(t.replaceAll('{T}', tool));
      const ask = emit('user.message', fill(pick(ASK)));
      let cause = emit('agent.invoke', withTool(pick(INVOKE)), { parent_event_id: ask.event_id, tool_name: tool });
      n += 2;
      while (uniform() < 0.3 && n < EVENTS_PER_SESSION) { // a failure, then a retry caused by it
        const failed = emit('tool.execute', withTool(pick(FAIL)), { parent_event_id: cause.event_id, tool_name: tool, status: 'failed' });
        cause = emit('agent.invoke', withTool(`Retrying {T} after the ${pick(['timeout', 'error', 'refusal'])}.`), { parent_event_id: failed.event_id, tool_name: tool });
        n += 2;
      }
      const ok = emit('tool.execute', withTool(pick(OK)), { parent_event_id: cause.event_id, tool_name: tool, status: 'completed' });
      emit('agent.message', fill(pick(ANSWER)), { parent_event_id: ok.event_id });
      n += 2;
    }
  }
  return events;
}

const QUERY_TEMPLATES = ['why did {T} fail for {O}?', 'when was the {S} {W} fixed?', 'what did {P} say about the {W}?', 'related to {W} {X}',
  '{W} {X} in {C}', 'who handles the {W} for {O}?', 'how does the {S} {W} work?', 'what happened with the {W} {X} report?',
  'why is the {S} service slow?', 'show me the {W} issues with {S}'];
function makeQueries(count, sessions) {
  return Array.from({ length: count }, () => ({
    query: fill(pick(QUERY_TEMPLATES).replaceAll('{T}', pick(TOOLS))),
    session_id: `bench-session-${Math.floor(uniform() * sessions)}`,
  }));
}

// ---------------------------------------------------------------- processes ---------------------
const benchApps = new BenchApps(redisUrl);
let currentPrefix = null;

function remaining(what) {
  const left = DEADLINE - Date.now();
  if (left <= 0) throw new Error(`benchmark deadline passed while ${what}`);
  return left;
}

const startApp = (name, prefix, label) => benchApps.start(name, prefix, label);
const stopApps = () => benchApps.stop();

async function cleanup() {
  await stopApps();
  if (!currentPrefix) return;
  const redis = new Redis(redisUrl);
  try {
    await deleteKeysWithPrefix(redis, currentPrefix);
  } finally {
    currentPrefix = null;
    await redis.quit();
  }
}

// ---------------------------------------------------------------- http --------------------------
async function post(url, body) {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

async function ingest(api, events) {
  const bodies = [];
  for (let i = 0; i < events.length; i += BATCH) bodies.push(events.slice(i, i + BATCH));
  let next = 0;
  let done = 0;
  let lastPrint = Date.now();
  await Promise.all(Array.from({ length: INGEST_CONCURRENCY }, async () => {
    while (next < bodies.length) {
      const batch = bodies[next++];
      remaining('ingesting');
      const { status, body } = await post(`${api}/v1/events/batch`, { events: batch });
      if (status !== 200 || body.accepted + body.duplicates !== batch.length) throw new Error(`batch refused: ${status} ${JSON.stringify(body).slice(0, 500)}`);
      done += batch.length;
      if (Date.now() - lastPrint > 5000) {
        lastPrint = Date.now();
        console.log(`  ingest: ${done}/${events.length}`);
      }
    }
  }));
}

class SkipSize extends Error {}

/** Polls the pipeline until drained; skips the size when ingest + drain is projected past the budget. */
async function waitForDrain(api, redis, k, total, ingestStarted) {
  const history = [];
  let lastPrint = 0;
  for (;;) {
    remaining('waiting for the pipeline to drain');
    const response = await fetch(`${api}/v1/admin/pipeline`);
    const status = await response.json();
    // The consolidation app is not part of this benchmark: its stage is not waited for.
    if (response.status === 200 && status.stages.filter((s) => s.stage !== 'consolidation').every((s) => s.lag === 0 && s.pending === 0)) return;
    const [enriched, projected] = await Promise.all([
      redis.hget(k.lexicalStats(AGENT), 'docs').then(Number), redis.zcard(k.graphAgent(AGENT)),
    ]);
    const now = Date.now();
    history.push({ now, enriched });
    while (history.length > 2 && now - history[0].now > 30_000) history.shift();
    const rate = history.length > 1 ? (enriched - history[0].enriched) / ((now - history[0].now) / 1000) : 0;
    const eta = rate > 0 ? (total - enriched) / rate : Infinity;
    if (now - lastPrint > 10_000) {
      lastPrint = now;
      const lags = (status.stages ?? []).map((s) => `${s.stage} lag ${s.lag} pending ${s.pending}${s.dead_lettered ? ` dlq ${s.dead_lettered}` : ''}`).join(', ');
      console.log(`  pipeline: projected ${projected}, enriched ${enriched}/${total} (${rate.toFixed(0)}/s, ~${Number.isFinite(eta) ? eta.toFixed(0) : '?'} s left) — ${lags}`);
    }
    const elapsed = now - ingestStarted;
    if (elapsed > 60_000 && history.length > 5 && elapsed + eta * 1000 > PIPELINE_BUDGET_MS) {
      throw new SkipSize(`ingest + enrichment of ${total} events would take ~${((elapsed + eta * 1000) / 60_000).toFixed(0)} min on this machine `
        + `(enriching ${rate.toFixed(0)} events/s), over the ${(PIPELINE_BUDGET_MS / 60_000).toFixed(0)} min budget (BENCH_SUBGRAPH_PIPELINE_BUDGET_MS); `
        + 'skipped — pick smaller sizes with BENCH_SUBGRAPH_SIZES');
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
}

// ---------------------------------------------------------------- brute force -------------------
function bm25Scores(query, docs, df, averageLength) {
  const n = docs.length;
  const k1 = 1.2;
  const b = 0.75;
  const terms = [...new Set(lexicalTerms(query))].map((t) => ({ t, idf: Math.log(1 + (n - (df.get(t) ?? 0) + 0.5) / ((df.get(t) ?? 0) + 0.5)) }));
  const scores = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const { tf, length } = docs[i];
    let s = 0;
    for (const { t, idf } of terms) {
      const f = tf.get(t);
      if (f) s += (idf * f * (k1 + 1)) / (f + k1 * (1 - b + (b * length) / averageLength));
    }
    scores[i] = s;
  }
  return scores;
}

function dot(a, b) {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

function topK(scores, k) {
  const order = Array.from(scores.keys()).filter((i) => scores[i] > 0);
  order.sort((x, y) => scores[y] - scores[x]);
  return order.slice(0, k);
}

/** Every document scored by both channels, fused by RRF (k = 60): the top `MAX_NODES` ids. */
function bruteForce(queryText, queryVector, docs, df, averageLength) {
  const lexical = topK(bm25Scores(queryText, docs, df, averageLength), 100);
  const cosines = new Float64Array(docs.length);
  for (let i = 0; i < docs.length; i++) cosines[i] = docs[i].vector ? dot(queryVector, docs[i].vector) : 0;
  const vector = topK(cosines, 100);
  const fused = new Map();
  lexical.forEach((i, r) => fused.set(i, (fused.get(i) ?? 0) + 1 / (60 + r + 1)));
  vector.forEach((i, r) => fused.set(i, (fused.get(i) ?? 0) + 1 / (60 + r + 1)));
  return [...fused].sort((x, y) => y[1] - x[1]).slice(0, MAX_NODES).map(([i]) => docs[i].id);
}

function tokenize(fields) {
  const terms = lexicalTerms(eventEmbeddingText(fields));
  const tf = new Map();
  for (const t of terms) tf.set(t, (tf.get(t) ?? 0) + 1);
  return { tf, length: terms.length };
}

/** The whole scope read from Redis: every Event node hash (its text) and every vector of the model. */
async function readScope(redis, k, model) {
  const ids = (await redis.zrange(k.graphAgent(AGENT), 0, -1)).filter((id) => !id.startsWith('entity:'));
  const [vectors] = await Promise.all([redis.hgetallBuffer(k.vectors(AGENT, model))]);
  const docs = [];
  for (let i = 0; i < ids.length; i += 2000) {
    const pipeline = redis.pipeline();
    for (const id of ids.slice(i, i + 2000)) pipeline.hmget(k.node(id), 'id', 'event_type', 'tool_name', 'text');
    for (const [error, [id, event_type, tool_name, text]] of await pipeline.exec()) {
      if (error || !id) continue;
      const buffer = vectors[id];
      const vector = buffer ? new Float32Array(buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength)) : undefined;
      docs.push({ id, ...tokenize({ event_type, tool_name: tool_name ?? undefined, text: text ?? '' }), vector });
    }
  }
  const df = new Map();
  let totalLength = 0;
  for (const d of docs) {
    totalLength += d.length;
    for (const t of d.tf.keys()) df.set(t, (df.get(t) ?? 0) + 1);
  }
  return { docs, df, averageLength: totalLength / (docs.length || 1) || 1, vectors: Object.keys(vectors).length };
}

// ---------------------------------------------------------------- stats -------------------------
const quantile = (xs, q) => {
  if (!xs.length) return NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
};
const ms = (x) => (Number.isFinite(x) ? `${x.toFixed(1)} ms` : 'n/a');
const since = (t) => Number(process.hrtime.bigint() - t) / 1e6;

// ---------------------------------------------------------------- one size ----------------------
async function runSize(total, embedder) {
  const prefix = `cgb-subg-${randomUUID().slice(0, 8)}:`;
  currentPrefix = prefix;
  const replicas = Number(process.env.BENCH_SUBGRAPH_ENRICHMENT_REPLICAS ?? (total > 20_000 ? 2 : 1));
  const sessions = Math.ceil(total / EVENTS_PER_SESSION);
  console.log(`\n=== ${total} events, one agent scope (${AGENT}), ${sessions} sessions; enrichment replicas: ${replicas}; prefix ${prefix}`);
  const events = makeEvents(total);
  const queries = makeQueries(QUERIES + WARMUP, sessions);
  const redis = new Redis(redisUrl);
  try {
    const [apiPort] = await Promise.all([
      startApp('api', prefix), startApp('projection', prefix),
      ...Array.from({ length: replicas }, (_, i) => startApp('enrichment', prefix, `enrichment-${i + 1}`)),
    ]);
    const api = `http://127.0.0.1:${apiPort}`;
    const ingestStarted = Date.now();
    await ingest(api, events);
    const ingestSeconds = (Date.now() - ingestStarted) / 1000;
    console.log(`  ingested ${total} events in ${ingestSeconds.toFixed(1)} s (${(total / ingestSeconds).toFixed(0)} events/s, pipeline running concurrently)`);
    const k = new KeySpace(prefix).of({ tenant: 'default', partition: 0 });
    const [agentKey] = await scanKeys(redis, `${prefix}*:graph:agent:${AGENT}`);
    if (agentKey && !agentKey.startsWith(k.graphAgent(AGENT))) throw new Error(`unexpected key layout: ${agentKey}`);
    await waitForDrain(api, redis, k, total, ingestStarted);
    const drainSeconds = (Date.now() - ingestStarted) / 1000 - ingestSeconds;
    console.log(`  pipeline drained ${drainSeconds.toFixed(1)} s after ingest finished (${((Date.now() - ingestStarted) / 1000).toFixed(1)} s from first batch to drained)`);

    // Subgraph queries, one at a time.
    const client = [];
    const server = [];
    const returned = [];
    const results = [];
    let truncated = 0;
    let vectorSkipped = 0;
    const phases = {};
    const channels = { entity: 0, vector: 0, lexical: 0 };
    for (const [i, q] of queries.entries()) {
      remaining('querying');
      const t = process.hrtime.bigint();
      const { status, body } = await post(`${api}/v1/query/subgraph`, { query: q.query, session_id: q.session_id, agent_id: AGENT, max_nodes: MAX_NODES });
      const elapsed = since(t);
      if (status !== 200) throw new Error(`subgraph query failed: ${status} ${JSON.stringify(body).slice(0, 400)}`);
      if (i < WARMUP) continue;
      client.push(elapsed);
      server.push(body.meta.query_ms);
      for (const [phase, took] of Object.entries(body.meta.timings_ms ?? {})) (phases[phase] ??= []).push(took);
      returned.push(body.meta.nodes_returned);
      if (body.meta.truncated) truncated++;
      if (body.meta.vector_channel === 'unavailable') vectorSkipped++;
      for (const c of Object.keys(channels)) channels[c] += body.meta.retrieval_channels?.[c] ?? 0;
      results.push(Object.entries(body.nodes).filter(([, n]) => n.node_type === 'Event').map(([id, n]) => n.provenance?.event_id ?? id));
      if ((i - WARMUP + 1) % 50 === 0) console.log(`  subgraph: ${i - WARMUP + 1}/${QUERIES} queries, p95 so far ${ms(quantile(client, 0.95))}`);
    }
    const measured = queries.slice(WARMUP);

    // Brute force over the same scope: which model did enrichment store?
    const model = embedder.model;
    if (!(await redis.hlen(k.vectors(AGENT, model)))) throw new Error(`no stored vectors of model ${model} (this process's embedder); run with the same EMBEDDING_* variables as the stack`);
    const queryVectors = await embedder.embed(measured.map((q) => q.query));

    console.log(`  brute force, redis scan: up to ${SCAN_QUERIES} queries (stops after ${SCAN_BUDGET_MS / 1000} s)…`);
    const scan = [];
    const scanStarted = Date.now();
    let scope;
    for (let i = 0; i < Math.min(SCAN_QUERIES, measured.length) && Date.now() - scanStarted < SCAN_BUDGET_MS; i++) {
      remaining('scanning');
      const t = process.hrtime.bigint();
      scope = await readScope(redis, k, model);
      bruteForce(measured[i].query, queryVectors[i], scope.docs, scope.df, scope.averageLength);
      scan.push(since(t));
    }
    console.log(`  scope holds ${scope.docs.length} Event nodes, ${scope.vectors} vectors (${model})`);

    const memory = [];
    let overlap = 0;
    for (const [i, q] of measured.entries()) {
      const t = process.hrtime.bigint();
      const top = bruteForce(q.query, queryVectors[i], scope.docs, scope.df, scope.averageLength);
      memory.push(since(t));
      const mine = new Set(results[i]);
      overlap += top.filter((id) => mine.has(id)).length / Math.max(1, Math.min(top.length, MAX_NODES));
    }

    return {
      total, replicas, ingestSeconds, drainSeconds, docs: scope.docs.length,
      client, server, scan, memory, truncated, vectorSkipped, channels, phases, overlap: overlap / measured.length,
      returned: returned.reduce((s, n) => s + n, 0) / returned.length,
    };
  } finally {
    await redis.quit();
    await cleanup();
  }
}

function report(r) {
  const p = (xs) => ({ p50: quantile(xs, 0.5), p95: quantile(xs, 0.95), max: Math.max(...xs) });
  const rows = [
    [`POST /v1/query/subgraph, client-measured (${r.client.length} q)`, p(r.client)],
    [`  meta.query_ms (server)`, p(r.server)],
    ...Object.entries(r.phases).map(([phase, took]) => [`    meta.timings_ms.${phase}`, p(took)]),
    [`brute force, redis scan + score (${r.scan.length} q)`, p(r.scan)],
    [`brute force, in memory, score only (${r.memory.length} q)`, p(r.memory)],
  ];
  console.log(`\n  ${r.total} events (${r.docs} Event nodes in the scope; ingest ${r.ingestSeconds.toFixed(0)} s, then drain ${r.drainSeconds.toFixed(0)} s, ${r.replicas} enrichment replica(s))`);
  console.log(`  ${''.padEnd(56)} ${'p50'.padStart(10)} ${'p95'.padStart(10)} ${'max'.padStart(10)}`);
  for (const [label, s] of rows) console.log(`  ${label.padEnd(56)} ${ms(s.p50).padStart(10)} ${ms(s.p95).padStart(10)} ${ms(s.max).padStart(10)}`);
  const sub = p(r.client);
  console.log(`  ratio p50/p95 subgraph ÷ redis scan: ${(sub.p50 / p(r.scan).p50).toFixed(3)} / ${(sub.p95 / p(r.scan).p95).toFixed(3)}; ÷ in-memory scan: ${(sub.p50 / p(r.memory).p50).toFixed(2)} / ${(sub.p95 / p(r.memory).p95).toFixed(2)}`);
  const n = r.client.length;
  console.log(`  subgraph: ${r.returned.toFixed(1)} nodes returned on average, truncated ${r.truncated}/${n}, vector channel unavailable ${r.vectorSkipped}/${n}, `
    + `seeds per query entity ${(r.channels.entity / n).toFixed(1)} / vector ${(r.channels.vector / n).toFixed(1)} / lexical ${(r.channels.lexical / n).toFixed(1)}; `
    + `overlap with the brute-force top ${MAX_NODES}: ${(100 * r.overlap).toFixed(0)}%`);
  if (r.total >= TARGET_SIZE) {
    console.log(`  target p95 < ${TARGET_P95_MS} ms at ${r.total}: ${sub.p95 < TARGET_P95_MS ? 'MET' : 'NOT MET'} (client p95 ${ms(sub.p95)}, server p95 ${ms(p(r.server).p95)})`);
  } else {
    console.log(`  (target p95 < ${TARGET_P95_MS} ms applies at ${TARGET_SIZE}; here p95 ${ms(sub.p95)})`);
  }
}

async function main() {
  const embedder = await embedding.createEmbedder({ modelDir: process.env.EMBEDDING_MODEL_DIR, cacheDir: process.env.EMBEDDING_CACHE_DIR });
  console.log(`subgraph latency benchmark — sizes ${SIZES.join(', ')}, ${QUERIES} queries each (+${WARMUP} warm-up), max_nodes ${MAX_NODES}; embedder ${embedder.model}`);
  const reports = [];
  for (const size of SIZES) {
    try {
      const r = await runSize(size, embedder);
      report(r);
      reports.push(r);
    } catch (error) {
      if (!(error instanceof SkipSize)) throw error;
      console.log(`  ${size}: ${error.message}`);
    }
  }
  if (reports.length > 1) {
    console.log('\nsummary (client-measured subgraph vs brute-force redis scan):');
    for (const r of reports) console.log(`  ${String(r.total).padStart(7)} events: subgraph p50 ${ms(quantile(r.client, 0.5))} p95 ${ms(quantile(r.client, 0.95))} | scan p50 ${ms(quantile(r.scan, 0.5))} p95 ${ms(quantile(r.scan, 0.95))} | in-memory p50 ${ms(quantile(r.memory, 0.5))} p95 ${ms(quantile(r.memory, 0.95))}`);
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
