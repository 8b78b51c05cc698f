/**
 * Random-hyperplane LSH for cosine similarity: each of `bands` bands hashes a vector to the signs of
 * its projections on `bits` hyperplanes. Two vectors at angle θ agree on a bit with probability
 * 1 − θ/π, so near neighbours share a band's bucket far more often than strangers do.
 */
export interface LshParams {
  bands: number;
  /** Hyperplanes per band (at most 30: a signature is one integer). */
  bits: number;
  /** Extra buckets probed per band on a query, each flipping one of the least certain bits. */
  probes: number;
}

/** Hyperplanes of one model and dimension, the same in every process (seeded by both). */
export class Hyperplanes {
  private readonly planes: Float32Array;

  constructor(readonly params: LshParams, readonly model: string, readonly dimension: number) {
    const random = gaussian(fnv1a(`${model}|${dimension}|${params.bands}x${params.bits}`));
    this.planes = Float32Array.from({ length: params.bands * params.bits * dimension }, random);
  }

  /** The bucket signature of each band. */
  signatures(vector: Float32Array): number[] {
    return this.bandBits(this.project(vector));
  }

  /**
   * The buckets a query reads in each band: its own, then the ones that differ in one of its
   * `probes` least certain bits (projections closest to 0, likeliest to flip for a near neighbour).
   */
  probeSignatures(vector: Float32Array): number[][] {
    const projections = this.project(vector);
    const { bits, probes } = this.params;
    return this.bandBits(projections).map((signature, band) => {
      const offset = band * bits;
      const uncertain = Array.from({ length: bits }, (_, i) => i)
        .sort((a, b) => Math.abs(projections[offset + a]) - Math.abs(projections[offset + b]))
        .slice(0, probes);
      return [signature, ...uncertain.map((bit) => signature ^ (1 << bit))];
    });
  }

  private project(vector: Float32Array): Float64Array {
    const { dimension, planes } = this;
    const count = this.params.bands * this.params.bits;
    const projections = new Float64Array(count);
    for (let p = 0; p < count; p++) {
      let dot = 0;
      const base = p * dimension;
      for (let d = 0; d < dimension; d++) dot += planes[base + d] * vector[d];
      projections[p] = dot;
    }
    return projections;
  }

  private bandBits(projections: Float64Array): number[] {
    const { bands, bits } = this.params;
    return Array.from({ length: bands }, (_, band) => {
      let signature = 0;
      for (let i = 0; i < bits; i++) if (projections[band * bits + i] >= 0) signature |= 1 << i;
      return signature;
    });
  }
}

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/** Standard normal draws (Box–Muller over mulberry32): deterministic for a seed, on every platform. */
function gaussian(seed: number): () => number {
  let state = seed >>> 0;
  const uniform = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) + 1) / 4294967297; // in (0, 1): log() below stays finite
  };
  return () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
}

/** Bits in which two sets of band signatures differ: an estimate of the angle, θ ≈ π · distance / all bits. */
export function hammingDistance(a: number[], b: number[]): number {
  let distance = 0;
  for (let i = 0; i < a.length; i++) {
    let x = (a[i] ^ b[i]) >>> 0;
    while (x) {
      x &= x - 1;
      distance++;
    }
  }
  return distance;
}

/** Cosine of two vectors of one dimension (not assumed normalized). */
export function cosine(a: Float32Array, b: Float32Array, normA = norm(a)): number {
  let dot = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    nb += b[i] * b[i];
  }
  const denominator = normA * Math.sqrt(nb);
  return denominator > 0 ? dot / denominator : 0;
}

export function norm(v: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < v.length; i++) sum += v[i] * v[i];
  return Math.sqrt(sum);
}
