import { Module } from '@nestjs/common';
import { ContextController } from './context.controller';
import { GetWorkingMemory } from './working-memory.use-case';

@Module({ controllers: [ContextController], providers: [GetWorkingMemory] })
export class ContextModule {}
