import { join, resolve } from 'node:path';
import { displayUrl } from '@cg/http-client';
import { FastembedEmbedder } from './fastembed-embedder';
import { HttpEmbedder } from './http-embedder';
import { HttpEmbedderSettings } from './http-embedder-settings';
import { LocalEmbedder } from './local-embedder';
import { FASTEMBED_CACHE_MODEL, FASTEMBED_DEFAULT_CACHE_DIR, inspectModelDir } from './model-dir';

/** Structural, so this lib needs no platform import (JsonLogger fits). */
export interface EmbedderLogger {
  write(level: 'debug' | 'info' | 'warn' | 'error', msg: string, fields?: Record<string, unknown>): void;
}

export interface CreateEmbedderOptions {
  /** `EMBEDDING_BASE_URL`, `EMBEDDING_MODEL` and their tuning: an embeddings server, chosen before any directory. */
  server?: HttpEmbedderSettings;
  /** `EMBEDDING_MODEL_DIR`: a model directory, the first one tried. */
  modelDir?: string;
  /** fastembed's cache dir; `<cacheDir>/fast-all-MiniLM-L6-v2` is tried next. Default `local_cache`. */
  cacheDir?: string;
  /** Overrides the model name derived from the directory. */
  modelName?: string;
  batchSize?: number;
  logger?: EmbedderLogger;
}

/** Any of the embedders; `kind` and `model` say which one was chosen. */
export type SelectedEmbedder = HttpEmbedder | FastembedEmbedder | LocalEmbedder;

/**
 * A configured embeddings server gets the HTTP embedder; else the first usable model directory
 * (modelDir, then fastembed's cache) gets fastembed; with none, the deterministic LocalEmbedder. A
 * server that fails its start-up probe, or a directory that is complete but fails to load, throws
 * rather than falling back: silently switching models would strand every stored vector.
 */
export async function createEmbedder(options: CreateEmbedderOptions = {}): Promise<SelectedEmbedder> {
  const { logger } = options;
  if (options.server) return connectServer(options.server, options);
  const candidates: Array<{ source: string; dir: string }> = [];
  if (options.modelDir) candidates.push({ source: 'modelDir', dir: options.modelDir });
  const cacheDir = resolve(options.cacheDir ?? FASTEMBED_DEFAULT_CACHE_DIR);
  candidates.push({ source: 'fastembed cache', dir: join(cacheDir, FASTEMBED_CACHE_MODEL) });

  for (const { source, dir } of candidates) {
    const found = inspectModelDir(dir);
    if (found.missing.length > 0) {
      // Only a directory someone configured is worth a warning; an absent cache is the normal case.
      if (source === 'modelDir') logger?.write('warn', 'embedding model directory unusable', { dir: found.dir, missing: found.missing });
      continue;
    }
    const embedder = await FastembedEmbedder.load({ modelDir: found.dir, modelName: options.modelName, batchSize: options.batchSize });
    logger?.write('info', 'embedder: fastembed', { model: embedder.model, dimension: embedder.dimension, dir: found.dir, source });
    return embedder;
  }

  const fallback = new LocalEmbedder();
  logger?.write('warn', 'embedder: no model directory, using the deterministic local fallback', {
    model: fallback.model,
    dimension: fallback.dimension,
    tried: candidates.map((c) => resolve(c.dir)),
  });
  return fallback;
}

async function connectServer(server: HttpEmbedderSettings, { logger, modelDir }: CreateEmbedderOptions): Promise<HttpEmbedder> {
  const embedder = await HttpEmbedder.connect(server, {
    onRetry: ({ retry, delayMs, error }) => logger?.write('warn', 'embedding request retried', { retry, delay_ms: delayMs, status: error.status, error: error.message }),
  });
  logger?.write('info', 'embedder: http', {
    model: embedder.model,
    dimension: embedder.dimension,
    base_url: displayUrl(server.baseUrl),
    served_model: embedder.servedModel,
    batch_size: server.batchSize,
    ...(modelDir ? { ignored_model_dir: modelDir } : {}),
  });
  return embedder;
}
