import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { AtlasResponse, Clock, LineageDeps, LineagePorts, nodeLineage, SnapshotStore } from '@cg/domain';
import { ApiConfig } from '../config/api-config';
import { API_CONFIG, CLOCK, SNAPSHOT_STORE } from '../infra/tokens';
import { LINEAGE_PORTS } from './lineage-ports.provider';
import { LineageQuery } from './lineage.query';

type LineageSettings = Pick<ApiConfig, 'scoring' | 'cursorTtlMs' | 'partitions' | 'retrievalStepDelayMs'>;

/** `GET /v1/nodes/{node_id}/lineage`: the domain's lineage read within the caller's tenant. */
@Injectable()
export class NodeLineage {
  private readonly deps: LineageDeps;

  constructor(
    @Inject(LINEAGE_PORTS) ports: LineagePorts,
    @Inject(SNAPSHOT_STORE) snapshots: SnapshotStore,
    @Inject(CLOCK) clock: Clock,
    @Inject(API_CONFIG) config: LineageSettings,
  ) {
    this.deps = {
      ports,
      snapshots,
      clock,
      scoring: config.scoring,
      partitions: config.partitions,
      snapshotTtlMs: config.cursorTtlMs,
      newId: randomUUID,
      beforeExpand: config.retrievalStepDelayMs > 0 ? () => new Promise((r) => setTimeout(r, config.retrievalStepDelayMs)) : undefined,
    };
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
