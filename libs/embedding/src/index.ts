/**
 * @cg/embedding — text embeddings for the enrichment worker only (SPEC §9). Inference is CPU-bound
 * and onnxruntime-node runs it on the calling thread, so the API must never depend on this package.
 *
 * Model selection (`createEmbedder`):
 *  1. `server` (EMBEDDING_BASE_URL + EMBEDDING_MODEL): `HttpEmbedder`, an OpenAI-compatible
 *     `/v1/embeddings` endpoint (TEI, Ollama, vLLM, LiteLLM, OpenAI), model `http:<EMBEDDING_MODEL>`.
 *     It must pass a start-up probe of EMBEDDING_DIMENSION (default 384) or creation throws: never a
 *     fallback. Batched (EMBEDDING_BATCH_SIZE), timed out and retried through @cg/http-client.
 *  2. Otherwise `modelDir` (EMBEDDING_MODEL_DIR), then fastembed's cache
 *     `<cacheDir>/fast-all-MiniLM-L6-v2` (cacheDir defaults to `local_cache`): the first directory
 *     holding model.onnx (or onnx/model.onnx), tokenizer.json, config.json, tokenizer_config.json
 *     and special_tokens_map.json is loaded through fastembed as `FastembedEmbedder` — never downloaded.
 *     Its `model` is the directory name without `fast-` (e.g. `all-MiniLM-L6-v2`); its `dimension`
 *     is what the graph emits (384 for MiniLM). Pooling is MiniLM's masked mean + L2 norm, done
 *     here because fastembed 2.1.0 pools the [CLS] token; input is truncated at 256 tokens.
 *  3. Otherwise `LocalEmbedder` (`local-hash-384-v1`): deterministic 384-d signed feature hashing
 *     of word unigrams, bigrams and character trigrams. Lexical, not semantic; no files needed.
 * The choice is logged and readable from the returned embedder (`kind`, `model`). Vectors of
 * different models are never compared; changing models means re-embedding.
 *
 * `EmbeddingsServer` (testing) is a real local `/v1/embeddings` server for tests. `buildTinyModel`
 * (testing) writes a tiny ONNX model + tokenizer with MiniLM's signature, so the real
 * fastembed/onnxruntime path runs in tests; it needs the onnx-proto devDependency. Jest suites
 * that run onnxruntime-node need `jest-onnx-environment.js` (this package's root) as testEnvironment.
 */
export * from './pooling';
export * from './model-dir';
export * from './local-embedder';
export * from './fastembed-embedder';
export * from './embedding-error';
export * from './http-embedder-settings';
export * from './http-embedder';
export * from './create-embedder';
export * from './testing/tiny-model';
export * from './testing/embeddings-server';
