import { Inject, Injectable } from '@nestjs/common';
import { allPartitions, isDrained, STAGES, StageStatus } from '@cg/domain';
import { ApiConfig } from '../config/api-config';
import { API_CONFIG, STAGE_STATUS_READER, StageStatusReader } from '../infra/tokens';

export interface PipelineStatusView {
  drained: boolean;
  stages: StageStatus[];
}

/** `GET /v1/admin/pipeline`: every stage of every partition of the caller's tenant (SPEC §7). */
@Injectable()
export class PipelineStatus {
  constructor(
    @Inject(STAGE_STATUS_READER) private readonly readStage: StageStatusReader,
    @Inject(API_CONFIG) private readonly config: Pick<ApiConfig, 'partitions'>,
  ) {}

  async execute(tenant: string): Promise<PipelineStatusView> {
    const scopes = allPartitions(tenant, this.config.partitions);
    const stages = await Promise.all(scopes.flatMap((scope) => STAGES.map((stage) => this.readStage(scope, stage))));
    return { drained: isDrained(stages), stages };
  }
}
