import Redis from 'ioredis';
import { LedgerEvent, PartitionRef, projectEvent } from '@cg/domain';
import { LocalEmbedder } from '@cg/embedding';
import { CompromiseAnalyzer } from '@cg/nlp';
import {
  KeySpace, RedisEnrichmentStore, RedisEventLedger, RedisGraphStore, RedisLexicalIndex, RedisVectorIndex, StageStreamWriter, uniqueTestPrefix,
} from '@cg/redis';
import { EnrichEventsUseCase } from '../../src/enrich-events.use-case';

export const SCOPE: PartitionRef = { tenant: 'default', partition: 0 };
export const BASE = Date.parse('2026-11-26T12:00:00Z');
export const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

/** Event `n` of session s-1 of agent-a, a second after the one before, saying `text`. */
export function event(n: number, text: string): LedgerEvent {
  return {
    event_id: id(n), event_type: 'user.message', occurred_at: new Date(BASE + n * 1000).toISOString(),
    session_id: 's-1', agent_id: 'agent-a', trace_id: 't-1', payload_ref: `ref-${n}`, payload: { text },
  };
}

/**
 * A fresh key space (its prefix pushed onto `prefixes` for clean-up) with one event per text
 * ingested and projected, and the enrichment use case on it (local embedder, compromise, Redis).
 */
export async function seededScope(redis: Redis, texts: string[], prefixes: string[]) {
  const prefix = uniqueTestPrefix();
  prefixes.push(prefix);
  const keys = new KeySpace(prefix);
  const ledger = new RedisEventLedger(redis, keys, 1);
  const graph = new RedisGraphStore(redis, keys);
  await ledger.append('default', texts.map((text, n) => event(n, text)), BASE);
  for (const stored of await ledger.storedEvents(SCOPE, texts.map((_, n) => id(n)))) {
    const { node, orderKey } = projectEvent(stored!);
    await graph.projectEvent(SCOPE, node, orderKey);
  }
  const vectors = new RedisVectorIndex(redis, keys);
  const lexical = new RedisLexicalIndex(redis, keys);
  const useCase = new EnrichEventsUseCase(
    graph, new CompromiseAnalyzer(), new LocalEmbedder(), new RedisEnrichmentStore(redis, keys), vectors, lexical,
    new StageStreamWriter(redis, keys), { similarityThreshold: 0.85, similarLimit: 10, entitySimilarityThreshold: 0.9 },
  );
  return { prefix, keys, graph, vectors, lexical, useCase };
}
