import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { AtlasResponse, Clock, GraphStore, SnapshotStore, workingMemory, WorkingMemoryDeps } from '@cg/domain';
import { JsonLogger } from '@cg/platform';
import { ApiConfig } from '../config/api-config';
import { API_CONFIG, CLOCK, GRAPH_STORE, LOGGER, SESSION_DIRECTORY, SessionDirectory, SNAPSHOT_STORE } from '../infra/tokens';

export interface WorkingMemoryCommand {
  tenant: string;
  sessionId: string;
  maxNodes: number;
  maxDepth: number;
  cursor?: string;
}

type ContextSettings = Pick<ApiConfig, 'scoring' | 'cursorTtlMs' | 'accessBumpIntervalMs'>;

/** `GET /v1/context`: the domain's working memory over the partition the session lives in. */
@Injectable()
export class GetWorkingMemory {
  private readonly deps: WorkingMemoryDeps;

  constructor(
    @Inject(SESSION_DIRECTORY) private readonly sessions: SessionDirectory,
    @Inject(GRAPH_STORE) graph: GraphStore,
    @Inject(SNAPSHOT_STORE) snapshots: SnapshotStore,
    @Inject(CLOCK) clock: Clock,
    @Inject(API_CONFIG) config: ContextSettings,
    @Inject(LOGGER) logger: JsonLogger,
  ) {
    this.deps = {
      graph,
      snapshots,
      clock,
      scoring: config.scoring,
      snapshotTtlMs: config.cursorTtlMs,
      accessBumpIntervalMs: config.accessBumpIntervalMs,
      newId: randomUUID,
      onBackgroundError: (error) => logger.warn('access bump failed; the read was answered without it', { error }),
    };
  }

  async execute(command: WorkingMemoryCommand): Promise<AtlasResponse> {
    const scope = await this.sessions.sessionScope(command.tenant, command.sessionId);
    return workingMemory(this.deps, scope, {
      sessionId: command.sessionId,
      maxNodes: command.maxNodes,
      maxDepth: command.maxDepth,
      cursor: command.cursor,
    });
  }
}
