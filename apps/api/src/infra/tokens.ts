import { PartitionRef, StageDefinition, StageStatus } from '@cg/domain';
import type { AnnouncedEmbeddingModel } from '@cg/redis';

/** Injection tokens of the ports the use cases depend on; adapters are bound in `InfraModule`. */
export const API_CONFIG = Symbol('API_CONFIG');
export const CLOCK = Symbol('CLOCK');
export const LOGGER = Symbol('LOGGER');
export const REDIS = Symbol('REDIS');
export const EVENT_LEDGER = Symbol('EVENT_LEDGER');
export const SESSION_DIRECTORY = Symbol('SESSION_DIRECTORY');
export const PARTITION_REGISTRY = Symbol('PARTITION_REGISTRY');
export const GRAPH_STORE = Symbol('GRAPH_STORE');
export const STAGE_STATUS_READER = Symbol('STAGE_STATUS_READER');
export const SCRIPTS_CHECK = Symbol('SCRIPTS_CHECK');
export const EMBEDDING_MODEL_READER = Symbol('EMBEDDING_MODEL_READER');
/** What every ranked, paged read shares: snapshots, clock, scoring, ids, settings (`RankedReadDeps`). */
export const RANKED_READ_DEPS = Symbol('RANKED_READ_DEPS');

/** Which partition of a tenant a session lives in; null for a session never written. */
export interface SessionDirectory {
  sessionScope(tenant: string, sessionId: string): Promise<PartitionRef | null>;
}

/** Where writers announce a partition before its first write, so workers find its streams. */
export interface PartitionDirectory {
  register(scope: PartitionRef): Promise<void>;
}

/** One stage's status; with `countUpTo`, counting stops once lag + pending passes it (lag is then a lower bound). */
export type StageStatusReader = (scope: PartitionRef, stage: StageDefinition, options?: { countUpTo?: number }) => Promise<StageStatus>;

/** True once the ledger's server-side scripts are loaded (a readiness condition). */
export type ScriptsCheck = () => Promise<boolean>;

/** The embedding model the enrichment replicas announce (they embed the queries); null when none is running. */
export type EmbeddingModelReader = () => Promise<AnnouncedEmbeddingModel | null>;
