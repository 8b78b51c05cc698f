import { Body, Controller, Get, HttpCode, Inject, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { DomainError, EventLedger, StoredEvent } from '@cg/domain';
import { Tenant } from '../auth/tenant.decorator';
import { ApiErrors } from '../http/api-errors';
import { BatchBodyLimit } from '../http/body-parsing';
import { InputPipe, RequiredBodyPipe } from '../http/input-validation';
import { EVENT_LEDGER } from '../infra/tokens';
import { BatchDto } from './batch.dto';
import { EventIdParams } from './event-id.params';
import { EventDto } from './event.dto';
import { EventValidator } from './event-validator';
import { BatchOutcome, IngestedEvent, IngestEvents } from './ingest-events.use-case';
import { BatchResultDoc, IngestResultDoc } from './ingest-results.doc';

@ApiTags('events')
@ApiBearerAuth()
@Controller('v1/events')
export class EventsController {
  constructor(
    private readonly validator: EventValidator,
    private readonly ingest: IngestEvents,
    @Inject(EVENT_LEDGER) private readonly ledger: EventLedger,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Ingest one event: 201 when new, 200 for a repeat (same position)' })
  @ApiBody({ type: EventDto })
  @ApiCreatedResponse({ type: IngestResultDoc, description: 'A new event, appended' })
  @ApiOkResponse({ type: IngestResultDoc, description: 'A repeat of an event already stored' })
  @ApiErrors(400, 401, 409, 413, 415, 422, 429, 503)
  async ingestOne(@Tenant() tenant: string, @Body(RequiredBodyPipe) body: unknown, @Res({ passthrough: true }) reply: FastifyReply): Promise<IngestedEvent> {
    const result = await this.ingest.one(tenant, this.validator.one(body));
    reply.status(result.status === 'accepted' ? 201 : 200);
    return result;
  }

  @Post('batch')
  @HttpCode(200)
  @BatchBodyLimit()
  @ApiOperation({ summary: 'Ingest up to 1,000 events; validated as a whole, then each written on its own' })
  @ApiBody({ type: BatchDto })
  @ApiOkResponse({ type: BatchResultDoc })
  @ApiErrors(400, 401, 413, 415, 422, 429, 503)
  ingestBatch(@Tenant() tenant: string, @Body(RequiredBodyPipe) body: unknown): Promise<BatchOutcome> {
    return this.ingest.batch({ tenant, events: this.validator.batch(body) });
  }

  @Get(':event_id')
  @ApiOperation({ summary: 'The stored event, fields as ingested, plus global_position and ingested_at' })
  @ApiErrors(401, 404, 422, 429, 503)
  async get(@Tenant() tenant: string, @Param(InputPipe) params: EventIdParams): Promise<StoredEvent> {
    const event = await this.ledger.get(tenant, params.event_id);
    if (!event) throw new DomainError('not_found', `event ${params.event_id.toLowerCase()} not found`);
    return event;
  }
}
