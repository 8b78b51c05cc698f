import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Test fixture: a model directory fastembed loads like all-MiniLM-L6-v2's, small enough to build
 * in a test. The ONNX graph has MiniLM's signature (input_ids, attention_mask, token_type_ids:
 * int64 [batch, seq] → last_hidden_state: float32 [batch, seq, dim]) and one node: a Gather of
 * input_ids from an embedding table, so every token state is a known table row. The tokenizer is
 * a BERT-style WordPiece tokenizer.json over a 32-entry vocabulary.
 *
 * onnx-proto is a devDependency, loaded only when a fixture is built.
 */

/** Id order matters: [PAD] is 0 (config.json's pad_token_id), [CLS] 2, [SEP] 3. */
export const TINY_VOCAB: readonly string[] = [
  '[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]',
  'the', 'a', 'cat', 'dog', 'sat', 'ran', 'on', 'mat', 'deployment', 'to', 'production', 'failed',
  'database', 'migration', 'timed', 'out', 'service', 'error', 'user', 'request', 'hello', 'world',
  '.', ',', '!', '##s', '##ed',
];

export interface TinyModel {
  /** The model directory (pass as modelDir / EMBEDDING_MODEL_DIR). */
  dir: string;
  /** The name FastembedEmbedder derives from `dir`. */
  model: string;
  dimension: number;
  vocab: Record<string, number>;
  /** Row-major [vocab, dimension] embedding table: the token state of id i is row i. */
  table: Float32Array;
  row(id: number): Float32Array;
  /** Deletes the temp directory. */
  remove(): Promise<void>;
}

export interface TinyModelOptions {
  /** Directory name, hence model name. Default `tiny-minilm-test`. */
  name?: string;
  dimension?: number;
  /** tokenizer_config.json's model_max_length. Default 256, as MiniLM's contract. */
  maxTokens?: number;
  /** Where the temp directory goes. Default os.tmpdir(). */
  parentDir?: string;
}

export async function buildTinyModel(options: TinyModelOptions = {}): Promise<TinyModel> {
  const name = options.name ?? 'tiny-minilm-test';
  const dimension = options.dimension ?? 8;
  const root = await mkdtemp(join(options.parentDir ?? tmpdir(), 'cg-embedding-'));
  const dir = join(root, name);
  await mkdir(dir);

  const table = tinyTable(TINY_VOCAB.length, dimension);
  await writeFile(join(dir, 'model.onnx'), await encodeGatherModel(table, TINY_VOCAB.length, dimension));
  const vocab = Object.fromEntries(TINY_VOCAB.map((t, i) => [t, i]));
  const json = (file: string, value: unknown) => writeFile(join(dir, file), JSON.stringify(value, null, 2));
  await json('tokenizer.json', tokenizerJson(vocab));
  await json('config.json', { model_type: 'bert', hidden_size: dimension, vocab_size: TINY_VOCAB.length, pad_token_id: 0 });
  await json('tokenizer_config.json', {
    do_lower_case: true, model_max_length: options.maxTokens ?? 256, tokenizer_class: 'BertTokenizer',
    pad_token: '[PAD]', unk_token: '[UNK]', cls_token: '[CLS]', sep_token: '[SEP]', mask_token: '[MASK]',
  });
  await json('special_tokens_map.json', {
    pad_token: '[PAD]', unk_token: '[UNK]', cls_token: '[CLS]', sep_token: '[SEP]', mask_token: '[MASK]',
  });
  await writeFile(join(dir, 'vocab.txt'), `${TINY_VOCAB.join('\n')}\n`);

  return {
    dir,
    model: name,
    dimension,
    vocab,
    table,
    row: (id) => table.slice(id * dimension, (id + 1) * dimension),
    remove: () => rm(root, { recursive: true, force: true }),
  };
}

/** Deterministic, distinct rows of multiples of 1/64 (exact in float32); row 0 ([PAD]) is not zero,
 *  so a pooling that let padding in would show. */
function tinyTable(vocabSize: number, dim: number): Float32Array {
  const t = new Float32Array(vocabSize * dim);
  for (let i = 0; i < vocabSize; i++) {
    for (let j = 0; j < dim; j++) t[i * dim + j] = Math.round(Math.sin(1 + i * 12.9898 + j * 78.233) * 64) / 64;
  }
  return t;
}

async function encodeGatherModel(table: Float32Array, vocabSize: number, dim: number): Promise<Uint8Array> {
  const { onnx } = await import('onnx-proto');
  const { FLOAT, INT64 } = onnx.TensorProto.DataType;
  const tensor = (name: string, elemType: number, dims: Array<string | number>): import('onnx-proto').onnx.IValueInfoProto => ({
    name,
    type: {
      tensorType: {
        elemType,
        shape: { dim: dims.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d })) },
      },
    },
  });
  const model = onnx.ModelProto.create({
    irVersion: 7,
    producerName: 'cg-embedding-tiny-model',
    opsetImport: [{ domain: '', version: 13 }],
    graph: {
      name: 'tiny_gather',
      node: [{
        name: 'embed_tokens',
        opType: 'Gather',
        input: ['embeddings', 'input_ids'],
        output: ['last_hidden_state'],
        attribute: [{ name: 'axis', type: onnx.AttributeProto.AttributeType.INT, i: 0 }],
      }],
      initializer: [{ name: 'embeddings', dataType: FLOAT, dims: [vocabSize, dim], floatData: Array.from(table) }],
      // attention_mask and token_type_ids are declared but unused, as the real export's signature demands.
      input: [
        tensor('input_ids', INT64, ['batch', 'sequence']),
        tensor('attention_mask', INT64, ['batch', 'sequence']),
        tensor('token_type_ids', INT64, ['batch', 'sequence']),
      ],
      output: [tensor('last_hidden_state', FLOAT, ['batch', 'sequence', dim])],
    },
  });
  return onnx.ModelProto.encode(model).finish();
}

/** A Hugging Face tokenizer.json for BERT-style uncased WordPiece, as MiniLM's. */
function tokenizerJson(vocab: Record<string, number>): unknown {
  const special = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'];
  const tok = (id: string) => ({ SpecialToken: { id, type_id: 0 } });
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: special.map((content) => ({
      id: vocab[content], content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true,
    })),
    normalizer: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [tok('[CLS]'), { Sequence: { id: 'A', type_id: 0 } }, tok('[SEP]')],
      pair: [tok('[CLS]'), { Sequence: { id: 'A', type_id: 0 } }, tok('[SEP]'), { Sequence: { id: 'B', type_id: 1 } }, { SpecialToken: { id: '[SEP]', type_id: 1 } }],
      special_tokens: Object.fromEntries(['[CLS]', '[SEP]'].map((t) => [t, { id: t, ids: [vocab[t]], tokens: [t] }])),
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: { type: 'WordPiece', unk_token: '[UNK]', continuing_subword_prefix: '##', max_input_chars_per_word: 100, vocab },
  };
}
