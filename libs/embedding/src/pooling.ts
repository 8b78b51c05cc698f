/**
 * Sentence-transformers pooling for all-MiniLM-L6-v2: the attention-masked mean of the token
 * states, then L2 normalization. Padding positions (mask 0) never contribute, so the result does
 * not depend on how far a batch was padded.
 */
export function meanPoolNormalized(
  states: Float32Array,
  mask: ArrayLike<bigint | number>,
  batch: number,
  seq: number,
  dim: number,
): Float32Array[] {
  const out: Float32Array[] = [];
  const sum = new Float64Array(dim);
  for (let b = 0; b < batch; b++) {
    sum.fill(0);
    let count = 0;
    for (let t = 0; t < seq; t++) {
      if (Number(mask[b * seq + t]) === 0) continue;
      count++;
      const base = (b * seq + t) * dim;
      for (let j = 0; j < dim; j++) sum[j] += states[base + j];
    }
    // Same clamps as sentence-transformers (mask sum ≥ 1e-9, norm ≥ 1e-12).
    const denom = Math.max(count, 1e-9);
    const vec = new Float32Array(dim);
    for (let j = 0; j < dim; j++) vec[j] = sum[j] / denom;
    out.push(l2Normalize(vec));
  }
  return out;
}

/** Scales in place to unit length; a zero vector stays zero. */
export function l2Normalize(vec: Float32Array): Float32Array {
  let sq = 0;
  for (let j = 0; j < vec.length; j++) sq += vec[j] * vec[j];
  const norm = Math.max(Math.sqrt(sq), 1e-12);
  for (let j = 0; j < vec.length; j++) vec[j] /= norm;
  return vec;
}
