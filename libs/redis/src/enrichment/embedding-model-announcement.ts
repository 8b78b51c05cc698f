import type Redis from 'ioredis';
import { KeySpace } from '../keys';

/** Which model the enrichment replicas embed with: query vectors and stored vectors are its. */
export interface AnnouncedEmbeddingModel {
  model: string;
  dimension: number;
}

/**
 * An announcement lives this long unless its replica renews it (every third of it): the API stops
 * naming a model within this long of the last enrichment replica stopping.
 */
export const EMBEDDING_MODEL_ANNOUNCEMENT_TTL_MS = 30_000;

/** Sets the announcement (with its expiry) and returns the one it replaced, if any was alive. */
export async function announceEmbeddingModel(
  redis: Redis, keys: KeySpace, announced: AnnouncedEmbeddingModel, ttlMs = EMBEDDING_MODEL_ANNOUNCEMENT_TTL_MS,
): Promise<AnnouncedEmbeddingModel | null> {
  const value = JSON.stringify({ model: announced.model, dimension: announced.dimension });
  return parseAnnouncement(await redis.set(keys.embeddingModel, value, 'PX', ttlMs, 'GET'));
}

/** The model announced last, or null when none is alive (no enrichment replica running) or it is unreadable. */
export async function readAnnouncedEmbeddingModel(redis: Redis, keys: KeySpace): Promise<AnnouncedEmbeddingModel | null> {
  return parseAnnouncement(await redis.get(keys.embeddingModel));
}

function parseAnnouncement(raw: string | null): AnnouncedEmbeddingModel | null {
  if (raw === null) return null;
  try {
    const { model, dimension } = JSON.parse(raw) as Partial<AnnouncedEmbeddingModel>;
    return typeof model === 'string' && model && Number.isInteger(dimension) && dimension! > 0 ? { model, dimension: dimension! } : null;
  } catch {
    return null;
  }
}
