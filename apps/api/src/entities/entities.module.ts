import { Module } from '@nestjs/common';
import { EntitiesController } from './entities.controller';
import { entityReaderProvider } from './entity-reader.provider';
import { GetEntity } from './get-entity.use-case';

@Module({ controllers: [EntitiesController], providers: [entityReaderProvider, GetEntity] })
export class EntitiesModule {}
