import Redis from 'ioredis';
import { AgentScope, ScoredId, VectorIndex } from '@cg/domain';
import { KeySpace } from '../keys';
import { execOrThrow } from '../streams/transaction';
import { cosine, hammingDistance, Hyperplanes, LshParams, norm } from './lsh';

export interface VectorIndexOptions extends LshParams {
  /** Ids read from one bucket at most (the lexicographically first, so a read is deterministic). */
  bucketReadCap: number;
  /** Candidates whose vectors are read and scored exactly, at most: what bounds a query's cost. */
  candidateCap: number;
}

/**
 * Tuned with test/bench/vector-index.mjs (384-d): recall of neighbours at cosine ≥ 0.85 ≈ 1.0, and a
 * query reads at most 16 × 4 × 128 ids and their signatures, and 128 vectors, however large the scope.
 */
export const DEFAULT_VECTOR_INDEX: VectorIndexOptions = { bands: 16, bits: 13, probes: 3, bucketReadCap: 128, candidateCap: 128 };

/**
 * Nearest neighbours by cosine on plain Redis, per agent scope and model (keys `<base>:vec:<agent>:<model>:…`,
 * so vectors of different scopes or models never meet). Vectors are float32 bytes in one hash; LSH
 * buckets are sorted sets (compact listpacks up to 128 members, where Redis 7.0 sets of strings are
 * not), read with capped ranges. A query gathers the ids in its buckets, keeps the `candidateCap`
 * nearest by signature, scores those by exact cosine and keeps the ones at or above the threshold.
 */
export class RedisVectorIndex implements VectorIndex {
  private readonly hyperplanes = new Map<string, Hyperplanes>();

  constructor(private readonly redis: Redis, private readonly keys: KeySpace, private readonly options: VectorIndexOptions = DEFAULT_VECTOR_INDEX) {
    if (!Number.isInteger(options.bits) || options.bits < 1 || options.bits > 30) throw new Error('LSH bits must be an integer from 1 to 30');
    if (options.probes > options.bits) throw new Error('LSH probes must not exceed bits');
  }

  /** Files (or re-files) a vector; its old buckets are left when it changed, so a re-add never doubles it. */
  async add(scope: AgentScope, model: string, id: string, vector: Float32Array): Promise<void> {
    const k = this.keys.of(scope);
    const { agentId } = scope;
    const signatures = this.planes(model, vector.length).signatures(vector);
    const stored = await this.redis.hgetBuffer(k.vectorSignatures(agentId, model), id);
    const previous = stored ? decodeSignatures(stored) : [];
    const tx = this.redis.multi();
    signatures.forEach((signature, band) => {
      if (previous[band] === signature) return;
      if (previous[band] !== undefined) tx.zrem(k.vectorBucket(agentId, model, band, bucketName(previous[band])), id);
      tx.zadd(k.vectorBucket(agentId, model, band, bucketName(signature)), 0, id);
    });
    tx.hset(k.vectors(agentId, model), id, encodeVector(vector));
    tx.hset(k.vectorSignatures(agentId, model), id, encodeSignatures(signatures));
    await execOrThrow(tx);
  }

  async remove(scope: AgentScope, model: string, id: string): Promise<void> {
    const k = this.keys.of(scope);
    const stored = await this.redis.hgetBuffer(k.vectorSignatures(scope.agentId, model), id);
    const tx = this.redis.multi();
    (stored ? decodeSignatures(stored) : []).forEach((signature, band) => tx.zrem(k.vectorBucket(scope.agentId, model, band, bucketName(signature)), id));
    tx.hdel(k.vectors(scope.agentId, model), id).hdel(k.vectorSignatures(scope.agentId, model), id);
    await execOrThrow(tx);
  }

