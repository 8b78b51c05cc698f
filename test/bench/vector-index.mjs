// Vector-index benchmark: query latency of the LSH index (RedisVectorIndex) as one agent scope grows,
// next to a brute-force scan measured in the same run on the same data, and the LSH's recall against
// that brute force for neighbours at cosine ≥ 0.85.
//   npm run build -w @cg/redis && node test/bench/vector-index.mjs
//   BENCH_VECTOR_SIZES=10000,100000 BENCH_QUERIES=200 BENCH_LSH='{"bands":16}' node test/bench/vector-index.mjs
// Data (384-d, seeded): background vectors around 200 topics (same-topic pairs at cosine ≈ 0.25, as
// unrelated sentences of one domain score with text embedders), and per query 1–3 planted neighbours
// at cosine uniform in [0.85, 0.98], plus one decoy at [0.75, 0.85).
// Brute force, two ways: "redis scan" reads every vector of the scope from Redis (what answering
// without an index costs); "in memory" has the vectors in the process already (compute alone).
import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import adapters from '@cg/redis';

const { KeySpace, RedisVectorIndex, DEFAULT_VECTOR_INDEX, deleteKeysWithPrefix, testRedisUrl } = adapters;

const DIM = 384;
const MODEL = 'bench-model';
const THRESHOLD = 0.85;
const SIZES = (process.env.BENCH_VECTOR_SIZES ?? '1000,10000,50000').split(',').map(Number);
const QUERIES = Number(process.env.BENCH_QUERIES ?? 200);
const BRUTE_QUERIES = Number(process.env.BENCH_BRUTE_QUERIES ?? 20);
const OPTIONS = { ...DEFAULT_VECTOR_INDEX, ...JSON.parse(process.env.BENCH_LSH ?? '{}') };
const TOPICS = 200;
const scope = { tenant: 'bench', partition: 0, agentId: 'bench-agent' };

let seed = 42;
function uniform() {
  seed = (seed + 0x6d2b79f5) >>> 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return (((t ^ (t >>> 14)) >>> 0) + 1) / 4294967297;
}
const normal = () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());

function unit(v) {
  let n = 0;
  for (const x of v) n += x * x;
  n = Math.sqrt(n);
  return v.map((x) => x / n);
}
const randomUnit = () => unit(Float32Array.from({ length: DIM }, normal));

function dot(a, b) {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/** A unit vector at exactly cosine `c` from unit vector `base`. */
function at(base, c) {
  const noise = randomUnit();
  const along = dot(noise, base);
  const orthogonal = unit(noise.map((x, i) => x - along * base[i]));
  const s = Math.sqrt(1 - c * c);
  return base.map((x, i) => c * x + s * orthogonal[i]);
}

const topics = Array.from({ length: TOPICS }, randomUnit);
const background = () => at(topics[Math.floor(uniform() * TOPICS)], 0.5);

function dataset(total) {
  const queries = [];
  const planted = [];
  for (let q = 0; q < QUERIES; q++) {
    const query = background();
    queries.push(query);
    const count = 1 + Math.floor(uniform() * 3);
    for (let i = 0; i < count; i++) planted.push({ id: `q${q}-n${i}`, vector: at(query, 0.85 + uniform() * 0.13) });
    planted.push({ id: `q${q}-decoy`, vector: at(query, 0.75 + uniform() * 0.1) });
  }
  const rest = Array.from({ length: Math.max(0, total - planted.length) }, (_, n) => ({ id: `bg-${n}`, vector: background() }));
  return { queries, items: [...planted, ...rest] };
}

async function addAll(index, items) {
  let next = 0;
  await Promise.all(Array.from({ length: 32 }, async () => {
    while (next < items.length) {
      const item = items[next++];
      await index.add(scope, MODEL, item.id, item.vector);
    }
  }));
}

function bruteForce(vectors, query) {
  const found = [];
  for (const [id, vector] of vectors) {
    const score = dot(vector, query) / Math.sqrt(dot(vector, vector) * dot(query, query));
    if (score >= THRESHOLD) found.push(id);
  }
  return found;
}

async function bruteForceFromRedis(redis, key, query) {
  const stored = await redis.hgetallBuffer(key);
  const vectors = Object.entries(stored).map(([id, bytes]) => {
    const v = new Float32Array(bytes.length / 4);
    new Uint8Array(v.buffer).set(bytes);
    return [id, v];
  });
  return bruteForce(vectors, query);
}

async function timed(fn) {
  const started = process.hrtime.bigint();
  const result = await fn();
  return { ms: Number(process.hrtime.bigint() - started) / 1e6, result };
}

const percentile = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))];
const fmt = (ms) => `${ms.toFixed(2).padStart(8)} ms`;

async function main() {
  const redis = new Redis(testRedisUrl());
  const prefix = `cgb-vec-${randomUUID().slice(0, 8)}:`;
  const keys = new KeySpace(prefix);
  const index = new RedisVectorIndex(redis, keys, OPTIONS);
  const vectorsKey = keys.of(scope).vectors(scope.agentId, MODEL);
  const { queries, items } = dataset(Math.max(...SIZES));
  const inMemory = new Map();
  console.log(`vector index, ${DIM}-d, one agent scope; LSH ${JSON.stringify(OPTIONS)}; ${QUERIES} queries (brute force: ${BRUTE_QUERIES}), threshold ${THRESHOLD}`);
  console.log('  vectors | LSH p50     | LSH p95     | candidates | brute redis p50 | brute redis p95 | brute memory p50 | brute memory p95 | recall');
  try {
    let loaded = 0;
    for (const size of SIZES) {
      const batch = items.slice(loaded, size);
      const { ms: loadMs } = await timed(() => addAll(index, batch));
      for (const item of batch) inMemory.set(item.id, item.vector);
      loaded = size;

      const lsh = [];
      const candidates = [];
      const brute = [];
      const memory = [];
      let expected = 0;
      let hit = 0;
      for (let q = 0; q < queries.length; q++) {
        const query = queries[q];
        const found = await timed(() => index.nearest(scope, MODEL, query, 10, THRESHOLD));
        lsh.push(found.ms);
        candidates.push((await index.candidateIds(scope, MODEL, query)).length);
        const exact = await timed(async () => bruteForce(inMemory, query));
        memory.push(exact.ms);
        if (q < BRUTE_QUERIES) brute.push((await timed(() => bruteForceFromRedis(redis, vectorsKey, query))).ms);
        const got = new Set(found.result.map((f) => f.id));
        expected += exact.result.length;
        hit += exact.result.filter((id) => got.has(id)).length;
      }
      const avg = candidates.reduce((a, b) => a + b, 0) / candidates.length;
      console.log(`  ${String(size).padStart(7)} | ${fmt(percentile(lsh, 0.5))} | ${fmt(percentile(lsh, 0.95))} | ${avg.toFixed(0).padStart(10)} | ${fmt(percentile(brute, 0.5)).padStart(15)} | ${fmt(percentile(brute, 0.95)).padStart(15)} | ${fmt(percentile(memory, 0.5)).padStart(16)} | ${fmt(percentile(memory, 0.95)).padStart(16)} | ${(hit / expected).toFixed(3)} (${hit}/${expected}); loaded ${batch.length} in ${(loadMs / 1000).toFixed(1)} s`);
    }
    const info = await redis.memory('USAGE', vectorsKey);
    console.log(`  vectors hash: ${(Number(info) / 2 ** 20).toFixed(1)} MiB for ${loaded} vectors`);
  } finally {
    await deleteKeysWithPrefix(redis, prefix);
    await redis.quit();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
