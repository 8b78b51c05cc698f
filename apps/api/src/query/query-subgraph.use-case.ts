import { Inject, Injectable } from '@nestjs/common';
import { AtlasResponse, partitionOf, querySubgraph, RankedReadDeps, SubgraphDeps, SubgraphPorts } from '@cg/domain';
import { ApiConfig } from '../config/api-config';
import { API_CONFIG, RANKED_READ_DEPS } from '../infra/tokens';
import { RETRIEVAL_PORTS } from './retrieval-ports.provider';
import { SubgraphDto } from './subgraph.dto';

/** `POST /v1/query/subgraph`: the domain's retrieval over the caller's tenant and the asked agent scope. */
@Injectable()
export class QuerySubgraph {
  private readonly deps: SubgraphDeps;

  constructor(
    @Inject(RETRIEVAL_PORTS) ports: SubgraphPorts,
    @Inject(RANKED_READ_DEPS) reads: RankedReadDeps,
    @Inject(API_CONFIG) private readonly config: Pick<ApiConfig, 'partitions'>,
  ) {
    this.deps = { ...reads, ports };
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
