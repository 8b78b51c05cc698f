import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';

/** Files fastembed's loader insists on (FlagEmbedding.loadTokenizer), besides the ONNX graph. */
export const REQUIRED_MODEL_FILES = ['tokenizer.json', 'config.json', 'tokenizer_config.json', 'special_tokens_map.json'] as const;

/** Where the ONNX graph may sit: fastembed's archive layout first, then Hugging Face's. */
export const ONNX_CANDIDATES = ['model.onnx', 'model_optimized.onnx', 'onnx/model.onnx'] as const;

/** fastembed's own cache: `<cacheDir>/fast-all-MiniLM-L6-v2` (its EmbeddingModel.AllMiniLML6V2). */
export const FASTEMBED_CACHE_MODEL = 'fast-all-MiniLM-L6-v2';
/** fastembed's default cacheDir, relative to the working directory. */
export const FASTEMBED_DEFAULT_CACHE_DIR = 'local_cache';

export interface ModelDirInspection {
  dir: string;
  /** The ONNX file, relative to `dir`, if one was found. */
  onnxFile?: string;
  /** What is missing; empty when the directory is usable. */
  missing: string[];
}

/** Checks, without loading anything, whether `dir` holds what fastembed needs. */
export function inspectModelDir(dir: string): ModelDirInspection {
  const abs = resolve(dir);
  if (!existsSync(abs) || !statSync(abs).isDirectory()) return { dir: abs, missing: ['<directory>'] };
  const missing: string[] = REQUIRED_MODEL_FILES.filter((f) => !existsSync(join(abs, f)));
  const onnxFile = ONNX_CANDIDATES.find((f) => existsSync(join(abs, f)));
  if (!onnxFile) missing.push(ONNX_CANDIDATES.join(' | '));
  return { dir: abs, onnxFile, missing };
}

/** The model's name as the directory spells it, without fastembed's `fast-` cache prefix. */
export function modelNameFromDir(dir: string): string {
  return basename(resolve(dir)).replace(/^fast-/, '');
}

/** Reads a JSON file of the model directory. */
export function readModelJson(dir: string, file: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(dir, file), 'utf8')) as Record<string, unknown>;
}
