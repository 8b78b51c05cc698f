import type { Embedder } from '@cg/domain';
import { l2Normalize } from './pooling';

/**
 * Name of the fallback's vectors. Any change to the algorithm below changes the vectors, so it
 * must bump this version: vectors of different models are never compared.
 */
export const LOCAL_EMBEDDER_MODEL = 'local-hash-384-v1';
export const LOCAL_EMBEDDER_DIMENSION = 384;

// Function words carry little topic; dropping them lets "failed because the" ≈ "failed since the".
const STOPWORDS = new Set(
  ('a an and are as at be because been but by for from had has have he her his i if in into is it its ' +
    'of on or our she since so than that the their them then there these they this those to too was ' +
    'we were what when where which while who will with would you your').split(' '),
);

// Per feature kind (the key's first letter); trigrams weigh less so word overlap dominates.
const WEIGHTS: Record<string, number> = { u: 1, b: 1, c: 0.5, e: 1 };

/**
 * Deterministic offline embedder (SPEC §9 fallback): signed feature hashing of normalized word
 * unigrams, word bigrams and character trigrams into 384 dimensions, sublinear term frequency,
 * L2-normalized. Texts that share most words get a high cosine; it knows no synonyms. Pure CPU,
 * no model files, same output on every machine and run.
 */
export class LocalEmbedder implements Embedder {
  readonly kind = 'local' as const;
  readonly model = LOCAL_EMBEDDER_MODEL;
  readonly dimension = LOCAL_EMBEDDER_DIMENSION;

  async embed(texts: string[]): Promise<Float32Array[]> {
    return texts.map((text) => this.embedOne(text));
  }

  embedOne(text: string): Float32Array {
    const counts = new Map<string, number>();
    const add = (feature: string) => counts.set(feature, (counts.get(feature) ?? 0) + 1);
    const words = contentWords(text);
    for (let i = 0; i < words.length; i++) {
      add(`u:${words[i]}`);
      if (i > 0) add(`b:${words[i - 1]} ${words[i]}`);
      // Trigrams with word boundaries give partial credit to inflections the stemmer misses.
      const padded = `^${words[i]}$`;
      for (let c = 0; c + 3 <= padded.length; c++) add(`c:${padded.slice(c, c + 3)}`);
    }
    // Text without words still gets a unit vector (the port promises one): a fixed "empty" feature.
    if (counts.size === 0) add('e:');

    const vec = new Float32Array(this.dimension);
    for (const [feature, tf] of counts) {
      const h = hash32(feature);
      const sign = h & 0x80000000 ? -1 : 1;
      // Sublinear tf: a repeated word counts, but not linearly.
      vec[(h & 0x7fffffff) % this.dimension] += sign * WEIGHTS[feature[0]] * (1 + Math.log(tf));
    }
    return l2Normalize(vec);
  }

  /** Nothing to release; present so callers can close either embedder alike. */
  async close(): Promise<void> {}
}

/** Lower-cased, accent-stripped, lightly stemmed words without stopwords (all words if none remain). */
export function contentWords(text: string): string[] {
  const words = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0);
  const content = words.filter((w) => !STOPWORDS.has(w));
  return (content.length > 0 ? content : words).map(stem);
}

/** A deliberately small suffix stripper: plurals, -ed, -ing. Stems keep at least 3 letters. */
function stem(word: string): string {
  if (word.length > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.length > 5 && word.endsWith('ing')) return word.slice(0, -3);
  if (word.length > 4 && word.endsWith('ed')) return word.slice(0, -2);
  if (word.length > 3 && word.endsWith('s') && !/(ss|us|is)$/.test(word)) return word.slice(0, -1);
  return word;
}

/** FNV-1a over UTF-16 code units, then murmur3's finalizer so low and high bits both mix well. */
function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
