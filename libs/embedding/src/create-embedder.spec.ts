import { mkdtemp, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEmbedder, EmbedderLogger } from './create-embedder';
import { LOCAL_EMBEDDER_MODEL } from './local-embedder';
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
});
