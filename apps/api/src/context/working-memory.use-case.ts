import { Inject, Injectable } from '@nestjs/common';
import { AtlasResponse, GraphStore, RankedReadDeps, workingMemory } from '@cg/domain';
import { GRAPH_STORE, RANKED_READ_DEPS, SESSION_DIRECTORY, SessionDirectory } from '../infra/tokens';

export interface WorkingMemoryCommand {
  tenant: string;
  sessionId: string;
  maxNodes: number;
  maxDepth: number;
  cursor?: string;
}

/** `GET /v1/context`: the domain's working memory over the partition the session lives in. */
@Injectable()
export class GetWorkingMemory {
  constructor(
    @Inject(SESSION_DIRECTORY) private readonly sessions: SessionDirectory,
    @Inject(GRAPH_STORE) private readonly graph: GraphStore,
    @Inject(RANKED_READ_DEPS) private readonly reads: RankedReadDeps,
  ) {}

  async execute(command: WorkingMemoryCommand): Promise<AtlasResponse> {
    const scope = await this.sessions.sessionScope(command.tenant, command.sessionId);
    return workingMemory({ ...this.reads, graph: this.graph }, scope, {
      sessionId: command.sessionId,
      maxNodes: command.maxNodes,
      maxDepth: command.maxDepth,
      cursor: command.cursor,
    });
  }
}
