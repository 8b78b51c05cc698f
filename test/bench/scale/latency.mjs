// Latency phase of the scale benchmark: Q subgraph queries of varied text, one at a time, timed by
// the client and by `meta.query_ms` (with `meta.timings_ms` phases), next to two brute-force
// baselines over the same scope and the same queries:
//   brute force, redis scan: per query read every Event node hash and every vector of the scope
//     from Redis, tokenize, score BM25 (service tokenizer) + cosine to the query vector, fuse (RRF),
//     top 20 — answering without any index;
//   brute force, in memory: the same scoring with texts tokenized and vectors loaded beforehand
//     (compute alone; a lower bound for any scan).
import domain from '@cg/domain';
import { ms, post, quantile, since } from './common.mjs';
import { AGENT } from './synthetic-scope.mjs';

const { eventEmbeddingText, lexicalTerms } = domain;

export const MAX_NODES = 20;
export const WARMUP = 10;
const SCAN_BUDGET_MS = 120_000;
const TARGET_P95_MS = 50;
const TARGET_SIZE = 100_000;

/**
 * Runs `queries` (the first WARMUP unmeasured) against the API, then the brute-force baselines on
 * the same scope: the redis scan for up to `scanQueries` queries (and at most 120 s), the in-memory
 * scan for every query.
 */
export async function measureLatency({ api, redis, k, embedder, queries, scanQueries, deadline }) {
  const client = [];
  const server = [];
  const returned = [];
  const results = [];
  let truncated = 0;
  let vectorSkipped = 0;
  const phases = {};
  const channels = { entity: 0, vector: 0, lexical: 0 };
  const measuredCount = queries.length - WARMUP;
  for (const [i, q] of queries.entries()) {
    deadline.remaining('querying');
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
    if ((i - WARMUP + 1) % 50 === 0) console.log(`  subgraph: ${i - WARMUP + 1}/${measuredCount} queries, p95 so far ${ms(quantile(client, 0.95))}`);
  }
  const measured = queries.slice(WARMUP);

  // Brute force over the same scope: which model did enrichment store?
  const model = embedder.model;
  if (!(await redis.hlen(k.vectors(AGENT, model)))) throw new Error(`no stored vectors of model ${model} (this process's embedder); run with the same EMBEDDING_* variables as the stack`);
  const queryVectors = await embedder.embed(measured.map((q) => q.query));

  console.log(`  brute force, redis scan: up to ${scanQueries} queries (stops after ${SCAN_BUDGET_MS / 1000} s)…`);
  const scan = [];
  const scanStarted = Date.now();
  let scope;
  for (let i = 0; i < Math.min(scanQueries, measured.length) && Date.now() - scanStarted < SCAN_BUDGET_MS; i++) {
    deadline.remaining('scanning');
    const t = process.hrtime.bigint();
    scope = await readScope(redis, k, model);
    bruteForce(measured[i].query, queryVectors[i], scope.docs, scope.df, scope.averageLength);
    scan.push(since(t));
  }
  scope ??= await readScope(redis, k, model); // BENCH_SCALE_SCAN_QUERIES=0: the in-memory scan still needs it
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
    docs: scope.docs.length, client, server, scan, memory, truncated, vectorSkipped, channels, phases, overlap: overlap / measured.length,
    returned: returned.reduce((s, n) => s + n, 0) / returned.length,
  };
}

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

export function reportLatency(r) {
  const p = (xs) => ({ p50: quantile(xs, 0.5), p95: quantile(xs, 0.95), max: Math.max(...xs) });
  const rows = [
    [`POST /v1/query/subgraph, client-measured (${r.client.length} q)`, p(r.client)],
    [`  meta.query_ms (server)`, p(r.server)],
    ...Object.entries(r.phases).map(([phase, took]) => [`    meta.timings_ms.${phase}`, p(took)]),
    [`brute force, redis scan + score (${r.scan.length} q)`, p(r.scan)],
    [`brute force, in memory, score only (${r.memory.length} q)`, p(r.memory)],
  ];
  console.log(`\n  latency — ${r.total} events (${r.docs} Event nodes in the scope; ingest ${r.ingestSeconds.toFixed(0)} s, then drain ${r.drainSeconds.toFixed(0)} s, ${r.replicas} enrichment replica(s))`);
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

/** One line per size, when more than one size ran. */
export function summarizeLatency(reports) {
  console.log('\nsubgraph latency summary (client-measured subgraph vs brute-force redis scan):');
  for (const r of reports) console.log(`  ${String(r.total).padStart(7)} events: subgraph p50 ${ms(quantile(r.client, 0.5))} p95 ${ms(quantile(r.client, 0.95))} | scan p50 ${ms(quantile(r.scan, 0.5))} p95 ${ms(quantile(r.scan, 0.95))} | in-memory p50 ${ms(quantile(r.memory, 0.5))} p95 ${ms(quantile(r.memory, 0.95))}`);
}
