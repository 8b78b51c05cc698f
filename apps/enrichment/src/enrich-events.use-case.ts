import {
  AgentScope, Embedder, EnrichmentStore, ENRICHED_STREAM, entityAliasIds, EventNode, eventEmbeddingText, ExtractedEntity,
  GraphEdge, GraphStore, importanceOf, isEventNode, isSummaryId, isSummaryNode, LexicalIndex, PartitionRef, resolveEntity,
  ScoredId, similarEdge, StageOutput, StoredSummary, summaryEmbeddingText, TextAnalysis, TextAnalyzer, VectorIndex,
} from '@cg/domain';

export interface EnrichmentSettings {
  /** Cosine from which two events of one agent scope get a SIMILAR_TO edge. */
  similarityThreshold: number;
  /** At most this many SIMILAR_TO edges are made per event. */
  similarLimit: number;
  /** Cosine from which a new entity name resolves to an existing entity (tier 3). */
  entitySimilarityThreshold: number;
}

export interface EnrichmentResult {
  /** Ids enriched (again, if they were before) and handed to the next stage: events and summaries. */
  enriched: string[];
  /**
   * Ids with no Event or Summary node (not projected, pruned, a summary consolidation dropped), or a
   * summary rewritten while it was enriched (its rewrite is enqueued again): nothing enriched.
   */
  missing: string[];
}

/** Confidence of a REFERENCES edge found by the extractor (it gives no score of its own). */
const MENTION_CONFIDENCE = 0.8;
const MENTION = { role: 'mention', confidence: MENTION_CONFIDENCE };
/**
 * Extra neighbours asked of the vector index per event: summaries share it (and resemble the events
 * they cover), but never get SIMILAR_TO, so the slots they take are made up for.
 */
const SUMMARY_NEIGHBOUR_SLACK = 3;

/**
 * Stage 2 (SPEC §5, §9): Event nodes → keywords, entities (resolved in three tiers), a vector,
 * importance, REFERENCES / SAME_AS / SIMILAR_TO edges, the lexical and vector indexes → the enriched
 * stream. Every write is idempotent, so a redelivered id changes nothing. Each event joins the vector
 * index before it is searched for neighbours, so of two similar events enriched at once (even by two
 * replicas) at least one finds the other.
 *
 * Summary ids (consolidation enqueues each summary it writes or rewrites) get the same from their
 * text — keywords, entities with REFERENCES, a vector of the same model, the lexical index — but
 * keep the importance consolidation gave them and get no SIMILAR_TO.
 */
export class EnrichEventsUseCase {
  constructor(
    private readonly graph: Pick<GraphStore, 'eventNodes' | 'nodes'>,
    private readonly analyzer: TextAnalyzer,
    private readonly embedder: Embedder,
    private readonly store: EnrichmentStore,
    private readonly vectors: VectorIndex,
    private readonly lexical: LexicalIndex,
    private readonly output: StageOutput,
    private readonly settings: EnrichmentSettings,
  ) {}

  async execute(scope: PartitionRef, eventIds: string[]): Promise<EnrichmentResult> {
    const ids = [...new Set(eventIds)];
    const found = await this.graph.nodes(scope, ids);
    const nodes = found.filter(isEventNode);
    const summaries = found.filter(isSummaryNode);
    const texts = nodes.map((node) => eventEmbeddingText(node));
    const summaryTexts = summaries.map((summary) => summaryEmbeddingText(summary));
    // Entities and keywords come from what was said (the payload text), not from the event type.
    const analyses = nodes.map((node) => this.analyzer.analyze(node.text ?? ''));
    const embedded = await this.embedder.embed([...texts, ...summaryTexts]);
    const vectors = embedded.slice(0, nodes.length);
    const model = this.embedder.model;

    for (const [i, node] of nodes.entries()) {
      const agent: AgentScope = { ...scope, agentId: node.agent_id };
      await this.vectors.add(agent, model, node.id, vectors[i]);
      await this.enrichOne(agent, node, analyses[i], texts[i]);
    }
    const saved = new Set<string>();
    for (const [i, summary] of summaries.entries()) {
      if (await this.enrichSummary({ ...scope, agentId: summary.agent_id }, summary, summaryTexts[i], embedded[nodes.length + i])) saved.add(summary.id);
    }
    for (const [i, node] of nodes.entries()) {
      await this.linkSimilar({ ...scope, agentId: node.agent_id }, node, vectors[i], nodes);
    }
    const enriched = found.filter((n) => isEventNode(n) || saved.has(n.id)).map((n) => n.id);
    await this.output.append(scope, ENRICHED_STREAM, enriched);
    const done = new Set(enriched);
    return { enriched, missing: ids.filter((id) => !done.has(id)) };
  }

