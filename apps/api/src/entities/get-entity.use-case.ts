import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { AtlasResponse, Clock, EntityReadDeps, EntityReader, partitionOf, readEntity } from '@cg/domain';
import { ApiConfig } from '../config/api-config';
import { API_CONFIG, CLOCK } from '../infra/tokens';
import { ENTITY_READER } from './entity-reader.provider';

export interface GetEntityCommand {
  tenant: string;
  agentId: string;
  entityId: string;
  limit: number;
  cursor?: string;
}

/** `GET /v1/entities/{entity_id}`: the domain's entity read, in the caller's tenant and the agent's partition. */
@Injectable()
export class GetEntity {
  private readonly deps: EntityReadDeps;

  constructor(
    @Inject(ENTITY_READER) entities: EntityReader,
    @Inject(CLOCK) clock: Clock,
    @Inject(API_CONFIG) private readonly config: Pick<ApiConfig, 'scoring' | 'partitions'>,
  ) {
    this.deps = { entities, clock, scoring: config.scoring, newId: randomUUID };
  }

  execute(command: GetEntityCommand): Promise<AtlasResponse> {
    const scope = { tenant: command.tenant, partition: partitionOf(command.agentId, this.config.partitions), agentId: command.agentId };
    return readEntity(this.deps, scope, { entityId: command.entityId, limit: command.limit, cursor: command.cursor });
  }
}
