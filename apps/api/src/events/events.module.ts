import { Module } from '@nestjs/common';
import { EventValidator } from './event-validator';
import { EventsController } from './events.controller';
import { IngestEvents } from './ingest-events.use-case';

@Module({ controllers: [EventsController], providers: [EventValidator, IngestEvents] })
export class EventsModule {}