  /**
   * A summary's keywords, entities (REFERENCES replacing those of an earlier text), vector and lexical
   * document — its importance stays consolidation's. The node is written first and only while it
   * holds the text read here, so a summary rewritten or dropped meanwhile gets no stale index entries;
   * false then.
   */
  private async enrichSummary(agent: AgentScope, summary: StoredSummary, text: string, vector: Float32Array): Promise<boolean> {
    const analysis = this.analyzer.analyze(text);
    const resolved = await this.resolveEntities(agent, analysis.entities);
    const saved = await this.store.saveSummaryEnrichment(agent, {
      summaryId: summary.id,
      digest: summary.sources_digest,
      keywords: analysis.keywords,
      entities: [...new Set(resolved.map((r) => r.id))],
      references: MENTION,
      embeddingModel: this.embedder.model,
    });
    if (!saved) return false;
    await this.store.addEdges(agent, resolved.flatMap((r) => r.edges));
    await this.vectors.add(agent, this.embedder.model, summary.id, vector);
    await this.lexical.add(agent, summary.id, this.indexTerms(text, analysis));
    return true;
  }

  private async enrichOne(agent: AgentScope, node: EventNode, analysis: TextAnalysis, text: string): Promise<void> {
    const resolved = await this.resolveEntities(agent, analysis.entities);
    const entityIds = [...new Set(resolved.map((r) => r.id))];
    await this.store.saveEnrichment(agent, {
      eventId: node.id,
      keywords: analysis.keywords,
      entities: entityIds,
      embeddingModel: this.embedder.model,
      importanceScore: importanceOf(node, { entityCount: entityIds.length, text }),
    });
    const references: GraphEdge[] = entityIds.map((id) => ({ source: node.id, target: id, edge_type: 'REFERENCES', properties: MENTION }));
    await this.store.addEdges(agent, [...references, ...resolved.flatMap((r) => r.edges)]);
    await this.lexical.add(agent, node.id, this.indexTerms(text, analysis));
  }

  /** What a text is found under: its terms, and its keywords' once more (salient words weigh more). */
  private indexTerms(text: string, analysis: TextAnalysis): string[] {
    return [...this.analyzer.terms(text), ...analysis.keywords.flatMap((keyword) => this.analyzer.terms(keyword))];
  }

  /** Entities in three tiers: exact id → folded alias → name-vector similarity → new (SPEC §9). */
  private async resolveEntities(agent: AgentScope, entities: ExtractedEntity[]): Promise<{ id: string; edges: GraphEdge[] }[]> {
    const named = entities.filter((e) => entityAliasIds(e.type, e.name).length > 0);
    const nameVectors = named.length ? await this.embedder.embed(named.map((e) => e.name)) : [];
    const resolved: { id: string; edges: GraphEdge[] }[] = [];
    for (const [i, entity] of named.entries()) {
      resolved.push(await this.resolveEntity(agent, entity, nameVectors[i]));
    }
    return resolved;
  }

  private async resolveEntity(agent: AgentScope, entity: ExtractedEntity, nameVector: Float32Array): Promise<{ id: string; edges: GraphEdge[] }> {
    const known = new Map<string, string>();
    for (const alias of entityAliasIds(entity.type, entity.name)) {
      const id = await this.store.entityByAlias(agent, alias);
      if (id) known.set(alias, id);
    }
    const namesIndex = `${this.embedder.model}:entity-names:${entity.type}`;
    const candidates: ScoredId[] = known.size ? [] : await this.vectors.nearest(agent, namesIndex, nameVector, 3, this.settings.entitySimilarityThreshold);
    const resolution = resolveEntity({ type: entity.type, name: entity.name, known, candidates, threshold: this.settings.entitySimilarityThreshold });
    const node = (id: string) => ({ id, node_type: 'Entity' as const, entity_type: entity.type, name: entity.name, agent_id: agent.agentId });
    if (resolution.newNodeId && resolution.newNodeId !== resolution.id) await this.store.upsertEntity(agent, node(resolution.newNodeId), []);
    await this.store.upsertEntity(agent, node(resolution.id), resolution.newAliases);
    if (resolution.newNodeId) await this.vectors.add(agent, namesIndex, resolution.newNodeId, nameVector);
    return { id: resolution.id, edges: resolution.sameAs ? [resolution.sameAs] : [] };
  }

  private async linkSimilar(agent: AgentScope, node: EventNode, vector: Float32Array, batch: EventNode[]): Promise<void> {
    const { similarityThreshold, similarLimit } = this.settings;
    const neighbours = (await this.vectors.nearest(agent, this.embedder.model, vector, similarLimit + 1 + SUMMARY_NEIGHBOUR_SLACK, similarityThreshold))
      .filter((n) => n.id !== node.id && !isSummaryId(n.id))
      .slice(0, similarLimit);
    if (!neighbours.length) return;
    const known = new Map(batch.map((n) => [n.id, n]));
    const missing = neighbours.filter((n) => !known.has(n.id)).map((n) => n.id);
    for (const other of missing.length ? await this.graph.eventNodes(agent, missing) : []) known.set(other.id, other);
    const edges = neighbours
      .filter((n) => known.has(n.id))
      .map((n) => similarEdge(
        { id: node.id, occurred_ms: node.occurred_ms },
        { id: n.id, occurred_ms: known.get(n.id)!.occurred_ms },
        n.score,
      ));
    await this.store.addEdges(agent, edges);
  }
}
