import { Inject, Injectable } from '@nestjs/common';
import { AtlasResponse, LineageDeps, LineagePorts, nodeLineage, RankedReadDeps } from '@cg/domain';
import { ApiConfig } from '../config/api-config';
import { API_CONFIG, RANKED_READ_DEPS } from '../infra/tokens';
import { LINEAGE_PORTS } from './lineage-ports.provider';
import { LineageQuery } from './lineage.query';

/** `GET /v1/nodes/{node_id}/lineage`: the domain's lineage read within the caller's tenant. */
@Injectable()
export class NodeLineage {
  private readonly deps: LineageDeps;

  constructor(
    @Inject(LINEAGE_PORTS) ports: LineagePorts,
    @Inject(RANKED_READ_DEPS) reads: RankedReadDeps,
    @Inject(API_CONFIG) config: Pick<ApiConfig, 'partitions'>,
  ) {
    this.deps = { ...reads, ports, partitions: config.partitions };
  }

  execute(tenant: string, nodeId: string, query: LineageQuery): Promise<AtlasResponse> {
    return nodeLineage(this.deps, tenant, {
      nodeId,
      agentId: query.agent_id,
      intent: query.intent,
      maxDepth: query.max_depth,
      maxNodes: query.max_nodes,
      cursor: query.cursor,
    });
  }
}
