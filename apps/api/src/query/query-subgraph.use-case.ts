import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { AtlasResponse, Clock, partitionOf, querySubgraph, SnapshotStore, SubgraphDeps, SubgraphPorts } from '@cg/domain';
import { JsonLogger } from '@cg/platform';
import { ApiConfig } from '../config/api-config';
import { API_CONFIG, CLOCK, LOGGER, SNAPSHOT_STORE } from '../infra/tokens';
import { RETRIEVAL_PORTS } from './retrieval-ports.provider';
import { SubgraphDto } from './subgraph.dto';

type RetrievalSettings = Pick<ApiConfig, 'scoring' | 'cursorTtlMs' | 'accessBumpIntervalMs' | 'partitions' | 'retrievalStepDelayMs'>;

/** `POST /v1/query/subgraph`: the domain's retrieval over the caller's tenant and the asked agent scope. */
@Injectable()
export class QuerySubgraph {
  private readonly deps: SubgraphDeps;

  constructor(
    @Inject(RETRIEVAL_PORTS) ports: SubgraphPorts,
    @Inject(SNAPSHOT_STORE) snapshots: SnapshotStore,
    @Inject(CLOCK) clock: Clock,
    @Inject(API_CONFIG) private readonly config: RetrievalSettings,
    @Inject(LOGGER) logger: JsonLogger,
  ) {
    this.deps = {
      ports,
      snapshots,
      clock,
      scoring: config.scoring,
      snapshotTtlMs: config.cursorTtlMs,
      accessBumpIntervalMs: config.accessBumpIntervalMs,
      newId: randomUUID,
      onBackgroundError: (error) => logger.warn('access bump failed; the query was answered without it', { error }),
      beforeExpand: config.retrievalStepDelayMs > 0 ? () => new Promise((r) => setTimeout(r, config.retrievalStepDelayMs)) : undefined,
    };
  }

  execute(tenant: string, dto: SubgraphDto): Promise<AtlasResponse> {
    const scope = { tenant, partition: partitionOf(dto.agent_id, this.config.partitions), agentId: dto.agent_id };
    return querySubgraph(this.deps, scope, {
      query: dto.query,
      sessionId: dto.session_id,
      maxNodes: dto.max_nodes,
      maxDepth: dto.max_depth,
      timeoutMs: dto.timeout_ms,
      intent: dto.intent,
      seedNodes: dto.seed_nodes,
      cursor: dto.cursor,
    });
  }
}
