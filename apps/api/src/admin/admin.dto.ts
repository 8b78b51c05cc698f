import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { EVENT_RULES } from '@cg/domain';
import { IfPresent } from '../http/input-validation';

/** `POST /v1/admin/reconsolidate`: one agent scope of the caller's tenant, or (no `agent_id`) all of them. */
export class ReconsolidateDto {
  @ApiPropertyOptional({ pattern: EVENT_RULES.scopeId.source, description: 'The agent scope to consolidate; absent: every agent scope of the tenant.' })
  @IfPresent() @Matches(EVENT_RULES.scopeId, { message: 'must be 1–256 characters of [A-Za-z0-9._:@/-]' })
  agent_id?: string;
}

class ScopeReconsolidationDoc {
  @ApiProperty() tenant!: string;
  @ApiProperty() partition!: number;
  @ApiProperty() agent_id!: string;
  @ApiProperty({ enum: ['done', 'locked', 'lock-lost', 'failed'], description: 'locked: another replica was consolidating the scope; lock-lost: its lease ran out mid-pass; failed: see error' })
  outcome!: string;
  @ApiPropertyOptional({ description: 'Sessions consolidated' }) sessions?: number;
  @ApiPropertyOptional({ description: 'Summaries written (new or changed)' }) written?: number;
  @ApiPropertyOptional({ description: 'Summaries whose input had not changed: nothing rewritten' }) unchanged?: number;
  @ApiPropertyOptional({ description: 'Present when the pass failed' }) error?: string;
}

/** The answer of `POST /v1/admin/reconsolidate`: what the pass did, per agent scope (plus whatever else the pass reports). */
export class ReconsolidateResultDoc {
  @ApiProperty({ type: [ScopeReconsolidationDoc] }) scopes!: ScopeReconsolidationDoc[];
}

/** The answer of `POST /v1/admin/replay`, given once every event is projected again (enrichment and consolidation catch up after). */
export class ReplayResultDoc {
  @ApiProperty({ description: 'Partitions of the tenant replayed' }) partitions!: number;
  @ApiProperty({ description: 'Retained events projected again, in global_position order' }) events_replayed!: number;
  @ApiProperty({ description: 'Derived keys wiped (graph, vector and lexical indexes, consolidation state, snapshots)' }) keys_deleted!: number;
  @ApiProperty({ description: 'Summaries covering events past the retention ceiling (nothing to rebuild them from): kept as they were' }) summaries_kept!: number;
}
