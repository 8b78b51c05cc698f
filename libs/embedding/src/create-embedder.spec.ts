import { mkdtemp, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEmbedder, EmbedderLogger } from './create-embedder';
import { DEFAULT_HTTP_EMBEDDER_SETTINGS, HttpEmbedderSettings } from './http-embedder-settings';
import { LOCAL_EMBEDDER_MODEL } from './local-embedder';
import { embeddingsAnswer, EmbeddingsServer } from './testing/embeddings-server';
import { buildTinyModel, TinyModel } from './testing/tiny-model';

function recordingLogger() {
  const lines: Array<{ level: string; msg: string; fields?: Record<string, unknown> }> = [];
  const logger: EmbedderLogger = { write: (level, msg, fields) => lines.push({ level, msg, fields }) };
  return { logger, lines };
}

describe('createEmbedder', () => {
  let emptyCache: string;
  const cleanups: Array<() => Promise<void>> = [];
  const tinyModel = async (name?: string) => {
    const tiny = await buildTinyModel({ name });
    cleanups.push(() => tiny.remove());
    return tiny;
  };

  beforeAll(async () => {
    emptyCache = await mkdtemp(join(tmpdir(), 'cg-embedding-cache-'));
  });
  afterAll(async () => {
    await rm(emptyCache, { recursive: true, force: true });
    await Promise.all(cleanups.map((c) => c()));
  });

  it('falls back to the local embedder when no model directory exists, and says so', async () => {
    const { logger, lines } = recordingLogger();
    const embedder = await createEmbedder({ cacheDir: emptyCache, logger });
    expect(embedder.kind).toBe('local');
    expect(embedder.model).toBe(LOCAL_EMBEDDER_MODEL);
    expect(embedder.dimension).toBe(384);
    expect(lines).toEqual([expect.objectContaining({ level: 'warn', fields: expect.objectContaining({ model: LOCAL_EMBEDDER_MODEL }) })]);
  });

  it('uses fastembed on a usable model directory, and says which model', async () => {
    const tiny: TinyModel = await tinyModel();
    const { logger, lines } = recordingLogger();
    const embedder = await createEmbedder({ modelDir: tiny.dir, cacheDir: emptyCache, logger });
    try {
      expect(embedder.kind).toBe('fastembed');
      expect(embedder.model).toBe(tiny.model);
      expect(embedder.dimension).toBe(tiny.dimension);
      expect((await embedder.embed(['hello world']))[0]).toHaveLength(tiny.dimension);
      expect(lines).toEqual([expect.objectContaining({ level: 'info', msg: 'embedder: fastembed', fields: expect.objectContaining({ model: tiny.model, source: 'modelDir' }) })]);
    } finally {
      await embedder.close();
    }
  });

  it("finds a model in fastembed's cache layout and names it without the fast- prefix", async () => {
    const tiny = await tinyModel('fast-all-MiniLM-L6-v2');
    const embedder = await createEmbedder({ cacheDir: join(tiny.dir, '..') });
    try {
      expect(embedder.kind).toBe('fastembed');
      expect(embedder.model).toBe('all-MiniLM-L6-v2');
    } finally {
      await embedder.close();
    }
  });

  it('warns about a configured but incomplete directory and falls back', async () => {
    const tiny = await tinyModel();
    await unlink(join(tiny.dir, 'tokenizer.json'));
    const { logger, lines } = recordingLogger();
    const embedder = await createEmbedder({ modelDir: tiny.dir, cacheDir: emptyCache, logger });
    expect(embedder.kind).toBe('local');
    expect(lines[0]).toEqual(expect.objectContaining({ level: 'warn', fields: expect.objectContaining({ missing: ['tokenizer.json'] }) }));
  });

  it('fails loudly when a complete directory holds a broken model, rather than switching models', async () => {
    const tiny = await tinyModel();
    await writeFile(join(tiny.dir, 'model.onnx'), 'not a model');
    await expect(createEmbedder({ modelDir: tiny.dir, cacheDir: emptyCache })).rejects.toThrow();
  });

  describe('with an embeddings server configured', () => {
    const server = new EmbeddingsServer();
    const key = 'sk-never-logged-7';
    const settings = (overrides: Partial<HttpEmbedderSettings> = {}): HttpEmbedderSettings => ({
      ...DEFAULT_HTTP_EMBEDDER_SETTINGS, baseUrl: server.baseUrl, model: 'bge-small', apiKey: key, retryBaseMs: 10, ...overrides,
    });

    beforeAll(() => server.start());
    afterAll(() => server.stop());
    beforeEach(() => server.reset());

    it('chooses the server before any model directory, and says which model and where', async () => {
      const tiny = await tinyModel();
      const { logger, lines } = recordingLogger();
      const embedder = await createEmbedder({ server: settings(), modelDir: tiny.dir, cacheDir: emptyCache, logger });
      expect(embedder).toMatchObject({ kind: 'http', model: 'http:bge-small', dimension: 384 });
      expect(lines).toEqual([{
        level: 'info',
        msg: 'embedder: http',
        fields: { model: 'http:bge-small', dimension: 384, base_url: server.baseUrl, served_model: 'served-embedding-model', batch_size: 32, ignored_model_dir: tiny.dir },
      }]);
    });

    it('refuses rather than falling back when the server fails its probe', async () => {
      server.respond = (request) => embeddingsAnswer(request.body.input, { dimension: 1536 });
      await expect(createEmbedder({ server: settings(), cacheDir: emptyCache })).rejects.toThrow(/gives 1536-d vectors, but EMBEDDING_DIMENSION is 384/);
    });

    it('logs retries without the API key, even when the server echoes it', async () => {
      server.respond = (request, n) => (n === 0 ? { status: 503, body: { error: `overloaded, key ${key}` } } : embeddingsAnswer(request.body.input));
      const { logger, lines } = recordingLogger();
      await createEmbedder({ server: settings(), logger });
      expect(server.requests[0].headers.authorization).toBe(`Bearer ${key}`);
      expect(lines[0]).toEqual({
        level: 'warn', msg: 'embedding request retried', fields: { retry: 1, delay_ms: 10, status: 503, error: 'embedding server answered HTTP 503: overloaded, key ***' },
      });
      expect(JSON.stringify(lines)).not.toContain(key);
    });
  });
});
