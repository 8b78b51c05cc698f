import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { FastembedEmbedder } from './fastembed-embedder';
import { cosine } from '@cg/domain';
import { l2Normalize } from './pooling';
import { buildTinyModel, TinyModel } from './testing/tiny-model';

/** The expected sentence vector, by hand: mean of the table rows of the given token ids, normalized. */
function handPooled(tiny: TinyModel, tokens: string[]): Float32Array {
  const sum = new Float32Array(tiny.dimension);
  for (const token of tokens) {
    const row = tiny.row(tiny.vocab[token]);
    for (let j = 0; j < sum.length; j++) sum[j] += row[j] / tokens.length;
  }
  return l2Normalize(sum);
}

const expectClose = (actual: Float32Array, expected: Float32Array) => {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((x, j) => expect(x).toBeCloseTo(expected[j], 5));
};

describe('FastembedEmbedder on the tiny model (real fastembed + onnxruntime-node path)', () => {
  let tiny: TinyModel;
  let embedder: FastembedEmbedder;

  beforeAll(async () => {
    tiny = await buildTinyModel();
    embedder = await FastembedEmbedder.load({ modelDir: tiny.dir });
  });
  afterAll(async () => {
    await embedder?.close();
    await tiny?.remove();
  });

  it('names the model and takes its dimension from the graph output', () => {
    expect(embedder.kind).toBe('fastembed');
    expect(embedder.model).toBe('tiny-minilm-test');
    expect(embedder.dimension).toBe(8);
  });

  it('mean-pools over real tokens only, matching a pooling computed by hand', async () => {
    const texts = ['The cat sat on the mat.', 'Hello', 'Deployment FAILED, cats ran!', 'zebra'];
    const vectors = await embedder.embed(texts);
    expect(vectors).toHaveLength(4);
    // Uncased WordPiece: lower-cased, punctuation split off, "cats" → cat ##s, unknown → [UNK].
    expectClose(vectors[0], handPooled(tiny, ['[CLS]', 'the', 'cat', 'sat', 'on', 'the', 'mat', '.', '[SEP]']));
    expectClose(vectors[1], handPooled(tiny, ['[CLS]', 'hello', '[SEP]']));
    expectClose(vectors[2], handPooled(tiny, ['[CLS]', 'deployment', 'failed', ',', 'cat', '##s', 'ran', '!', '[SEP]']));
    expectClose(vectors[3], handPooled(tiny, ['[CLS]', '[UNK]', '[SEP]']));
    for (const v of vectors) expect(Math.hypot(...v)).toBeCloseTo(1, 5);
  });

  it('is not fastembed\'s own [CLS] pooling', async () => {
    const [v] = await embedder.embed(['the cat sat']);
    expect(cosine(v, l2Normalize(tiny.row(tiny.vocab['[CLS]'])))).toBeLessThan(0.99);
  });

  it('gives a text the same vector alone, in a padded batch, and across batch sizes', async () => {
    const texts = ['hello', 'the dog ran on the mat , the cat sat', 'error', 'user request failed', 'world'];
    const together = await embedder.embed(texts);
    const [alone] = await embedder.embed(['hello']);
    expect(Array.from(together[0])).toEqual(Array.from(alone));
    const small = await FastembedEmbedder.load({ modelDir: tiny.dir, batchSize: 2 });
    try {
      const batched = await small.embed(texts);
      batched.forEach((v, i) => expect(Array.from(v)).toEqual(Array.from(together[i])));
    } finally {
      await small.close();
    }
  });

  it('truncates at 256 tokens, special tokens included', async () => {
    const [v] = await embedder.embed([Array(400).fill('cat').join(' ')]);
    expectClose(v, handPooled(tiny, ['[CLS]', ...Array(254).fill('cat'), '[SEP]']));
  });

  it('returns nothing for nothing', async () => {
    expect(await embedder.embed([])).toEqual([]);
  });

  it('refuses an incomplete directory without trying to download', async () => {
    const missing = join(tiny.dir, 'nope');
    await expect(FastembedEmbedder.load({ modelDir: missing })).rejects.toThrow(/missing/);
    expect(existsSync('local_cache')).toBe(false);
  });
});