  async nearest(scope: AgentScope, model: string, vector: Float32Array, limit: number, minScore: number): Promise<ScoredId[]> {
    if (limit <= 0) return [];
    const ids = await this.candidateIds(scope, model, vector);
    if (!ids.length) return [];
    const stored = await this.redis.hmgetBuffer(this.keys.of(scope).vectors(scope.agentId, model), ...ids);
    const queryNorm = norm(vector);
    const scored: ScoredId[] = [];
    ids.forEach((id, i) => {
      const bytes = stored[i];
      if (!bytes || bytes.length !== vector.length * 4) return;
      const score = cosine(vector, decodeVector(bytes), queryNorm);
      if (score >= minScore) scored.push({ id, score });
    });
    scored.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return scored.slice(0, limit);
  }

  /**
   * The ids a query scores exactly, at most `candidateCap`. When its buckets hold more, the ones whose
   * full signatures (all bands) differ from the query's in the fewest bits go first: a far cheaper
   * read than their vectors, and a finer estimate of the angle than sharing one band.
   */
  /** The stored vectors of these ids under one model (ids without one are left out). */
  async vectorsOf(scope: AgentScope, model: string, ids: string[]): Promise<Map<string, Float32Array>> {
    const found = new Map<string, Float32Array>();
    if (!ids.length) return found;
    const stored = await this.redis.hmgetBuffer(this.keys.of(scope).vectors(scope.agentId, model), ...ids);
    ids.forEach((id, i) => {
      const bytes = stored[i];
      if (bytes) found.set(id, decodeVector(bytes));
    });
    return found;
  }

  async candidateIds(scope: AgentScope, model: string, vector: Float32Array): Promise<string[]> {
    const k = this.keys.of(scope);
    const probes = this.planes(model, vector.length).probeSignatures(vector);
    const pipeline = this.redis.pipeline();
    probes.forEach((signatures, band) => {
      for (const signature of signatures) {
        pipeline.zrange(k.vectorBucket(scope.agentId, model, band, bucketName(signature)), 0, this.options.bucketReadCap - 1);
      }
    });
    const ids = [...new Set(((await execOrThrow(pipeline)) as string[][]).flat())].sort();
    if (ids.length <= this.options.candidateCap) return ids;

    const query = probes.map(([own]) => own);
    const stored = await this.redis.hmgetBuffer(k.vectorSignatures(scope.agentId, model), ...ids);
    return ids
      .map((id, i) => ({ id, distance: stored[i] ? hammingDistance(query, decodeSignatures(stored[i] as Buffer)) : Infinity }))
      .sort((a, b) => a.distance - b.distance || (a.id < b.id ? -1 : 1))
      .slice(0, this.options.candidateCap)
      .map(({ id }) => id);
  }

  private planes(model: string, dimension: number): Hyperplanes {
    const key = `${model}|${dimension}`;
    let planes = this.hyperplanes.get(key);
    if (!planes) {
      planes = new Hyperplanes(this.options, model, dimension);
      this.hyperplanes.set(key, planes);
    }
    return planes;
  }
}

const bucketName = (signature: number): string => signature.toString(36);

/** A vector's band signatures as uint32 little-endian, compact and cheap to read back in bulk. */
function encodeSignatures(signatures: number[]): Buffer {
  const bytes = Buffer.alloc(signatures.length * 4);
  signatures.forEach((signature, band) => bytes.writeUInt32LE(signature, band * 4));
  return bytes;
}

function decodeSignatures(bytes: Buffer): number[] {
  return Array.from({ length: bytes.length / 4 }, (_, band) => bytes.readUInt32LE(band * 4));
}

/** Float32 little-endian, the layout of every platform Node runs this service on (copied: the caller keeps its array). */
function encodeVector(vector: Float32Array): Buffer {
  return Buffer.from(new Uint8Array(vector.buffer, vector.byteOffset, vector.byteLength));
}

/** Copies out of the reply buffer, which need not be 4-byte aligned. */
function decodeVector(bytes: Buffer): Float32Array {
  const vector = new Float32Array(bytes.length / 4);
  new Uint8Array(vector.buffer).set(bytes);
  return vector;
}
