import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { EventLedger, StoredEvent } from '@cg/domain';
import { Tenant } from '../auth/tenant.decorator';
import { ApiErrors } from '../http/api-errors';
import { InputPipe } from '../http/input-validation';
import { EVENT_LEDGER } from '../infra/tokens';
import { SessionEventsQuery } from './session-events.query';
import { SessionIdParams } from './session-id.params';

export interface SessionEventsPage {
  events: StoredEvent[];
  pagination: { cursor: string | null; has_more: boolean };
}

@ApiTags('sessions')
@ApiBearerAuth()
@Controller('v1/sessions')
export class SessionsController {
  constructor(@Inject(EVENT_LEDGER) private readonly ledger: EventLedger) {}

  @Get(':session_id/events')
  @ApiOperation({ summary: 'A session\'s events from the ledger, by occurred_at then position; an unknown session is empty' })
  @ApiErrors(401, 422, 429, 503)
  async events(@Tenant() tenant: string, @Param(InputPipe) params: SessionIdParams, @Query(InputPipe) query: SessionEventsQuery): Promise<SessionEventsPage> {
    const page = await this.ledger.sessionEvents(tenant, params.session_id, query.limit, query.cursor);
    return { events: page.events, pagination: { cursor: page.next, has_more: page.next !== null } };
  }
}
