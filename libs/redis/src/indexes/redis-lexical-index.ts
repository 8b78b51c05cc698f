import Redis from 'ioredis';
import { AgentScope, LexicalIndex, ScoredId } from '@cg/domain';
import { KeySpace } from '../keys';
import { execOrThrow } from '../streams/transaction';
import { REMOVE_DOCUMENT_LUA, REPLACE_DOCUMENT_LUA } from './lexical.scripts';

export interface LexicalIndexOptions {
  k1: number;
  b: number;
  /** Postings read per query term at most, highest frequency first: what bounds a query's cost. */
  postingsReadCap: number;
}

export const DEFAULT_LEXICAL_INDEX: LexicalIndexOptions = { k1: 1.2, b: 0.75, postingsReadCap: 1000 };

/** A lost compare-and-set means another writer replaced the same document meanwhile; a few retries settle it. */
const MAX_ATTEMPTS = 5;

type LexicalRedis = Redis & {
  replaceDocument(numberOfKeys: number, ...args: (string | number)[]): Promise<number>;
  removeDocument(numberOfKeys: number, ...args: (string | number)[]): Promise<number>;
};

/**
 * BM25 per agent scope on plain Redis: a postings sorted set per term (document → term frequency),
 * document lengths, and the scope's document count and total length. Scoring runs here over the
 * query terms' postings. Re-adding a document replaces its terms, so a repeat changes nothing.
 */
export class RedisLexicalIndex implements LexicalIndex {
  private readonly redis: LexicalRedis;

  constructor(redis: Redis, private readonly keys: KeySpace, private readonly options: LexicalIndexOptions = DEFAULT_LEXICAL_INDEX) {
    redis.defineCommand('replaceDocument', { lua: REPLACE_DOCUMENT_LUA });
    redis.defineCommand('removeDocument', { lua: REMOVE_DOCUMENT_LUA });
    this.redis = redis as LexicalRedis;
  }

  async add(scope: AgentScope, id: string, terms: string[]): Promise<void> {
    const k = this.keys.of(scope);
    const { agentId } = scope;
    const frequencies = termFrequencies(terms);
    const json = JSON.stringify([...frequencies]);
    const length = [...frequencies.values()].reduce((sum, n) => sum + n, 0);
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const stored = await this.redis.hget(k.lexicalDocuments(agentId), id);
      if (stored === json) return;
      const previous = new Map<string, number>(stored ? JSON.parse(stored) : []);
      const touched = [...new Set([...previous.keys(), ...frequencies.keys()])];
      const applied = await this.redis.replaceDocument(
        3 + touched.length, k.lexicalDocuments(agentId), k.lexicalLengths(agentId), k.lexicalStats(agentId),
        ...touched.map((term) => k.lexicalPostings(agentId, term)),
        id, stored ?? '', json, length, ...touched.map((term) => frequencies.get(term) ?? 0),
      );
      if (applied === 1) return;
    }
    throw new Error(`lexical index: document ${id} kept changing under ${MAX_ATTEMPTS} attempts to replace it`);
  }

  async remove(scope: AgentScope, id: string): Promise<void> {
    const k = this.keys.of(scope);
    const { agentId } = scope;
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const stored = await this.redis.hget(k.lexicalDocuments(agentId), id);
      if (stored === null) return;
      const terms = (JSON.parse(stored) as [string, number][]).map(([term]) => term);
      const removed = await this.redis.removeDocument(
        3 + terms.length, k.lexicalDocuments(agentId), k.lexicalLengths(agentId), k.lexicalStats(agentId),
        ...terms.map((term) => k.lexicalPostings(agentId, term)), id, stored,
      );
      if (removed === 1) return;
    }
    throw new Error(`lexical index: document ${id} kept changing under ${MAX_ATTEMPTS} attempts to remove it`);
  }

  async search(scope: AgentScope, terms: string[], limit: number): Promise<ScoredId[]> {
    const query = [...termFrequencies(terms).keys()];
    if (!query.length || limit <= 0) return [];
    const k = this.keys.of(scope);
    const { agentId } = scope;
    const pipeline = this.redis.pipeline().hmget(k.lexicalStats(agentId), 'docs', 'length');
    for (const term of query) {
      pipeline.zcard(k.lexicalPostings(agentId, term)).zrevrange(k.lexicalPostings(agentId, term), 0, this.options.postingsReadCap - 1, 'WITHSCORES');
    }
    const [stats, ...perTerm] = await execOrThrow(pipeline);
    const [docs, totalLength] = (stats as (string | null)[]).map(Number);
    if (!docs) return [];

    const postings = query.map((_, i) => ({ df: perTerm[2 * i] as number, entries: pairs(perTerm[2 * i + 1] as string[]) }));
    const candidates = [...new Set(postings.flatMap((p) => p.entries.map(([id]) => id)))];
    if (!candidates.length) return [];
    const lengths = await this.redis.hmget(k.lexicalLengths(agentId), ...candidates);
    const lengthOf = new Map(candidates.map((id, i) => [id, Number(lengths[i] ?? 0)]));

    const { k1, b } = this.options;
    const averageLength = totalLength / docs || 1;
    const scores = new Map<string, number>();
    for (const { df, entries } of postings) {
      const idf = Math.log(1 + (docs - df + 0.5) / (df + 0.5));
      for (const [id, tf] of entries) {
        const norm = k1 * (1 - b + (b * (lengthOf.get(id) ?? 0)) / averageLength);
        scores.set(id, (scores.get(id) ?? 0) + (idf * tf * (k1 + 1)) / (tf + norm));
      }
    }
    return [...scores.entries()]
      .map(([id, score]) => ({ id, score }))
      .sort((x, y) => y.score - x.score || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0))
      .slice(0, limit);
  }
}

/** Term → frequency, terms trimmed, NFKC-normalized and lowercased, sorted so equal input gives equal JSON. */
function termFrequencies(terms: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const raw of terms) {
    const term = raw.trim().normalize('NFKC').toLowerCase();
    if (term) counts.set(term, (counts.get(term) ?? 0) + 1);
  }
  return new Map([...counts.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function pairs(flat: string[]): [string, number][] {
  const result: [string, number][] = [];
  for (let i = 0; i < flat.length; i += 2) result.push([flat[i], Number(flat[i + 1])]);
  return result;
}
