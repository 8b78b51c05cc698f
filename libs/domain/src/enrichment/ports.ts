import { PartitionRef } from '../scoping/partition';
import { EdgeProperties, GraphEdge } from '../graph/model';

/** One agent scope of one partition: what enrichment reads and writes are bounded by. */
export interface AgentScope extends PartitionRef {
  agentId: string;
}

/** Turns texts into unit-length vectors of one model (SPEC §9). */
export interface Embedder {
  /** Names the model; vectors of different models are never compared. */
  readonly model: string;
  readonly dimension: number;
  embed(texts: string[]): Promise<Float32Array[]>;
}

export const ENTITY_TYPES = ['person', 'place', 'organization', 'topic'] as const;
export type EntityType = (typeof ENTITY_TYPES)[number];

export interface ExtractedEntity {
  /** The name as written in the text. */
  name: string;
  type: EntityType;
}

export interface TextAnalysis {
  entities: ExtractedEntity[];
  /** Salient terms and noun phrases, most salient first, capped. */
  keywords: string[];
}

/** Finds entities and keywords in text, and the terms it is indexed and searched under (a compromise-based adapter in libs/nlp). */
export interface TextAnalyzer {
  analyze(text: string): TextAnalysis;
  /**
   * The lexical terms of a text: `lexicalTerms` (tokens, stop words dropped) normalized to their
   * stems, so "painting", "paints" and "painted" meet. One rule for the index and the query side.
   */
  terms(text: string): string[];
}

export interface ScoredId {
  id: string;
  score: number;
}

/** Nearest neighbours by cosine within one agent scope and one model, at bounded cost. */
export interface VectorIndex {
  add(scope: AgentScope, model: string, id: string, vector: Float32Array): Promise<void>;
  /** Up to `limit` ids with cosine ≥ `minScore`, best first. */
  nearest(scope: AgentScope, model: string, vector: Float32Array, limit: number, minScore: number): Promise<ScoredId[]>;
  /** Forgets an id's vector (a pruned node); nothing when it has none. */
  remove(scope: AgentScope, model: string, id: string): Promise<void>;
}

/** Term search (BM25) over an agent scope's texts and keywords. */
export interface LexicalIndex {
  add(scope: AgentScope, id: string, terms: string[]): Promise<void>;
  search(scope: AgentScope, terms: string[], limit: number): Promise<ScoredId[]>;
  /** Forgets a document (a pruned node); nothing when it is not indexed. */
  remove(scope: AgentScope, id: string): Promise<void>;
}

/** An Entity node of an agent scope (SPEC §5). */
export interface EntityNode {
  id: string;
  node_type: 'Entity';
  entity_type: EntityType;
  /** The first spelling seen. */
  name: string;
  agent_id: string;
}

/** What Stage 2 derives for one event; written to the graph only, never to the ledger. */
export interface EventEnrichment {
  eventId: string;
  keywords: string[];
  /** Ids of the entities the event references. */
  entities: string[];
  embeddingModel: string;
  importanceScore: number;
}

/**
 * What Stage 2 derives from a Summary node's text. No importance: consolidation set it (the most
 * important source's), and no similarity edges.
 */
export interface SummaryEnrichment {
  summaryId: string;
  /** The `sources_digest` of the summary whose text was read: nothing is written once it was rewritten. */
  digest: string;
  keywords: string[];
  /** Ids of the entities the text references: its REFERENCES edges become exactly these. */
  entities: string[];
  /** Properties of each REFERENCES edge. */
  references: EdgeProperties;
  embeddingModel: string;
}

/** The graph writes of Stage 2, each idempotent. */
export interface EnrichmentStore {
  /** Entity ids already known in the scope under a normalized alias (resolution tier 2). */
  entityByAlias(scope: AgentScope, alias: string): Promise<string | null>;
  /** Creates the entity if missing (first spelling wins) and records the alias. */
  upsertEntity(scope: AgentScope, entity: EntityNode, aliases: string[]): Promise<void>;
  saveEnrichment(scope: AgentScope, enrichment: EventEnrichment): Promise<void>;
  /**
   * Derived attributes on a Summary node of the scope and its REFERENCES edges (replacing those of
   * an earlier text); false when the node is gone, another scope's, or holds another text by now.
   */
  saveSummaryEnrichment(scope: AgentScope, enrichment: SummaryEnrichment): Promise<boolean>;
  /** Adds edges (REFERENCES, SAME_AS, SIMILAR_TO); an edge already there is overwritten, never doubled. */
  addEdges(scope: AgentScope, edges: GraphEdge[]): Promise<void>;
}
