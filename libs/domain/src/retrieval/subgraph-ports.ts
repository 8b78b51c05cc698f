import { AgentScope, LexicalIndex, TextAnalyzer } from '../enrichment/ports';
import { Intent } from './intents';
import { ScopedPagePorts } from './scoped-page';

export interface SubgraphRequest {
  query: string;
  sessionId: string;
  maxNodes: number;
  maxDepth: number;
  timeoutMs: number;
  intent?: Intent;
  seedNodes?: string[];
  cursor?: string;
}

/** The reads retrieval needs of one agent scope; every adapter answers within that scope only. */
export interface SubgraphPorts extends ScopedPagePorts {
  analyzer: TextAnalyzer;
  entityByAlias(scope: AgentScope, alias: string): Promise<string | null>;
  /** How many events reference each entity, and how many events the scope holds. */
  referenceCounts(scope: AgentScope, entityIds: string[]): Promise<{ references: number[]; events: number }>;
  /** The query's vector from the enrichment service (same model as stored vectors); throws when none answers in time. */
  embedQuery(text: string): Promise<{ model: string; vector: number[] }>;
  nearest(scope: AgentScope, model: string, vector: Float32Array, limit: number, minScore: number): Promise<{ id: string; score: number }[]>;
  vectorsOf(scope: AgentScope, model: string, ids: string[]): Promise<Map<string, Float32Array>>;
  lexical: LexicalIndex;
  bumpAccess(scope: AgentScope, ids: string[], now: number, minIntervalMs: number): Promise<void>;
}
