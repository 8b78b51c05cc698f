import type { Embedder } from '@cg/domain';
import type { InferenceSession, Tensor } from 'onnxruntime-node';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { meanPoolNormalized } from './pooling';
import { inspectModelDir, modelNameFromDir, readModelJson } from './model-dir';

/** all-MiniLM-L6-v2 was trained on at most 256 word pieces; longer input is truncated. */
export const MINILM_MAX_TOKENS = 256;

export interface FastembedEmbedderOptions {
  /** A directory holding the ONNX graph and tokenizer files (see model-dir.ts). */
  modelDir: string;
  /** Defaults to the directory's name without fastembed's `fast-` prefix. */
  modelName?: string;
  /** Upper bound on tokens per text (the tokenizer config may lower it). Default 256. */
  maxTokens?: number;
  /** Texts per inference call. onnxruntime-node runs each call synchronously on the calling
   *  thread, so small batches keep that thread's event loop responsive between them. Default 32. */
  batchSize?: number;
}

/** The parts of fastembed's tokenizer (@anush008/tokenizers) we call. */
interface Tokenizer {
  encodeBatch(texts: string[]): Promise<Array<{ getIds(): number[]; getAttentionMask(): number[]; getTypeIds(): number[] }>>;
  disablePadding(): void;
}

/**
 * all-MiniLM-L6-v2 (or any BERT-style ONNX export with `last_hidden_state`) loaded by fastembed.
 *
 * fastembed 2.1.0's own `FlagEmbedding.embed` takes the first ([CLS]) token state and pads every
 * text to the full max length; MiniLM's contract is a masked mean over all tokens. So fastembed
 * loads the tokenizer (truncation, special tokens) and the onnxruntime session, and this adapter
 * pads to the batch's longest text, runs the session and pools itself.
 */
export class FastembedEmbedder implements Embedder {
  readonly kind = 'fastembed' as const;

  private constructor(
    readonly model: string,
    readonly dimension: number,
    readonly modelDir: string,
    private readonly tokenizer: Tokenizer,
    private readonly session: InferenceSession,
    private readonly Tensor: typeof import('onnxruntime-node').Tensor,
    private readonly padId: number,
    private readonly outputName: string,
    private readonly batchSize: number,
  ) {}

  /** Loads from a local directory only; never downloads. Throws if the directory is unusable. */
  static async load(options: FastembedEmbedderOptions): Promise<FastembedEmbedder> {
    const found = inspectModelDir(options.modelDir);
    if (found.missing.length > 0 || !found.onnxFile) {
      throw new Error(`model directory ${found.dir} is missing ${found.missing.join(', ')}`);
    }
    // Loaded lazily so that using only the fallback never loads the native runtime.
    const { FlagEmbedding, EmbeddingModel, ExecutionProvider } = await import('fastembed');
    const ort = await import('onnxruntime-node');
    // CUSTOM + an absolute path is fastembed's only branch that never reaches its downloader.
    const flag = await FlagEmbedding.init({
      model: EmbeddingModel.CUSTOM,
      modelAbsoluteDirPath: found.dir,
      modelName: found.onnxFile,
      maxLength: options.maxTokens ?? MINILM_MAX_TOKENS,
      executionProviders: [ExecutionProvider.CPU],
      showDownloadProgress: false,
    });
    // fastembed keeps these private; its version is pinned, and we check they are there.
    const { tokenizer, session } = flag as unknown as { tokenizer?: Tokenizer; session?: InferenceSession };
    if (!tokenizer || !session) throw new Error('fastembed no longer exposes its tokenizer and session');
    tokenizer.disablePadding(); // we pad per batch below, to the longest text rather than max length

    const unknown = session.inputNames.filter((n) => !['input_ids', 'attention_mask', 'token_type_ids'].includes(n));
    if (unknown.length > 0) throw new Error(`model in ${found.dir} wants unsupported inputs: ${unknown.join(', ')}`);
    const outputName = session.outputNames.includes('last_hidden_state') ? 'last_hidden_state' : session.outputNames[0];
    const padId = Number(readModelJson(found.dir, 'config.json').pad_token_id ?? 0);
    const name = options.modelName ?? modelNameFromDir(found.dir);
    const batchSize = Math.max(1, options.batchSize ?? 32);
    const probe = new FastembedEmbedder(name, 0, found.dir, tokenizer, session, ort.Tensor, padId, outputName, batchSize);
    // The dimension is whatever the graph emits, not what a config file claims.
    const [vector] = await probe.embed(['dimension probe']);
    return new FastembedEmbedder(name, vector.length, found.dir, tokenizer, session, ort.Tensor, padId, outputName, batchSize);
  }

  async embed(texts: string[]): Promise<Float32Array[]> {
    const out: Float32Array[] = [];
    for (let i = 0; i < texts.length; i += this.batchSize) {
      if (i > 0) await yieldToLoop(); // let stream heartbeats and timers run between batches
      out.push(...(await this.embedBatch(texts.slice(i, i + this.batchSize))));
    }
    return out;
  }

  async close(): Promise<void> {
    await this.session.release();
  }

  private async embedBatch(texts: string[]): Promise<Float32Array[]> {
    const encodings = await this.tokenizer.encodeBatch(texts);
    const batch = encodings.length;
    const seq = Math.max(...encodings.map((e) => e.getIds().length));
    const ids = new BigInt64Array(batch * seq).fill(BigInt(this.padId));
    const mask = new BigInt64Array(batch * seq); // zeros: padding
    const types = new BigInt64Array(batch * seq);
    encodings.forEach((e, b) => {
      const [tokenIds, attention, typeIds] = [e.getIds(), e.getAttentionMask(), e.getTypeIds()];
      for (let t = 0; t < tokenIds.length; t++) {
        ids[b * seq + t] = BigInt(tokenIds[t]);
        mask[b * seq + t] = BigInt(attention[t]);
        types[b * seq + t] = BigInt(typeIds[t]);
      }
    });
    const all: Record<string, Tensor> = {
      input_ids: new this.Tensor('int64', ids, [batch, seq]),
      attention_mask: new this.Tensor('int64', mask, [batch, seq]),
      token_type_ids: new this.Tensor('int64', types, [batch, seq]),
    };
    // Feed only what the graph declares (some exports have no token_type_ids).
    const feeds = Object.fromEntries(this.session.inputNames.map((n) => [n, all[n]]));
    const result = await this.session.run(feeds);
    const states = result[this.outputName];
    if (states.dims.length !== 3 || states.type !== 'float32') {
      throw new Error(`expected float32 [batch, seq, dim] from ${this.outputName}, got ${states.type} [${states.dims.join(', ')}]`);
    }
    return meanPoolNormalized(states.data as Float32Array, mask, batch, seq, Number(states.dims[2]));
  }
}
